package dev.tidemark.chat;

import okhttp3.OkHttpClient;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The app's one HTTP client, built the first time it is needed. Building it sets up TLS (the trust
 * store's certificates, the security providers; about 200 classes and 10 MB), which a window that
 * only shows history or talks to the offline demo never uses. {@link #prepare} builds it on a
 * background thread ahead of need, so that the FX thread, which builds providers when a message is
 * sent, finds it ready.
 */
public final class LazyHttpClient implements Supplier<OkHttpClient> {

    private final Supplier<OkHttpClient> factory;
    private volatile OkHttpClient client;

    public LazyHttpClient(Supplier<OkHttpClient> factory) {
        this.factory = factory;
    }

    /** The client, built now if it was not yet (then this call takes the TLS set-up's time). */
    @Override
    public OkHttpClient get() {
        OkHttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = factory.get();
                    client = built;
                }
            }
        }
        return built;
    }

    /** True once the client has been built. */
    public boolean isBuilt() {
        return client != null;
    }

    /** Builds the client on {@code background} unless it is built already. */
    public void prepare(Executor background) {
        if (client == null) {
            background.execute(this::get);
        }
    }
}
