package dev.tidemark.ui.fx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Lets many threads ask for UI updates without flooding the FX thread: for each key only the
 * newest update is kept, and at most one drain is queued on the UI executor at a time. A stream
 * that delivers a thousand tokens between two pulses costs one {@code runLater}, not a thousand.
 */
public final class UpdateCoalescer {

    private final Executor ui;
    private final Map<Object, Runnable> pending = new LinkedHashMap<>(); // guarded by itself
    private boolean drainQueued;                                        // guarded by pending

    public UpdateCoalescer(Executor ui) {
        this.ui = ui;
    }

    /** Asks for {@code update} to run on the UI thread, replacing any update still pending for {@code key}. */
    public void submit(Object key, Runnable update) {
        boolean queue;
        synchronized (pending) {
            pending.put(key, update);
            queue = !drainQueued;
            drainQueued = true;
        }
        if (queue) {
            ui.execute(this::drain);
        }
    }

    private void drain() {
        Runnable[] updates;
        synchronized (pending) {
            updates = pending.values().toArray(new Runnable[0]);
            pending.clear();
            drainQueued = false;
        }
        for (Runnable update : updates) {
            update.run();
        }
    }
}
