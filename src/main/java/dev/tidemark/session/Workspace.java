package dev.tidemark.session;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalScan;
import dev.tidemark.journal.OwnerLock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An opened data directory: the owner lock, the journal, the session store, and what startup
 * recovery did. When another live process owns the directory, the workspace is read-only: the
 * store is loaded and the journal read, nothing is written and nothing is recovered.
 */
public final class Workspace implements AutoCloseable {

    private final Path dataDir;
    private final OwnerLock lock;           // null when read-only
    private final Journal journal;          // null when read-only
    private final SessionStore store;
    private final Recovery.Report recovery;
    private final String readOnlyReason;    // null when owner
    private final AtomicBoolean closed = new AtomicBoolean();

    private Workspace(Path dataDir, OwnerLock lock, Journal journal, SessionStore store, Recovery.Report recovery,
                      String readOnlyReason) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.journal = journal;
        this.store = store;
        this.recovery = recovery;
        this.readOnlyReason = readOnlyReason;
    }

    /**
     * Opens a data directory and runs startup recovery. Does disk work: never call on the FX thread.
     *
     * @param problems told, in words, about disk trouble now and later (called on background threads)
     */
    public static Workspace open(Path dataDir, Journal.Options options, Clock clock, Consumer<String> problems)
            throws IOException {
        Optional<OwnerLock> lock = OwnerLock.tryAcquire(dataDir);
        if (lock.isEmpty()) {
            String who = OwnerLock.ownerPid(dataDir).map(pid -> " (process " + pid + ")").orElse("");
            String reason = "Another Tidemark" + who + " is using " + dataDir
                    + "; this one can read but not write, and recovers nothing.";
            SessionStore store = SessionStore.open(dataDir, false, problems);
            JournalScan scan = Journal.readOnly(dataDir);
            new Recovery(clock).apply(scan, store, Optional.empty());
            return new Workspace(dataDir, null, null, store, Recovery.Report.nothing(), reason);
        }
        try {
            Journal journal = Journal.open(dataDir, options, clock, problems);
            SessionStore store = SessionStore.open(dataDir, true, problems);
            Recovery.Report report = new Recovery(clock).apply(journal.startupScan(), store, Optional.of(journal));
            return new Workspace(dataDir, lock.get(), journal, store, report, null);
        } catch (IOException | RuntimeException e) {
            lock.get().close();
            throw e;
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public SessionStore store() {
        return store;
    }

    public Recovery.Report recovery() {
        return recovery;
    }

    public boolean isReadOnly() {
        return readOnlyReason != null;
    }

    /** Why this process cannot write, or empty when it owns the directory. */
    public Optional<String> readOnlyReason() {
        return Optional.ofNullable(readOnlyReason);
    }

    /** The journal, or empty when read-only. */
    public Optional<Journal> journal() {
        return Optional.ofNullable(journal);
    }

    /** Where new records go: the journal, or a refusal when read-only. */
    public JournalAppender appender() {
        if (journal != null) {
            return journal;
        }
        return record -> CompletableFuture.failedFuture(new IllegalStateException(readOnlyReason));
    }

    /** Saves pending sessions, forces the journal, releases the lock. Safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            store.flush().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort: the journal still holds everything
        }
        store.close();
        if (journal != null) {
            journal.close();
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException ignored) {
                // the OS drops the lock with the process anyway
            }
        }
    }
}
