package dev.tidemark.provider;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * How API calls treat redirects. OkHttp on its own follows a redirect to any host, carrying every
 * header but {@code Authorization} ({@code x-api-key} and a provider's custom headers included) and,
 * for 307/308, the whole request body; and it follows https to plain http. An API call here
 * follows a redirect only within the request's own origin (same scheme, host and port, so never
 * from https to http) and refuses any other: the call fails with a {@link RefusedRedirect}, and
 * nothing at all is sent to the other address.
 */
public final class Redirects {

    /** The longest chain of same-origin redirects followed. */
    static final int MAX_HOPS = 5;

    private Redirects() {
    }

    /** A redirect Tidemark will not follow; the message reads after the service's name. */
    public static final class RefusedRedirect extends IOException {
        RefusedRedirect(String message) {
            super(message);
        }
    }

    /** A call in flight, through whichever hop it has reached. */
    public static final class FollowingCall implements Cancellable {
        private volatile Call current;
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
            Call call = current;
            if (call != null) {
                call.cancel();
            }
        }
    }

    /**
     * Enqueues {@code request} on a client that follows no redirect by itself; a same-origin
     * redirect is followed here with the same request (method, headers, body), any other ends the
     * call in {@link Callback#onFailure} with a {@link RefusedRedirect}.
     */
    public static FollowingCall enqueue(OkHttpClient client, Request request, Callback callback) {
        OkHttpClient direct = client.followRedirects() || client.followSslRedirects()
                ? client.newBuilder().followRedirects(false).followSslRedirects(false).build()
                : client;
        FollowingCall call = new FollowingCall();
        hop(direct, request, callback, call, 0);
        return call;
    }

    private static void hop(OkHttpClient client, Request request, Callback callback, FollowingCall following,
                            int hops) {
        Call call = client.newCall(request);
        following.current = call;
        if (following.cancelled) {
            call.cancel();
        }
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                callback.onFailure(c, e);
            }

            @Override
            public void onResponse(Call c, Response response) throws IOException {
                HttpUrl target = response.isRedirect() ? target(response) : null;
                if (target == null) {
                    callback.onResponse(c, response); // not a redirect, or one without a usable Location
                    return;
                }
                response.close();
                String refusal = refusal(request.url(), target, hops);
                if (refusal != null) {
                    callback.onFailure(c, new RefusedRedirect(refusal));
                } else {
                    hop(client, request.newBuilder().url(target).build(), callback, following, hops + 1);
                }
            }
        });
    }

    private static HttpUrl target(Response response) {
        String location = response.header("Location");
        return location == null ? null : response.request().url().resolve(location);
    }

    /** Why a redirect from {@code from} to {@code to} is not followed, or null when it is. */
    static String refusal(HttpUrl from, HttpUrl to, int hopsSoFar) {
        if (from.isHttps() && !to.isHttps()) {
            return "redirected the request from https to plain http (" + origin(to) + "). Tidemark does not follow"
                    + " that, so that your key and your message are never sent unencrypted. Check the base URL.";
        }
        if (!sameOrigin(from, to)) {
            return "redirected the request to another address (" + origin(to) + "). Tidemark does not follow"
                    + " that, so that your key and your message go only where you configured. Check the base URL.";
        }
        if (hopsSoFar >= MAX_HOPS) {
            return "redirected the request more than " + MAX_HOPS + " times. Check the base URL.";
        }
        return null;
    }

    static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
    }

    private static String origin(HttpUrl url) {
        return url.scheme() + "://" + url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? ""
                : ":" + url.port());
    }
}
