package dev.tidemark.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Turns HTTP and transport failures into one sentence a user can act on. Never shows the key. */
public final class HttpErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpErrors() {
    }

    /** A non-2xx answer: what the service said, plus what to do about it. */
    public static String fromResponse(String service, Response response, String apiKey) {
        int code = response.code();
        String detail = errorDetail(response);
        String advice = switch (code) {
            case 401, 403 -> " Check the API key.";
            case 404 -> " Check the model name and the base URL.";
            case 429 -> " The service is rate limiting; wait a moment and try again.";
            case 529 -> " The service is overloaded; try again in a moment.";
            default -> code >= 500 ? " The service is having trouble; try again later." : "";
        };
        String text = service + " refused the request (HTTP " + code + ")"
                + (detail.isEmpty() ? "." : ": " + detail + (detail.endsWith(".") ? "" : ".")) + advice;
        return Secrets.redact(text, apiKey);
    }

    /**
     * A non-2xx answer to a request that carried files or offered tools: the words of a refusal when
     * the service said the model takes no images or PDFs ({@link MediaRefusals}) or cannot use tools
     * ({@link ToolRefusals}), else as {@link #fromResponse}.
     */
    public static String fromResponse(String service, Response response, String apiKey, MediaRefusals.Sent sent) {
        if (toolRefusal(response, sent)) {
            return Secrets.redact(ToolRefusals.words(service, response.code(), errorDetail(response)), apiKey);
        }
        java.util.Optional<MediaRefusals.Kind> refused = refusal(response, sent);
        if (refused.isEmpty()) {
            return fromResponse(service, response, apiKey);
        }
        return Secrets.redact(MediaRefusals.words(service, sent.model(), refused.get(), response.code(),
                errorDetail(response)), apiKey);
    }

    /** What the model refused, when this answer is a service saying it takes no images or PDFs. */
    static java.util.Optional<MediaRefusals.Kind> refusal(Response response, MediaRefusals.Sent sent) {
        if (!sent.images() && !sent.documents()) {
            return java.util.Optional.empty();
        }
        return sent.refused(response.code(), errorDetail(response));
    }

    /** True when this answer to a request that offered tools says the model cannot use them ({@link ToolRefusals}). */
    static boolean toolRefusal(Response response, MediaRefusals.Sent sent) {
        return sent.tools() && ToolRefusals.refused(response.code(), errorDetail(response));
    }

    /** A failure below HTTP: name resolution, connection, TLS, timeouts, a dropped connection. */
    public static String fromException(String service, Throwable t, boolean responseStarted, String apiKey) {
        String what;
        if (t instanceof Redirects.RefusedRedirect) {
            what = t.getMessage();
        } else if (t instanceof UnknownHostException) {
            what = "could not be found (no such host: " + t.getMessage() + "). Check the base URL and your network.";
        } else if (t instanceof ConnectException) {
            what = "refused the connection. Check that it is running and that the base URL is right.";
        } else if (t instanceof SocketTimeoutException) {
            what = responseStarted ? "stopped sending data (timed out)." : "did not answer in time.";
        } else if (t instanceof SSLException) {
            what = "could not set up a secure connection (" + t.getMessage() + "). Check the base URL and any proxy.";
        } else if (t instanceof InterruptedIOException) {
            what = "was interrupted.";
        } else if (t instanceof IOException) {
            what = responseStarted ? "dropped the connection before the reply finished."
                    : "could not be reached (" + t.getMessage() + ").";
        } else {
            what = "failed (" + (t == null ? "unknown error" : t.getMessage()) + ").";
        }
        return Secrets.redact(service + " " + what, apiKey);
    }

    /** The service's own words from an error body, or "" (reads at most 16 KB, leaves the body unread). */
    static String errorDetail(Response response) {
        try {
            String raw = response.peekBody(16 * 1024).string();
            if (raw.isBlank()) {
                return "";
            }
            try {
                JsonNode node = JSON.readTree(raw);
                JsonNode message = node.path("error").path("message");
                if (message.isTextual()) {
                    return message.asText();
                }
                if (node.path("error").isTextual()) {
                    return node.path("error").asText();
                }
                if (node.path("message").isTextual()) {
                    return node.path("message").asText();
                }
            } catch (IOException notJson) {
                // fall through to the raw text
            }
            String text = raw.stripLeading().startsWith("<") ? raw.replaceAll("<[^>]*>", " ") : raw; // an HTML page
            String oneLine = text.strip().replaceAll("\\s+", " ");
            return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
        } catch (IOException e) {
            return "";
        }
    }
}
