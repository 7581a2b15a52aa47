package dev.tidemark.bench;

import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionSummary;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start-up recovery against the number of versions kept (a benchmark, not a test):
 * {@code mvn -o -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.bench.VersionsRecoveryBenchmark}.
 *
 * <p>Two data directories on real files with the same journal tail to recover (a 1 MiB mixed
 * journal after a crash, {@link Workload#writeMixedJournal}, same seed, its replies already in the
 * store as {@link Workload#storeJournal} leaves them, then another journal of new chats the
 * store has not seen, whose last replies were cut off) and the same history (200 stored chats of 6
 * exchanges); in one each reply has 1 version, in the other 10 (9 older versions beside each reply,
 * in the journal's chats too). Each is opened with {@code Workspace.open} by {@link RecoveryProbe}
 * in a fresh JVM, on a fresh copy per run; the directories are measured in turn, twice. Options:
 * {@code -Dbench.recoveryRuns=6} (opens per JVM; the first, cold, is reported apart),
 * {@code -Dbench.versions=10}, {@code -Dbench.historyChats=200}.
 */
public final class VersionsRecoveryBenchmark {

    private static final int RUNS = Integer.getInteger("bench.recoveryRuns", 6);
    private static final int VERSIONS = Integer.getInteger("bench.versions", 10);
    private static final int HISTORY = Integer.getInteger("bench.historyChats", 200);
    private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");

    private VersionsRecoveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("tidemark-versions");
        try {
            Map<Integer, Path> dirs = new LinkedHashMap<>();
            for (int versions : new int[] {1, VERSIONS}) {
                Path dir = root.resolve("versions-" + versions);
                new Workload(1_001).writeMixedJournal(dir, 1L << 20);
                Workload.storeJournal(dir);
                long messages = keepVersions(dir, versions);
                // and a tail the store has not seen: new chats, three replies cut off by the crash
                Workload.MixedJournal tail = new Workload(2_002).writeMixedJournal(dir, (5L << 20) / 4);
                dirs.put(versions, dir);
                System.out.printf("data directory with %2d version(s) of each reply: %,d messages stored, %.1f MiB of"
                        + " chats, %.1f MiB of journal; the unseen tail: %,d records, %d chats, %d replies open%n",
                        versions, messages, mib(dir.resolve(SessionStore.DIRECTORY)),
                        mib(dir.resolve(dev.tidemark.journal.Journal.DIRECTORY)), tail.records(), tail.sessions(),
                        tail.openStreams());
            }
            Map<Integer, List<Double>> warm = new LinkedHashMap<>();
            Map<Integer, List<Double>> cold = new LinkedHashMap<>();
            Map<Integer, String> recovered = new LinkedHashMap<>();
            for (int round = 0; round < 2; round++) {
                for (Map.Entry<Integer, Path> e : dirs.entrySet()) {
                    List<Map<String, String>> runs = probe(e.getValue());
                    cold.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(Double.parseDouble(runs.get(0).get("ms")));
                    for (Map<String, String> run : runs.subList(1, runs.size())) {
                        warm.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(Double.parseDouble(run.get("ms")));
                    }
                    recovered.put(e.getKey(), runs.get(0).get("recovered") + " replies recovered, "
                            + runs.get(0).get("restored") + " messages restored, "
                            + runs.get(0).get("sessions") + " chats");
                }
            }
            System.out.printf("%nWorkspace.open (lock, store, journal scan, fold, apply), %d opens per fresh JVM, 2 JVMs"
                    + " each, in turn (ms; load average %s)%n", RUNS, VersionSwitchBenchmark.load());
            System.out.printf("%-22s %10s %10s %10s  %s%n", "versions kept", "cold best", "warm p50", "warm max", "");
            double[] w = new double[2];
            int i = 0;
            for (int versions : dirs.keySet()) {
                List<Double> ws = new ArrayList<>(warm.get(versions));
                Collections.sort(ws);
                List<Double> cs = new ArrayList<>(cold.get(versions));
                Collections.sort(cs);
                w[i++] = ws.get(ws.size() / 2);
                System.out.printf("%-22s %10.1f %10.1f %10.1f  %s%n", versions + " of each reply", cs.get(0),
                        ws.get(ws.size() / 2), ws.get(ws.size() - 1), recovered.get(versions));
            }
            System.out.printf("%nratio warm p50, %d versions / 1: %.2f%n", VERSIONS, w[1] / w[0]);
        } finally {
            RecoveryProbe.delete(root);
        }
        System.exit(0);
    }

    /**
     * Gives every reply in the store {@code versions - 1} older versions beside it and adds the
     * history chats; then the files get an old time and the index is written again, as
     * {@link Workload#storeJournal} leaves them. Returns the messages stored.
     */
    private static long keepVersions(Path dir, int versions) throws Exception {
        String answer = String.join("", RenderBenchmark.reply(80));
        long count = 0;
        try (SessionStore store = SessionStore.open(dir, true, p -> System.err.println("store: " + p))) {
            for (SessionSummary summary : store.summaries()) {
                Session s = store.get(summary.id()).orElseThrow();
                List<Message> all = new ArrayList<>();
                for (Message m : s.allMessages()) {
                    if (m.role() == Role.ASSISTANT) {
                        for (int v = 1; v < versions; v++) {
                            all.add(reply("Version " + v + ". " + answer, m.createdAt()).withParent(m.parentId()));
                        }
                    }
                    all.add(m);
                }
                Session with = new Session(s.id(), s.title(), s.createdAt(), s.updatedAt(), all, s.choices(),
                        s.settings(), s.pinned(), s.deletedAt(), s.branchedFrom().orElse(null));
                store.put(with);
                count += all.size();
            }
            Instant at = AT;
            for (int c = 0; c < HISTORY; c++) {
                List<Message> all = new ArrayList<>();
                String parent = null;
                for (int e = 0; e < 6; e++) {
                    at = at.plusSeconds(60);
                    Message q = Message.user(Ids.next(), "Question " + e + " of chat " + c, at).withParent(parent);
                    all.add(q);
                    Message last = null;
                    for (int v = 0; v < versions; v++) {
                        last = reply((v + 1 < versions ? "Version " + (v + 1) + ". " : "") + answer, at).withParent(q.id());
                        all.add(last);
                    }
                    parent = last.id();
                }
                store.put(new Session(Ids.next(), "History " + c, all.get(0).createdAt(), at, all, Map.of(),
                        null, false, null));
                count += all.size();
            }
            store.flush().get(10, TimeUnit.MINUTES);
        }
        FileTime old = FileTime.from(AT.minusSeconds(86_400));
        try (Stream<Path> files = Files.list(dir.resolve(SessionStore.DIRECTORY))) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals(SessionStore.INDEX)) {
                    Files.setLastModifiedTime(file, old);
                }
            }
        }
        SessionStore.open(dir, true, p -> System.err.println("store: " + p)).close();
        return count;
    }

    private static Message reply(String text, Instant at) {
        return new Message(Ids.next(), Role.ASSISTANT, text, MessageStatus.COMPLETE, at, "demo/demo", null);
    }

    private static double mib(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / 1048576.0;
        }
    }

    /** The test classpath: under exec:java, the class loader's URLs (java.class.path is Maven's own). */
    private static String classpath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (ClassLoader loader = VersionsRecoveryBenchmark.class.getClassLoader(); loader != null;
             loader = loader.getParent()) {
            if (loader instanceof java.net.URLClassLoader urls) {
                for (java.net.URL url : urls.getURLs()) {
                    entries.add(Path.of(url.toURI()).toString());
                }
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path")
                : String.join(java.io.File.pathSeparator, entries);
    }

    /** {@link RecoveryProbe} in a fresh JVM on the test classpath; its OPEN lines as key=value maps. */
    private static List<Map<String, String>> probe(Path template) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classpath(), RecoveryProbe.class.getName(), "open", template.toString(),
                String.valueOf(RUNS));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Map<String, String>> results = new ArrayList<>();
        List<String> other = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("OPEN ")) {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (String pair : line.substring(5).split(" ")) {
                        int eq = pair.indexOf('=');
                        values.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                    results.add(values);
                } else {
                    other.add(line);
                }
            }
        }
        if (process.waitFor() != 0 || results.size() != RUNS) {
            throw new IllegalStateException("recovery probe failed:\n" + String.join("\n", other));
        }
        return results;
    }
}
