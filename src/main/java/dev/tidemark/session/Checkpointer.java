package dev.tidemark.session;

import dev.tidemark.journal.Journal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Keeps the journal small: once every stream in a run of closed segments has ended, and the
 * session store has saved everything up to that moment, the journal records a checkpoint and
 * deletes those segments. Runs on its own thread because it waits for the store.
 *
 * <p>Why this is safe: producers change the store (in memory) before they journal the record
 * that says so, so every record the writer has written is already reflected in the store's
 * memory when {@link Journal#checkpointable()} is read; the flush that follows puts it on disk.
 */
final class Checkpointer implements AutoCloseable {

    private final Journal journal;
    private final SessionStore store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "journal-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private CompletableFuture<Void> pending; // guarded by lock: the run that has been asked for and not begun
    private long done; // checkpoint thread only

    Checkpointer(Journal journal, SessionStore store) {
        this.journal = journal;
        this.store = store;
        this.done = journal.opening().checkpoint();
    }

    /**
     * Asks for a checkpoint soon; many requests before it runs make one checkpoint. The future
     * completes when it has run (whether or not there was anything to checkpoint).
     */
    CompletableFuture<Void> request() {
        synchronized (lock) {
            if (pending == null) {
                CompletableFuture<Void> run = new CompletableFuture<>();
                try {
                    thread.execute(() -> run(run));
                    pending = run;
                } catch (RejectedExecutionException closing) {
                    run.complete(null); // closing: the next start checkpoints
                    return run;
                }
            }
            return pending;
        }
    }

    private void run(CompletableFuture<Void> run) {
        synchronized (lock) {
            pending = null;
        }
        long through = journal.checkpointable();
        if (through > done) {
            try {
                store.flush().get(30, TimeUnit.SECONDS);
                journal.checkpoint(through).get(30, TimeUnit.SECONDS);
                done = through;
            } catch (Exception e) {
                // the store could not save (it says why), or the checkpoint failed: keep the segments
            }
        }
        run.complete(null);
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
