package dev.tidemark.session;

import dev.tidemark.health.Problem;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalScan;
import dev.tidemark.journal.JournalWriter;
import dev.tidemark.journal.OwnerLock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An opened data directory: the owner lock, the journal, the session store, and what startup
 * recovery did. When another live process owns the directory, or it cannot be written, the
 * workspace is read-only: the store is loaded and the journal read, nothing is written and
 * nothing is recovered.
 */
public final class Workspace implements AutoCloseable {

    private final Path dataDir;
    private final OwnerLock lock;              // null when read-only
    private final Journal journal;             // null when read-only
    private final Checkpointer checkpointer;   // null when read-only
    private final SessionStore store;
    private final Recovery.Report recovery;
    private final String readOnlyReason;       // null when owner
    private final List<Runnable> segmentLostHandlers;
    private final AtomicBoolean closed = new AtomicBoolean();
    // the checkpoint that lets the segments read at start go; a short run (a command) waits for it at close,
    // or every start that carries replies forward would leave one more segment behind
    private volatile CompletableFuture<Void> startupCheckpoint = CompletableFuture.completedFuture(null);

    private Workspace(Path dataDir, OwnerLock lock, Journal journal, Checkpointer checkpointer, SessionStore store,
                      Recovery.Report recovery, String readOnlyReason, List<Runnable> segmentLostHandlers) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.journal = journal;
        this.checkpointer = checkpointer;
        this.store = store;
        this.recovery = recovery;
        this.readOnlyReason = readOnlyReason;
        this.segmentLostHandlers = segmentLostHandlers;
    }

    /**
     * Opens a data directory and runs startup recovery. Does disk work: never call on the FX thread.
     *
     * @param problems told, in words, about disk trouble now and later (called on background threads)
     */
    public static Workspace open(Path dataDir, Journal.Options options, Clock clock, Consumer<Problem> problems)
            throws IOException {
        return open(dataDir, options, clock, problems, UnaryOperator.identity());
    }

    /**
     * Opens a data directory, the session store reaching its files through {@code files} applied
     * to the real file system (a test wraps it, e.g. to fail when called on the FX thread).
     */
    public static Workspace open(Path dataDir, Journal.Options options, Clock clock, Consumer<Problem> problems,
                                 UnaryOperator<SessionFiles> files) throws IOException {
        SessionFiles sessionFiles = files.apply(SessionFiles.disk());
        Optional<OwnerLock> lock;
        try {
            lock = OwnerLock.tryAcquire(dataDir);
        } catch (IOException e) {
            return readOnly(dataDir, clock, problems, sessionFiles, "Tidemark cannot write to " + dataDir + " ("
                    + describe(e) + "); it shows your history but cannot save anything new.");
        }
        if (lock.isEmpty()) {
            String who = OwnerLock.ownerPid(dataDir).map(pid -> " (process " + pid + ")").orElse("");
            return readOnly(dataDir, clock, problems, sessionFiles, "Another Tidemark" + who + " is using " + dataDir
                    + "; this one can read but not write, and recovers nothing.");
        }
        try {
            Journal.requireKnownFormat(dataDir); // before the store is opened: the owner tidies it
            new AttachmentStore(dataDir).removeLeftovers(); // stores cut short; nothing stores before this
            SessionStore store = SessionStore.open(dataDir, true, problems, clock, sessionFiles);
            List<Runnable> segmentLostHandlers = new CopyOnWriteArrayList<>();
            Checkpointer[] checkpointer = new Checkpointer[1];
            Journal journal = Journal.open(dataDir, options, clock, problems, new JournalWriter.Listener() {
                @Override
                public void segmentSealed(long segment) {
                    if (checkpointer[0] != null) {
                        checkpointer[0].request();
                    }
                }

                @Override
                public void segmentLost(Path segment) {
                    segmentLostHandlers.forEach(Runnable::run);
                }
            });
            Recovery recovery = new Recovery(clock);
            Recovery.Report report = recovery.apply(journal.startupScan(), store, Optional.of(journal));
            store.journalTo(journal);
            // what the live journal holds is in the store now: the attachments of chats emptied from the
            // trash that nothing refers to any more can go (ADR 10 §4)
            store.deleteAttachmentsOfEmptiedChats(AttachmentCleanup.sessionsNamedBy(journal.startupScan()));
            if (!report.unplaced().isEmpty()) {
                journal.quarantine(report.unplaced());
            }
            // Only now: a segment sealed while recovery appends its records (one already over size after
            // a kill mid-write) must not be checkpointed while later replies are still being applied,
            // or a kill at that moment loses them (KillRecoveryCrashIT, seed 4427744694225072206).
            checkpointer[0] = new Checkpointer(journal, store);
            // what was read is now in the store (or on its way): start afresh and let the old segments go —
            // but not before the copies of the replies carried forward are on disk, as the old segments
            // hold those replies too (a copy that failed to be written keeps them: no checkpoint now)
            Checkpointer checkpoints = checkpointer[0];
            CompletableFuture<Void> startup = journal.rotate()
                    .thenCombine(recovery.carriedOnDisk(), (sealed, copied) -> sealed)
                    .thenCompose(sealed -> checkpoints.request());
            Workspace workspace = new Workspace(dataDir, lock.get(), journal, checkpoints, store, report, null,
                    segmentLostHandlers);
            workspace.startupCheckpoint = startup;
            return workspace;
        } catch (IOException | RuntimeException e) {
            lock.get().close();
            if (e instanceof Journal.NewerFormat newer) {
                return readOnly(dataDir, clock, problems, sessionFiles, "The data directory " + dataDir + " was last"
                        + " used by a newer Tidemark (" + newer.getMessage() + "); this one shows your history but"
                        + " cannot save anything new. Use the newer Tidemark.");
            }
            if (e instanceof IOException io && (isPermissionProblem(io) || Problem.isDiskFull(io))) {
                return readOnly(dataDir, clock, problems, sessionFiles, "Tidemark cannot write to " + dataDir
                        + " (" + describe(io) + "); it shows your history but cannot save anything new.");
            }
            throw e;
        }
    }

    private static Workspace readOnly(Path dataDir, Clock clock, Consumer<Problem> problems, SessionFiles files,
                                      String reason) throws IOException {
        SessionStore store = SessionStore.open(dataDir, false, problems, clock, files);
        JournalScan scan = Journal.readOnly(dataDir);
        new Recovery(clock).apply(scan, store, Optional.empty());
        return new Workspace(dataDir, null, null, null, store, Recovery.Report.nothing(), reason, List.of());
    }

    private static boolean isPermissionProblem(IOException e) {
        return e instanceof java.nio.file.AccessDeniedException
                || String.valueOf(e.getMessage()).contains("Read-only file system");
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (Problem.isDiskFull(e)) {
            return "the disk is full";
        }
        if (String.valueOf(e.getMessage()).contains("Read-only file system")) {
            return "its file system is read-only";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
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

    /**
     * Closes the journal's current segment and checkpoints everything the store already holds;
     * completes when done. (It also happens on its own at start-up and whenever a segment fills.)
     */
    public CompletableFuture<Void> checkpoint() {
        if (journal == null) {
            return CompletableFuture.completedFuture(null);
        }
        return journal.rotate().thenCompose(sealed -> checkpointer.request());
    }

    /** Runs {@code handler} (on the journal's thread) when the journal file was removed under the app. */
    public void onSegmentLost(Runnable handler) {
        if (journal != null) {
            segmentLostHandlers.add(handler);
        }
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
        if (checkpointer != null) {
            try {
                startupCheckpoint.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // best effort: the next start checkpoints what this one could not
            }
            checkpointer.close();
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
