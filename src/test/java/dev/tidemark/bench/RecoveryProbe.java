package dev.tidemark.bench;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalScan;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.Workspace;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Startup recovery in a fresh JVM, started by {@link JournalSessionBenchmark} once per data
 * directory and mode; prints one {@code OPEN} or {@code PARTS} line per run (run 0 is the first
 * in this JVM: cold JIT, classes not loaded yet). Each run works on a fresh copy of the template,
 * because opening recovers, rotates and checkpoints. The page cache is warm (the copy was just
 * written).
 *
 * <ul>
 *   <li>{@code open}: times {@link Workspace#open} — lock, session store load, journal scan,
 *       fold and apply to the store — exactly as the app starts.</li>
 *   <li>{@code parts}: the same steps one by one, read-only: initialising the codecs (Jackson's
 *       {@code ObjectMapper}s; first run only), reading the segment files alone,
 *       {@link Journal#readOnly} (read + {@code JournalDecoder.decode} of every line),
 *       {@link SessionStore#open} (the index, and the files it does not describe), and {@link Recovery#apply} (fold + store).</li>
 * </ul>
 *
 * <p>{@code java -cp ... dev.tidemark.bench.RecoveryProbe open|parts <template data dir> <runs>}
 */
public final class RecoveryProbe {

    private RecoveryProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path template = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        if (mode.equals("open")) {
            open(template, runs);
        } else {
            parts(template, runs);
        }
    }

    private static void open(Path template, int runs) throws Exception {
        for (int run = 0; run < runs; run++) {
            Path work = copy(template);
            if (run > 0) {
                System.gc();
            }
            long gc = gcMillis();
            long t0 = System.nanoTime();
            Workspace workspace = Workspace.open(work, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
            long t1 = System.nanoTime();
            gc = gcMillis() - gc;
            if (workspace.isReadOnly()) {
                throw new IllegalStateException("read-only: " + workspace.readOnlyReason().orElse(""));
            }
            Recovery.Report report = workspace.recovery();
            int sessions = workspace.store().summaries().size();
            workspace.close();
            long t2 = System.nanoTime();
            System.out.printf("OPEN run=%d ms=%.3f gcMs=%d recovered=%d restored=%d sessions=%d problems=%d"
                            + " closeMs=%.1f%n", run, (t1 - t0) / 1e6, gc, report.recovered().size(), report.restored(),
                    sessions, report.problems().size(), (t2 - t1) / 1e6);
            delete(work);
        }
    }

    private static void parts(Path template, int runs) throws Exception {
        Path work = copy(template);
        JournalAppender discard = record -> CompletableFuture.completedFuture(null);
        for (int run = 0; run < runs; run++) {
            if (run > 0) {
                System.gc();
            }
            long gc = gcMillis();
            long tInit = System.nanoTime();
            // the codecs' static ObjectMappers: Jackson's classes load and initialise here (first run only)
            Class.forName("dev.tidemark.journal.JournalDecoder", true, RecoveryProbe.class.getClassLoader());
            Class.forName("dev.tidemark.session.SessionCodec", true, RecoveryProbe.class.getClassLoader());
            long t0 = System.nanoTime();
            long bytes = 0;
            try (Stream<Path> files = Files.list(work.resolve(Journal.DIRECTORY))) {
                for (Path file : files.sorted().toList()) {
                    if (file.getFileName().toString().endsWith(".jsonl")) {
                        bytes += Files.readAllBytes(file).length;
                    }
                }
            }
            long t1 = System.nanoTime();
            JournalScan scan = Journal.readOnly(work);
            long t2 = System.nanoTime();
            SessionStore store = SessionStore.open(work, false, p -> { });
            long t3 = System.nanoTime();
            Recovery.Report report = new Recovery(Clock.systemUTC()).apply(scan, store, Optional.of(discard));
            long t4 = System.nanoTime();
            gc = gcMillis() - gc;
            store.close();
            System.out.printf("PARTS run=%d initMs=%.3f readMs=%.3f scanMs=%.3f storeMs=%.3f applyMs=%.3f gcMs=%d"
                            + " bytes=%d records=%d recovered=%d%n", run, (t0 - tInit) / 1e6, (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                    (t4 - t3) / 1e6, gc, bytes, scan.records().size(), report.recovered().size());
        }
        delete(work);
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    static Path copy(Path template) throws IOException {
        Path work = Files.createTempDirectory(template.getParent(), "run-");
        try (Stream<Path> files = Files.walk(template)) {
            for (Path source : files.toList()) {
                Path target = work.resolve(template.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    // with its time: the store trusts its index only for files older than the index
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return work;
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
