package dev.tidemark.bench;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.JournalWriter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The journal against its targets, on real files, in one process (recovery: in fresh child JVMs):
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.bench.JournalSessionBenchmark
 * </pre>
 *
 * <p>The command only starts the benchmark in a fresh JVM (default options) on a snapshot of the
 * test classpath, so that a rebuild of {@code target/} meanwhile does not disturb it.
 *
 * <p>The workload is a representative session: StreamStarted, 10,000 TextDeltas (model-like tokens,
 * some multi-byte, some escaped), 5 tool calls as ToolCallDelta fragments spread through it, and
 * StreamEnded. It is written
 * <ul>
 *   <li>at full speed (one producer appending back to back; Tidemark gets {@code bench.fullSessions}
 *       such sessions in a row per round so that the rate is sustained, the naive writer one), and</li>
 *   <li>paced at {@code bench.rate} (100) tokens/s, by 1, 4 and 16 concurrent streams, each on its own
 *       producer thread as network threads do,</li>
 * </ul>
 * by the real {@link Journal} (default options: interval policy, 100 ms) and by {@link NaiveJournal}
 * (write + force per record on the caller's thread). Enqueue latency is the time {@code append} takes
 * on the producer thread, over every record, after a warm-up (JIT) that is not measured. Then
 * startup recovery: {@code Workspace.open} on live journals of 1, 10 and 100 MiB and on a 10 MiB
 * journal with 10 and 1,000 sessions in the store, each in a fresh JVM, with the steps timed apart.
 *
 * <p>Options (system properties): {@code bench.pacedTokens} (10000; the paced session's text tokens,
 * e.g. 2000 for a 20 s run), {@code bench.rate} (100), {@code bench.streams} (1,4,16),
 * {@code bench.rounds} (5, full-speed rounds), {@code bench.fullSessions} (30),
 * {@code bench.recoverySizes} (1,10,100 MiB), {@code bench.history} (10,1000 sessions),
 * {@code bench.recoveryRuns} (5, opens per fresh JVM), {@code bench.childJvmArgs} (extra options
 * for the recovery JVMs, e.g. a JFR recording; {@code {name}} becomes the row's name),
 * {@code bench.stored} (true: also each recovery size with its replies already in the store, as
 * after a crash, which is what start-up meets in practice), {@code bench.parts}
 * (write,paced,diag,recovery), {@code bench.keep} (a directory in which to build
 * the recovery data directories and keep them, for profiling with {@link RecoveryProbe}).
 */
public final class JournalSessionBenchmark {

    private static final int TEXT_TOKENS = 10_000;
    private static final int TOOL_CALLS = 5;

    private static final int PACED_TOKENS = Integer.getInteger("bench.pacedTokens", TEXT_TOKENS);
    private static final double RATE = Double.parseDouble(System.getProperty("bench.rate", "100"));
    private static final int[] STREAMS = ints(System.getProperty("bench.streams", "1,4,16"));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int FULL_SESSIONS = Integer.getInteger("bench.fullSessions", 30);
    private static final int[] RECOVERY_MIB = ints(System.getProperty("bench.recoverySizes", "1,10,100"));
    private static final int[] HISTORY = ints(System.getProperty("bench.history", "10,1000"));
    private static final int RECOVERY_RUNS = Integer.getInteger("bench.recoveryRuns", 5);
    private static final String CHILD_JVM_ARGS = System.getProperty("bench.childJvmArgs", "");
    private static final String KEEP = System.getProperty("bench.keep", "");
    private static final boolean STORED = Boolean.parseBoolean(System.getProperty("bench.stored", "true"));
    private static final Set<String> PARTS = Set.of(System.getProperty("bench.parts", "write,paced,diag,recovery")
            .split(","));

    private static final int HISTORY_JOURNAL_MIB = 10;

    /** Messages the writer gave (it tells when it falls behind): printed once per section. */
    private static final Set<String> WRITER_SAYS = ConcurrentHashMap.newKeySet();

    /** One measured run of a writer. */
    record Run(String writer, int streams, long events, long records, double seconds, long fsyncs, long bytes,
               long coalesced, double p50, double p99, double p999, double max) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double fsyncsPerSecond() {
            return fsyncs / seconds;
        }

        double bytesPerEvent() {
            return (double) bytes / events;
        }
    }

    private JournalSessionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!Boolean.getBoolean("bench.forked")) {
            fork();
            return;
        }
        machine();
        Path root = KEEP.isEmpty() ? Files.createTempDirectory("tidemark-bench-")
                : Files.createDirectories(Path.of(KEEP).toAbsolutePath());
        Map<String, String> verdicts = new LinkedHashMap<>();
        try {
            Workload describe = new Workload(1);
            List<JournalRecord> sample = describe.representativeStream("s0000000000a", "session00000", TEXT_TOKENS,
                    TOOL_CALLS);
            describeSession(sample);

            Run tidemarkFull = null;
            Run naiveFull = null;
            Map<Integer, Run[]> paced = new LinkedHashMap<>();
            if (PARTS.contains("write") || PARTS.contains("paced")) {
                warmUp(root);
            }
            if (PARTS.contains("write")) {
                Run[] full = fullSpeed(root);
                tidemarkFull = full[0];
                naiveFull = full[1];
            }
            if (PARTS.contains("paced")) {
                for (int streams : STREAMS) {
                    Run t = paced(root, "tidemark", streams, PACED_TOKENS);
                    Run n = paced(root, "naive", streams, PACED_TOKENS);
                    paced.put(streams, new Run[] {t, n});
                    System.out.printf("  (paced, %d stream%s: done; load average %s)%n", streams,
                            streams == 1 ? "" : "s", load());
                }
            }
            if (tidemarkFull != null || !paced.isEmpty()) {
                writingTables(tidemarkFull, naiveFull, paced, verdicts);
            }
            if (PARTS.contains("diag")) {
                wakeUpDiagnostic();
            }
            if (PARTS.contains("recovery")) {
                recovery(root, verdicts);
            }
            System.out.println();
            System.out.println("== Targets (load average at the end " + load() + ")");
            verdicts.forEach((target, verdict) -> System.out.printf("  %-62s %s%n", target, verdict));
        } finally {
            if (KEEP.isEmpty()) {
                RecoveryProbe.delete(root);
            } else {
                System.out.println("data directories kept in " + root.resolve("recovery"));
            }
        }
    }

    // ------------------------------------------------------------------ workload and machine

    private static void machine() throws IOException {
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
        Path release = Path.of("/etc/os-release");
        if (Files.exists(release)) {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    os = line.substring(12).replace("\"", "") + " (kernel " + System.getProperty("os.version") + ")";
                }
            }
        }
        String cpu = "";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.exists(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        System.out.printf("Tidemark journal benchmark%n");
        System.out.printf("machine: %s, %d CPUs (%s), %s %s, max heap %d MiB, %s file system at %s%n", os,
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().maxMemory() >> 20,
                Files.getFileStore(tmp).type(), tmp);
        System.out.printf("JVM: default options (forked from the mvn command), collectors %s, input arguments %s%n",
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(java.lang.management.GarbageCollectorMXBean::getName).toList(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf("settings: paced session %,d text tokens at %.0f tokens/s, streams %s, %d full-speed rounds"
                        + " of %d sessions, recovery %s MiB and %s stored sessions, %d opens per JVM%n", PACED_TOKENS,
                RATE, Arrays.toString(STREAMS), ROUNDS, FULL_SESSIONS, Arrays.toString(RECOVERY_MIB),
                Arrays.toString(HISTORY), RECOVERY_RUNS);
    }

    private static void describeSession(List<JournalRecord> session) {
        long text = session.stream().filter(r -> r instanceof JournalRecord.TextDelta).count();
        long tools = session.stream().filter(r -> r instanceof JournalRecord.ToolCallDelta).count();
        long chars = 0;
        long multiByte = 0;
        long bytes = 0;
        dev.tidemark.journal.JournalEncoder encoder = new dev.tidemark.journal.JournalEncoder();
        for (JournalRecord r : session) {
            bytes += encoder.encode(r).length;
            if (r instanceof JournalRecord.TextDelta t) {
                chars += t.text().length();
                if (t.text().getBytes(StandardCharsets.UTF_8).length != t.text().length()) {
                    multiByte++;
                }
            }
        }
        System.out.printf("session: 1 StreamStarted + %,d TextDeltas (%.1f chars a token, %.1f%% multi-byte UTF-8)"
                        + " + %d tool calls in %d ToolCallDelta fragments + 1 StreamEnded = %,d events, %,d bytes"
                        + " of journal lines (%.0f B/line)%n", text, (double) chars / text, 100.0 * multiByte / text,
                TOOL_CALLS, tools, session.size(), bytes, (double) bytes / session.size());
    }

    private static List<List<JournalRecord>> sessions(long seed, String prefix, int count, int textTokens) {
        Workload workload = new Workload(seed);
        List<List<JournalRecord>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String stream = String.format("%s%08d", prefix, i);
            out.add(workload.representativeStream(stream, "sess" + stream.substring(4), textTokens, TOOL_CALLS));
        }
        return out;
    }

    // ------------------------------------------------------------------ writing

    private static void warmUp(Path root) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            tidemarkFull(root, sessions(7 + i, "warm", 10, TEXT_TOKENS));
        }
        naiveFull(root, sessions(8, "warn", 1, 2_000).get(0));
        pacedRun(root, "tidemark", 2, 100, 9);
        pacedRun(root, "naive", 2, 100, 10);
        WRITER_SAYS.clear();
        System.out.printf("warm-up: 3 × 10 sessions at full speed (Tidemark), 2,000 events (naive), 2 s paced each;"
                + " not measured (%.1f s)%n", (System.nanoTime() - start) / 1e9);
    }

    /** {@code ROUNDS} rounds of each; medians. */
    private static Run[] fullSpeed(Path root) throws Exception {
        List<Run> tidemark = new ArrayList<>();
        List<Run> naive = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            tidemark.add(tidemarkFull(root, sessions(100 + round, "full", FULL_SESSIONS, TEXT_TOKENS)));
            naive.add(naiveFull(root, sessions(200 + round, "nave", 1, TEXT_TOKENS).get(0)));
        }
        System.out.println();
        System.out.printf("== Full speed: %d rounds; Tidemark %d sessions in a row per round, naive 1 session;"
                + " every round shown, medians in the table below (load average %s)%n", ROUNDS, FULL_SESSIONS, load());
        System.out.printf("  %-9s %10s %9s %9s %10s %10s %10s %10s %10s%n", "writer", "events", "seconds",
                "events/s", "fsyncs/s", "coalesced", "p50 µs", "p99 µs", "p99.9 µs");
        for (List<Run> runs : List.of(tidemark, naive)) {
            for (Run r : runs) {
                System.out.printf("  %-9s %,10d %9.3f %,9.0f %,10.1f %,10d %10.2f %10.2f %10.2f%n", r.writer(),
                        r.events(), r.seconds(), r.eventsPerSecond(), r.fsyncsPerSecond(), r.coalesced(), r.p50(),
                        r.p99(), r.p999());
            }
        }
        printWriterSays();
        return new Run[] {median(tidemark), median(naive)};
    }

    private static Run tidemarkFull(Path root, List<List<JournalRecord>> sessions) throws Exception {
        Path dir = Files.createTempDirectory(root, "full-");
        CountingStorage storage = new CountingStorage();
        int total = sessions.stream().mapToInt(List::size).sum();
        try (Journal journal = Journal.open(dir, Journal.Options.defaults().withStorage(storage), Clock.systemUTC(),
                p -> WRITER_SAYS.add(p.message()))) {
            long[] latency = new long[total];
            int k = 0;
            long fsyncs = storage.fsyncs();
            JournalWriter.Stats before = journal.stats();
            CompletableFuture<Void> last = null;
            long t0 = System.nanoTime();
            for (List<JournalRecord> session : sessions) {
                for (JournalRecord record : session) {
                    long a = System.nanoTime();
                    last = journal.append(record);
                    latency[k++] = System.nanoTime() - a;
                }
            }
            last.get(5, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - t0) / 1e9;
            JournalWriter.Stats after = journal.stats();
            return run("tidemark", 1, total, after.records() - before.records(), seconds,
                    storage.fsyncs() - fsyncs, after.bytes() - before.bytes(), after.coalesced() - before.coalesced(),
                    latency);
        } finally {
            RecoveryProbe.delete(dir);
        }
    }

    private static Run naiveFull(Path root, List<JournalRecord> session) throws Exception {
        Path dir = Files.createTempDirectory(root, "naive-");
        try (NaiveJournal naive = new NaiveJournal(dir.resolve("journal.jsonl"))) {
            long[] latency = new long[session.size()];
            int k = 0;
            long t0 = System.nanoTime();
            for (JournalRecord record : session) {
                long a = System.nanoTime();
                naive.append(record);
                latency[k++] = System.nanoTime() - a;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return run("naive", 1, session.size(), naive.records(), seconds, naive.fsyncs(), naive.bytes(), 0,
                    latency);
        } finally {
            RecoveryProbe.delete(dir);
        }
    }

    private static Run paced(Path root, String writer, int streams, int textTokens) throws Exception {
        return pacedRun(root, writer, streams, textTokens, 300 + streams);
    }

    /** What a paced producer hands records to. */
    private interface Sink {
        CompletableFuture<?> append(JournalRecord record) throws IOException;
    }

    /**
     * {@code streams} representative sessions streaming at once, each on its own thread at
     * {@code RATE} records/s (start, text, tool fragments and end alike), phases spread over one
     * token interval. Timed from the first scheduled record until every record is written (and the
     * last, a barrier, forced).
     */
    private static Run pacedRun(Path root, String writer, int streams, int textTokens, long seed) throws Exception {
        List<List<JournalRecord>> records = sessions(seed, "pace", streams, textTokens);
        Path dir = Files.createTempDirectory(root, "paced-");
        CountingStorage storage = new CountingStorage();
        Journal journal = null;
        NaiveJournal naive = null;
        Sink sink;
        if (writer.equals("tidemark")) {
            journal = Journal.open(dir, Journal.Options.defaults().withStorage(storage), Clock.systemUTC(),
                    p -> WRITER_SAYS.add(p.message()));
            sink = journal::append;
        } else {
            naive = new NaiveJournal(dir.resolve("journal.jsonl"));
            NaiveJournal n = naive;
            sink = record -> {
                n.append(record);
                return null;
            };
        }
        try {
            long interval = (long) (1e9 / RATE);
            long[][] latency = new long[streams][];
            CompletableFuture<?>[] lasts = new CompletableFuture<?>[streams];
            Throwable[] failure = new Throwable[1];
            long fsyncs0 = journal != null ? storage.fsyncs() : 0;
            JournalWriter.Stats before = journal != null ? journal.stats() : null;
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                int stream = s;
                List<JournalRecord> mine = records.get(s);
                latency[s] = new long[mine.size()];
                long start = t0 + s * interval / streams;
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; i < mine.size(); i++) {
                            waitUntil(start + i * interval);
                            long a = System.nanoTime();
                            CompletableFuture<?> f = sink.append(mine.get(i));
                            latency[stream][i] = System.nanoTime() - a;
                            lasts[stream] = f;
                        }
                    } catch (Throwable e) {
                        failure[0] = e;
                    }
                }, "producer-" + s);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure[0] != null) {
                throw new IllegalStateException("a producer failed", failure[0]);
            }
            for (CompletableFuture<?> f : lasts) {
                if (f != null) {
                    f.get(1, TimeUnit.MINUTES);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long events = records.stream().mapToInt(List::size).sum();
            long[] all = Arrays.stream(latency).flatMapToLong(Arrays::stream).toArray();
            if (journal != null) {
                JournalWriter.Stats after = journal.stats();
                return run(writer, streams, events, after.records() - before.records(), seconds,
                        storage.fsyncs() - fsyncs0, after.bytes() - before.bytes(),
                        after.coalesced() - before.coalesced(), all);
            }
            return run(writer, streams, events, naive.records(), seconds, naive.fsyncs(), naive.bytes(), 0, all);
        } finally {
            if (journal != null) {
                journal.close();
            }
            if (naive != null) {
                naive.close();
            }
            RecoveryProbe.delete(dir);
        }
    }

    private static void waitUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static Run run(String writer, int streams, long events, long records, double seconds, long fsyncs,
                           long bytes, long coalesced, long[] latency) {
        Arrays.sort(latency);
        return new Run(writer, streams, events, records, seconds, fsyncs, bytes, coalesced,
                percentile(latency, 0.50), percentile(latency, 0.99), percentile(latency, 0.999),
                latency[latency.length - 1] / 1e3);
    }

    /** The nearest-rank percentile of sorted nanoseconds, in µs. */
    private static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e3;
    }

    /** The median of each figure over the runs (of a writer, one load). */
    private static Run median(List<Run> runs) {
        Run first = runs.get(0);
        return new Run(first.writer(), first.streams(), first.events(), (long) med(runs, r -> r.records()),
                med(runs, Run::seconds), (long) med(runs, r -> r.fsyncs()), (long) med(runs, r -> r.bytes()),
                (long) med(runs, r -> r.coalesced()), med(runs, Run::p50), med(runs, Run::p99), med(runs, Run::p999),
                med(runs, Run::max));
    }

    private static double med(List<Run> runs, ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void writingTables(Run tidemarkFull, Run naiveFull, Map<Integer, Run[]> paced,
                                      Map<String, String> verdicts) {
        System.out.println();
        System.out.println("== Writing one representative session: Tidemark (default options: interval policy, 100 ms)"
                + " vs naive (write + force per record on the caller's thread)");
        System.out.println("   enqueue = time append() takes on the producer thread, over every record; fsyncs"
                + " counted at the file channel (data, segment headers, directories)");
        System.out.printf("  %-22s %-9s %10s %11s %9s %11s %6s %9s %9s %9s %9s%n", "load", "writer", "events",
                "events/s", "fsyncs/s", "bytes", "B/ev", "p50 µs", "p99 µs", "p99.9 µs", "max µs");
        Run[] single = paced.get(1);
        if (tidemarkFull != null) {
            String load = "full speed (median)";
            row(load, tidemarkFull);
            row(load, naiveFull);
            ratio(load, tidemarkFull, naiveFull);
        }
        if (single != null) {
            String load = String.format("%.0f tokens/s, 1 stream", RATE);
            row(load, single[0]);
            row(load, single[1]);
            ratio(load, single[0], single[1]);
        }
        if (paced.size() > 1 || (single == null && !paced.isEmpty())) {
            System.out.println();
            System.out.printf("== Concurrent streams at %.0f tokens/s each (%,d text tokens a stream)%n", RATE,
                    PACED_TOKENS);
            System.out.printf("  %-8s %-9s %10s %9s %9s %15s %9s %9s %9s %9s%n", "streams", "writer", "events",
                    "events/s", "fsyncs/s", "fsyncs/s/stream", "p50 µs", "p99 µs", "p99.9 µs", "max µs");
            for (Run[] pair : paced.values()) {
                for (Run r : pair) {
                    System.out.printf("  %-8d %-9s %,10d %,9.1f %9.1f %15.1f %9.2f %9.2f %9.2f %9.0f%n",
                            r.streams(), r.writer(), r.events(), r.eventsPerSecond(), r.fsyncsPerSecond(),
                            r.fsyncsPerSecond() / r.streams(), r.p50(), r.p99(), r.p999(), r.max());
                }
            }
        }
        printWriterSays();

        if (tidemarkFull != null) {
            verdicts.put("events/s sustained ≥ 200,000 (full speed)", verdict(tidemarkFull.eventsPerSecond() >= 200_000,
                    String.format("%,.0f events/s (%.1f× the target)", tidemarkFull.eventsPerSecond(),
                            tidemarkFull.eventsPerSecond() / 200_000)));
            verdicts.put("enqueue p99 ≤ 20 µs, full speed", verdict(tidemarkFull.p99() <= 20,
                    String.format("p99 %.2f µs (p99.9 %.1f µs)", tidemarkFull.p99(), tidemarkFull.p999())));
        }
        for (Run[] pair : paced.values()) {
            Run t = pair[0];
            verdicts.put(String.format("enqueue p99 ≤ 20 µs, %d paced stream%s", t.streams(), t.streams() == 1 ? "" : "s"),
                    verdict(t.p99() <= 20, String.format("p99 %.2f µs (%.1f× the target; p50 %.2f, p99.9 %.1f µs)",
                            t.p99(), t.p99() / 20, t.p50(), t.p999())));
        }
        for (Run[] pair : paced.values()) {
            Run t = pair[0];
            verdicts.put(String.format("≤ 12 fsyncs/s, %d stream%s at %.0f tokens/s", t.streams(),
                    t.streams() == 1 ? "" : "s", RATE), verdict(t.fsyncsPerSecond() <= 12,
                    String.format("%.1f fsyncs/s (naive %.0f)", t.fsyncsPerSecond(), pair[1].fsyncsPerSecond())));
        }
    }

    private static void row(String load, Run r) {
        System.out.printf("  %-22s %-9s %,10d %,11.0f %,9.1f %,11d %6.1f %9.2f %9.2f %9.2f %9.0f%n", load, r.writer(),
                r.events(), r.eventsPerSecond(), r.fsyncsPerSecond(), r.bytes(), r.bytesPerEvent(), r.p50(), r.p99(),
                r.p999(), r.max());
    }

    private static void ratio(String load, Run t, Run n) {
        System.out.printf("  %-22s %-9s %10s %11s %9s %11s %6s %9s %9s %9s %9s%n", load, "T/naive", "",
                times(t.eventsPerSecond() / n.eventsPerSecond()), times(t.fsyncsPerSecond() / n.fsyncsPerSecond()),
                "", times(t.bytesPerEvent() / n.bytesPerEvent()), times(t.p50() / n.p50()), times(t.p99() / n.p99()),
                times(t.p999() / n.p999()), times(t.max() / n.max()));
    }

    private static String times(double ratio) {
        if (ratio >= 10) {
            return String.format("%.0f×", ratio);
        }
        if (ratio >= 0.1) {
            return String.format("%.2f×", ratio);
        }
        return String.format("%.4f×", ratio);
    }

    private static String verdict(boolean met, String figures) {
        return (met ? "MET     " : "MISSED  ") + figures;
    }

    private static void printWriterSays() {
        if (!WRITER_SAYS.isEmpty()) {
            System.out.println("  the journal said: " + String.join(" / ", WRITER_SAYS));
            WRITER_SAYS.clear();
        }
    }

    // ------------------------------------------------------------------ where a paced append's time goes

    /**
     * The cost of handing an object to a thread through an {@link ArrayBlockingQueue} at the paced
     * rate, with no journal and no I/O: (1) the consumer waits like the journal writer (take, or
     * poll with the rest of a 100 ms interval); (2) the same, and like {@code JournalWriter} the
     * producer offers inside a monitor under which the consumer drains again after each wake-up
     * (its {@code spillLock}, {@code takeSpill}); (3) the consumer never waits on the queue (it sleeps 2 ms when the queue
     * is empty), so that {@code offer} never has a thread to wake.
     */
    private static void wakeUpDiagnostic() throws Exception {
        int events = Math.min(PACED_TOKENS, 2_000);
        String[] names = {"waits like the writer (take / poll(timeout))",
                "same + offer in a monitor the consumer drains under",
                "never waits on the queue: poll() every 2 ms"};
        System.out.println();
        System.out.printf("== Where a paced append's time goes: a bare ArrayBlockingQueue.offer at %.0f/s, %,d offers"
                + " each, no journal, no I/O (load average %s)%n", RATE, events, load());
        System.out.printf("  %-58s %9s %9s %9s %9s%n", "consumer", "p50 µs", "p99 µs", "p99.9 µs", "max µs");
        for (int mode = 0; mode < names.length; mode++) {
            double[] r = queueHandOff(mode, events);
            System.out.printf("  %-58s %9.2f %9.2f %9.2f %9.0f%n", names[mode], r[0], r[1], r[2], r[3]);
        }
    }

    private static double[] queueHandOff(int mode, int events) throws Exception {
        ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(1 << 16);
        Object monitor = new Object();
        Object stop = new Object();
        Thread consumer = new Thread(() -> {
            List<Object> batch = new ArrayList<>();
            long interval = TimeUnit.MILLISECONDS.toNanos(100);
            long lastForce = System.nanoTime();
            boolean dirty = false;
            try {
                while (true) {
                    Object first;
                    if (mode == 2) {
                        first = queue.poll();
                        if (first == null) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                            continue;
                        }
                    } else if (dirty) {
                        long wait = interval - (System.nanoTime() - lastForce);
                        first = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    } else {
                        first = queue.take();
                    }
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch);
                        dirty = true;
                    }
                    if (mode == 1) {
                        synchronized (monitor) {
                            queue.drainTo(batch); // as JournalWriter.takeSpill
                        }
                    }
                    if (batch.contains(stop)) {
                        return;
                    }
                    batch.clear();
                    if (dirty && System.nanoTime() - lastForce >= interval) {
                        lastForce = System.nanoTime();
                        dirty = false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "consumer");
        consumer.start();
        long interval = (long) (1e9 / RATE);
        long[] latency = new long[events];
        for (int i = 0; i < 20_000; i++) { // warm-up, back to back
            offer(queue, monitor, mode, new Object());
        }
        Thread.sleep(300);
        long t0 = System.nanoTime();
        for (int i = 0; i < events; i++) {
            waitUntil(t0 + i * interval);
            Object item = new Object();
            long a = System.nanoTime();
            offer(queue, monitor, mode, item);
            latency[i] = System.nanoTime() - a;
        }
        offer(queue, monitor, mode, stop);
        consumer.join();
        Arrays.sort(latency);
        return new double[] {percentile(latency, 0.5), percentile(latency, 0.99), percentile(latency, 0.999),
                latency[latency.length - 1] / 1e3};
    }

    private static void offer(ArrayBlockingQueue<Object> queue, Object monitor, int mode, Object item) {
        if (mode == 1) {
            synchronized (monitor) {
                queue.offer(item);
            }
        } else {
            queue.offer(item);
        }
    }

    /** The load average (1, 5, 15 minutes): other work on this machine disturbs the figures. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    // ------------------------------------------------------------------ recovery

    /**
     * @param repliesStored the store already holds what the journal says (as after a crash); else the
     *                      journal's replies are all missing from the store
     */
    private record Scenario(String name, Path dir, double liveMiB, long records, long sessionsInJournal,
                            long openStreams, int storedSessions, double storeMiB, boolean repliesStored) {
    }

    private static void recovery(Path root, Map<String, String> verdicts) throws Exception {
        Path base = Files.createDirectories(root.resolve("recovery"));
        String cp = System.getProperty("java.class.path");
        long start = System.nanoTime();
        List<Scenario> scenarios = new ArrayList<>();
        Map<Integer, Path> bySize = new LinkedHashMap<>();
        Set<Integer> sizes = new LinkedHashSet<>();
        for (int mib : RECOVERY_MIB) {
            sizes.add(mib);
        }
        if (HISTORY.length > 0) {
            sizes.add(HISTORY_JOURNAL_MIB);
        }
        Map<Integer, Workload.MixedJournal> written = new LinkedHashMap<>();
        for (int mib : sizes) {
            Path dir = base.resolve("journal-" + mib + "MiB");
            written.put(mib, new Workload(1_000 + mib).writeMixedJournal(dir, (long) mib << 20));
            bySize.put(mib, dir);
        }
        for (int mib : RECOVERY_MIB) {
            Workload.MixedJournal w = written.get(mib);
            scenarios.add(new Scenario(mib + " MiB journal, empty store", bySize.get(mib), liveMiB(bySize.get(mib)),
                    w.records(), w.sessions(), w.openStreams(), 0, 0, false));
        }
        if (STORED) {
            for (int mib : RECOVERY_MIB) {
                Path dir = RecoveryProbe.copy(bySize.get(mib));
                Path named = dir.resolveSibling("stored-" + mib + "MiB");
                Files.move(dir, named);
                int sessions = Workload.storeJournal(named);
                Workload.MixedJournal w = written.get(mib);
                scenarios.add(new Scenario(mib + " MiB journal, replies stored", named, liveMiB(named), w.records(),
                        w.sessions(), w.openStreams(), sessions, Workload.sessionBytes(named) / 1048576.0, true));
            }
        }
        for (int count : HISTORY) {
            Path dir = RecoveryProbe.copy(bySize.get(HISTORY_JOURNAL_MIB));
            Path named = dir.resolveSibling("history-" + count);
            Files.move(dir, named);
            new Workload(5_000 + count).writeHistory(named, count);
            Workload.MixedJournal w = written.get(HISTORY_JOURNAL_MIB);
            scenarios.add(new Scenario(HISTORY_JOURNAL_MIB + " MiB journal, " + count + " stored sessions", named,
                    liveMiB(named), w.records(), w.sessions(), w.openStreams(), count,
                    Workload.sessionBytes(named) / 1048576.0, false));
        }
        System.out.println();
        System.out.printf("== Startup recovery: Workspace.open (owner lock, session store load, journal scan, fold,"
                + " apply to the store) (load average %s)%n", load());
        System.out.printf("   data directories written through the real Journal (policy NEVER) and SessionStore in"
                + " %.1f s; each row in a fresh JVM (default options)%n", (System.nanoTime() - start) / 1e9);
        System.out.printf("   run 1 = first open in that JVM (cold JIT, classes loading); warm = median of runs 2..%d;"
                + " each run on a fresh copy, page cache warm%n", RECOVERY_RUNS);
        System.out.printf("  %-36s %8s %9s %6s %13s %10s %9s %10s %9s %9s  %s%n", "data directory", "live MiB",
                "records", "open", "store (MiB)", "cold ms", "warm ms", "cold/MiB", "warm/MiB", "recovered", "load avg");
        Map<Scenario, double[]> opens = new LinkedHashMap<>();
        Map<Scenario, double[][]> parts = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            List<Map<String, String>> open = child("open", s.dir(), cp);
            double cold = num(open.get(0), "ms");
            double warm = medianOf(open.subList(1, open.size()), "ms");
            double coldGc = num(open.get(0), "gcMs");
            double warmGc = medianOf(open.subList(1, open.size()), "gcMs");
            opens.put(s, new double[] {cold, warm, coldGc, warmGc});
            System.out.printf("  %-36s %8.1f %,9d %6d %13s %10.1f %9.1f %10.2f %9.2f %9s  %s%n", s.name(), s.liveMiB(),
                    s.records(), s.openStreams(), s.storedSessions() == 0 ? "0" : String.format("%,d (%.1f)",
                            s.storedSessions(), s.storeMiB()), cold, warm, cold / s.liveMiB(), warm / s.liveMiB(),
                    open.get(0).get("recovered"), load());
            List<Map<String, String>> p = child("parts", s.dir(), cp);
            parts.put(s, new double[][] {partsOf(p.subList(0, 1)), partsOf(p.subList(1, p.size()))});
        }
        System.out.println();
        System.out.println("== Where startup time goes: the same steps one by one, read-only, in another fresh JVM"
                + " (ms; cold = first, warm = median of the rest)");
        System.out.println("   init = loading and initialising the codecs (Jackson ObjectMappers; first run only);"
                + " other classes load in the step that first needs them");
        System.out.println("   read = Files.readAllBytes of the segments; scan = Journal.readOnly (read + JournalDecoder"
                + ".decode of every line); decode = scan − read;");
        System.out.println("   store = SessionStore.open (the index, and the files it does not describe); apply = Recovery.apply (fold + store);"
                + " GC = collector time during the steps");
        System.out.printf("  %-36s %-5s %8s %8s %8s %8s %8s %8s %8s %8s %11s %9s%n", "data directory", "", "init",
                "read", "scan", "decode", "store", "apply", "sum", "GC", "open (run)", "GC(open)");
        for (Scenario s : scenarios) {
            for (int w = 0; w < 2; w++) {
                double[] p = parts.get(s)[w];
                double[] o = opens.get(s);
                System.out.printf("  %-36s %-5s %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %8.0f %11.1f %9.0f%n",
                        w == 0 ? s.name() : "", w == 0 ? "cold" : "warm", p[5], p[0], p[1], p[1] - p[0], p[2], p[3],
                        p[5] + p[1] + p[2] + p[3], p[4], o[w], o[2 + w]);
            }
        }

        // verdicts
        double worstCold = 0;
        double worstWarm = 0;
        String worstColdName = "";
        String worstWarmName = "";
        for (Scenario s : scenarios) {
            if (s.storedSessions() > 0) {
                continue;
            }
            double[] o = opens.get(s);
            if (o[0] / s.liveMiB() > worstCold) {
                worstCold = o[0] / s.liveMiB();
                worstColdName = s.name();
            }
            if (o[1] / s.liveMiB() > worstWarm) {
                worstWarm = o[1] / s.liveMiB();
                worstWarmName = s.name();
            }
        }
        if (!worstColdName.isEmpty()) {
            StringBuilder per = new StringBuilder();
            for (Scenario s : scenarios) {
                if (s.storedSessions() == 0) {
                    per.append(String.format("%s%.0f MiB %.2f", per.length() == 0 ? "" : ", ",
                            s.liveMiB(), opens.get(s)[0] / s.liveMiB()));
                }
            }
            verdicts.put("recovery ≤ 3 ms per MiB, first open in a fresh JVM", verdict(worstCold <= 3,
                    String.format("worst %.2f ms/MiB (%s; %.1f× the target); %s ms/MiB", worstCold, worstColdName,
                            worstCold / 3, per)));
            verdicts.put("recovery ≤ 3 ms per MiB, warm", verdict(worstWarm <= 3,
                    String.format("worst %.2f ms/MiB (%s; %.1f× the target)", worstWarm, worstWarmName,
                            worstWarm / 3)));
            Scenario small = null;
            Scenario large = null;
            for (Scenario s : scenarios) {
                if (s.storedSessions() == 0 && (small == null || s.liveMiB() < small.liveMiB())) {
                    small = s;
                }
                if (s.storedSessions() == 0 && (large == null || s.liveMiB() > large.liveMiB())) {
                    large = s;
                }
            }
            if (small != large) {
                double mib = large.liveMiB() - small.liveMiB();
                verdicts.put(String.format("  (marginal cost per MiB, %.0f → %.0f MiB)", small.liveMiB(),
                        large.liveMiB()), String.format("        cold %.2f ms/MiB, warm %.2f ms/MiB",
                        (opens.get(large)[0] - opens.get(small)[0]) / mib,
                        (opens.get(large)[1] - opens.get(small)[1]) / mib));
            }
        }
        Scenario few = null;
        Scenario many = null;
        Scenario smallStored = null;
        Scenario largeStored = null;
        for (Scenario s : scenarios) {
            if (s.repliesStored()) {
                smallStored = smallStored == null || s.liveMiB() < smallStored.liveMiB() ? s : smallStored;
                largeStored = largeStored == null || s.liveMiB() > largeStored.liveMiB() ? s : largeStored;
                continue;
            }
            if (s.storedSessions() > 0 && (few == null || s.storedSessions() < few.storedSessions())) {
                few = s;
            }
            if (s.storedSessions() > 0 && (many == null || s.storedSessions() > many.storedSessions())) {
                many = s;
            }
        }
        if (smallStored != largeStored) {
            double mib = largeStored.liveMiB() - smallStored.liveMiB();
            double warm = (opens.get(largeStored)[1] - opens.get(smallStored)[1]) / mib;
            verdicts.put(String.format("recovery ≤ 3 ms per MiB at the margin, warm, replies stored (%.0f → %.0f MiB)",
                    smallStored.liveMiB(), largeStored.liveMiB()), verdict(warm <= 3, String.format(
                    "cold %.2f ms/MiB, warm %.2f ms/MiB", (opens.get(largeStored)[0] - opens.get(smallStored)[0]) / mib,
                    warm)));
        }
        if (few != null && many != few) {
            double[] a = opens.get(few);
            double[] b = opens.get(many);
            double storeA = parts.get(few)[0][2];
            double storeB = parts.get(many)[0][2];
            boolean independent = b[0] <= a[0] * 1.2 && b[1] <= a[1] * 1.2;
            verdicts.put("recovery independent of the history", verdict(independent, String.format(
                    "%,d → %,d stored sessions: cold %.0f → %.0f ms (%.2f×), warm %.0f → %.0f ms (%.2f×);"
                            + " SessionStore.open cold %.0f → %.0f ms", few.storedSessions(), many.storedSessions(),
                    a[0], b[0], b[0] / a[0], a[1], b[1], b[1] / a[1], storeA, storeB)));
        }
    }

    private static double[] partsOf(List<Map<String, String>> runs) {
        return new double[] {medianOf(runs, "readMs"), medianOf(runs, "scanMs"), medianOf(runs, "storeMs"),
                medianOf(runs, "applyMs"), medianOf(runs, "gcMs"), medianOf(runs, "initMs")};
    }

    private static double liveMiB(Path dataDir) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.list(dataDir.resolve(Journal.DIRECTORY))) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().endsWith(".jsonl")) {
                    bytes += Files.size(file);
                }
            }
        }
        return bytes / 1048576.0;
    }

    /** Runs {@link RecoveryProbe} in a fresh JVM; its result lines as key=value maps. */
    private static List<Map<String, String>> child(String mode, Path template, String childClasspath)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : CHILD_JVM_ARGS.split(" ")) {
            if (!arg.isBlank()) {
                command.add(arg.replace("{name}", template.getFileName() + "-" + mode));
            }
        }
        command.addAll(List.of("-cp", childClasspath, RecoveryProbe.class.getName(), mode, template.toString(),
                String.valueOf(RECOVERY_RUNS)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Map<String, String>> results = new ArrayList<>();
        List<String> other = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("OPEN ") || line.startsWith("PARTS ")) {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (String pair : line.substring(line.indexOf(' ') + 1).split(" ")) {
                        int eq = pair.indexOf('=');
                        values.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                    results.add(values);
                } else {
                    other.add(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || results.size() != RECOVERY_RUNS) {
            throw new IllegalStateException("recovery probe failed (exit " + exit + "):\n" + String.join("\n", other));
        }
        other.forEach(l -> System.out.println("  [probe] " + l));
        return results;
    }

    /**
     * Runs the benchmark in a fresh JVM (default options) on a snapshot of the test classpath:
     * others may rebuild {@code target/} while it runs, and under exec:java it would share Maven's JVM.
     */
    private static void fork() throws Exception {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader loader = JournalSessionBenchmark.class.getClassLoader(); loader != null;
             loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    entries.add(Path.of(url.toURI()).toString());
                }
            }
        }
        if (entries.isEmpty()) {
            entries.addAll(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        }
        Path snapshot = Files.createTempDirectory("tidemark-bench-classes-");
        try {
            List<String> classpath = new ArrayList<>();
            int n = 0;
            for (String entry : entries) {
                Path path = Path.of(entry);
                if (Files.isDirectory(path)) {
                    Path copy = snapshot.resolve(String.valueOf(n++));
                    try (Stream<Path> files = Files.walk(path)) {
                        for (Path source : files.toList()) {
                            Path target = copy.resolve(path.relativize(source).toString());
                            if (Files.isDirectory(source)) {
                                Files.createDirectories(target);
                            } else {
                                Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                    classpath.add(copy.toString());
                } else {
                    classpath.add(entry);
                }
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Dbench.forked=true");
            for (String name : System.getProperties().stringPropertyNames()) {
                if (name.startsWith("bench.")) {
                    command.add("-D" + name + "=" + System.getProperty(name));
                }
            }
            command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classpath),
                    JournalSessionBenchmark.class.getName()));
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("the benchmark JVM exited with " + exit);
            }
        } finally {
            RecoveryProbe.delete(snapshot);
        }
    }

    private static double num(Map<String, String> values, String key) {
        return Double.parseDouble(values.get(key));
    }

    private static double medianOf(List<Map<String, String>> runs, String key) {
        double[] v = runs.stream().mapToDouble(m -> num(m, key)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static int[] ints(String list) {
        if (list.isBlank()) {
            return new int[0];
        }
        return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
