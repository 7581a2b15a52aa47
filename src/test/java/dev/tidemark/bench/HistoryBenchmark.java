package dev.tidemark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.history.HistorySearch;
import dev.tidemark.history.ScanSearch;
import dev.tidemark.history.SearchIndex;
import dev.tidemark.history.SearchResults;
import dev.tidemark.history.StoreLibrary;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionCodec;
import dev.tidemark.session.SessionStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The history at 1,000 and 10,000 sessions: the session list at startup, search, memory.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.bench.HistoryBenchmark
 * </pre>
 *
 * <p>Each size runs in a fresh JVM (default options), so that one size's heap and JIT do not colour
 * the other's. The child generates N sessions (about 10 KB of varied text each: questions and
 * longer answers over a Zipf-distributed vocabulary of 60,000 words, plus a rare word in 3 sessions)
 * and writes them with {@link SessionCodec} into a temporary data directory's {@code sessions/};
 * then, in the same run, it measures
 * <ul>
 *   <li>the session list at startup: {@link SessionStore#open} and {@link #showList} (first, in the
 *       cold JVM, and the median of 5 more), with the files in the OS cache;</li>
 *   <li>a scan of every session for one rare word (what search would cost without an index);</li>
 *   <li>building the index from nothing, and opening it again (catch-up: every session's stamp compared);</li>
 *   <li>the first page (50 hits, with snippets) of several queries: the first run after the build
 *       (cold) and the median of 20 (warm); then again cold after reopening the index;</li>
 *   <li>the heap used after a full GC: with the list shown, and with the index open after the searches
 *       (less the JVM's heap before the store was opened).</li>
 * </ul>
 * Options: {@code -Dbench.sizes=1000,10000}.
 */
public final class HistoryBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RARE = "zanzibarite";
    /** name → query: a very common word, a common one, a rare one, prefixes as typed, two words. */
    private static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("common word \"the\"", "the");
        QUERIES.put("word \"harbour\"", "harbour");
        QUERIES.put("rare word", RARE);
        QUERIES.put("prefix \"t\" (first key)", "t");
        QUERIES.put("prefix \"har\"", "har");
        QUERIES.put("two words \"high water\"", "high water");
    }

    private HistoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--child")) {
            child(Integer.parseInt(args[1]));
            return;
        }
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.sizes", "1000,10000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        Map<Integer, JsonNode> results = new LinkedHashMap<>();
        for (int n : sizes) {
            results.put(n, runChild(n));
        }
        report(results);
        System.exit(0); // exec:java waits for stray threads otherwise
    }

    // ---- the parent: one child JVM per size, then the table ----

    private static JsonNode runChild(int n) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", classPath(),
                HistoryBenchmark.class.getName(), "--child", String.valueOf(n));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        JsonNode result = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = JSON.readTree(line.substring("RESULT ".length()));
                } else {
                    System.out.println("  [" + n + "] " + line);
                }
            }
        }
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
            throw new IllegalStateException("the benchmark child for " + n + " sessions failed");
        }
        return result;
    }

    /** The test class path: under exec:java it is the class loader's, not java.class.path (Maven's own). */
    private static String classPath() throws Exception {
        java.util.Set<String> entries = new java.util.LinkedHashSet<>();
        for (ClassLoader loader = HistoryBenchmark.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof java.net.URLClassLoader urls) {
                for (java.net.URL url : urls.getURLs()) {
                    entries.add(Path.of(url.toURI()).toString());
                }
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path")
                : String.join(java.io.File.pathSeparator, entries);
    }

    private static void report(Map<Integer, JsonNode> results) {
        List<Integer> sizes = new ArrayList<>(results.keySet());
        StringBuilder out = new StringBuilder();
        out.append("\n| measure | ").append(String.join(" | ", sizes.stream().map(n -> String.format(Locale.ROOT,
                "%,d sessions", n)).toList()));
        boolean ratio = sizes.size() == 2;
        out.append(ratio ? " | ratio |\n" : " |\n");
        out.append("|---|").append("---:|".repeat(sizes.size() + (ratio ? 1 : 0))).append('\n');
        JsonNode first = results.get(sizes.get(0));
        for (var it = first.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            out.append("| ").append(key).append(" | ");
            for (int n : sizes) {
                out.append(format(key, results.get(n).path(key).asDouble())).append(" | ");
            }
            if (ratio) {
                double a = results.get(sizes.get(0)).path(key).asDouble();
                double b = results.get(sizes.get(1)).path(key).asDouble();
                out.append(a > 0 ? String.format(Locale.ROOT, "×%.1f", b / a) : "–").append(" |");
            }
            out.append('\n');
        }
        System.out.println(out);
    }

    private static String format(String key, double value) {
        if (key.endsWith("(MB)")) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (key.endsWith("(ms)")) {
            return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    // ---- the child: one size ----

    private static void child(int n) throws Exception {
        Path dataDir = Files.createTempDirectory("tidemark-history-bench");
        ObjectNode r = JSON.createObjectNode();
        try {
            long t0 = System.nanoTime();
            long bytes = generate(dataDir, n);
            System.out.printf(Locale.ROOT, "generated %,d sessions, %.1f MB of session files in %.1f s%n", n,
                    bytes / 1e6, (System.nanoTime() - t0) / 1e9);
            r.put("session files (MB)", bytes / 1e6);
            long baseline = usedHeapAfterGc();

            // a history written over time: the files are older than the index the app keeps
            java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
            try (var files = Files.list(dataDir.resolve(SessionStore.DIRECTORY))) {
                for (Path f : files.toList()) {
                    Files.setLastModifiedTime(f, old);
                }
            }
            // the first start with this history builds the list's index (sessions/index.json) from the files
            long built = System.nanoTime();
            SessionStore.open(dataDir, true, problem -> { }).close();
            r.put("first start: list index built from the files (ms)", ms(built));

            // the list at startup, as the app opens it (it owns the directory): the first in a cold
            // JVM, then warm
            List<Double> opens = new ArrayList<>();
            SessionStore store = null;
            List<?> shown = null;
            for (int i = 0; i < 6; i++) {
                if (store != null) {
                    store.close();
                }
                shown = null;
                long s = System.nanoTime();
                store = SessionStore.open(dataDir, true, problem -> { });
                shown = showList(store);
                opens.add(ms(s));
            }
            if (shown.size() != n) {
                throw new IllegalStateException("listed " + shown.size() + " of " + n);
            }
            r.put("list at startup, first (ms)", opens.get(0));
            r.put("list at startup, median of 5 (ms)", median(opens.subList(1, opens.size())));
            long withList = usedHeapAfterGc() - baseline;
            r.put("heap with the list shown (MB)", withList / 1e6);

            StoreLibrary library = new StoreLibrary(store);
            ScanSearch scan = new ScanSearch(library);
            List<Double> scans = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long s = System.nanoTime();
                scan.search(RARE, HistorySearch.FIRST_PAGE);
                scans.add(ms(s));
            }
            r.put("scan for a rare word, no index (ms)", median(scans));

            long b = System.nanoTime();
            SearchIndex index = SearchIndex.open(dataDir, library, true, System.out::println);
            index.ready().get(30, TimeUnit.MINUTES);
            r.put("index build (ms)", ms(b));
            if (!index.isIndexed()) {
                throw new IllegalStateException("the index did not build");
            }
            r.put("index on disk (MB)", directorySize(dataDir.resolve(SearchIndex.DIRECTORY)) / 1e6);
            for (var q : QUERIES.entrySet()) {
                long s = System.nanoTime();
                SearchResults res = index.search(q.getValue(), HistorySearch.FIRST_PAGE);
                r.put("search " + q.getKey() + ", cold (ms)", ms(s));
                if (res.hits().isEmpty() || !res.indexed()) {
                    throw new IllegalStateException("no hits for " + q.getValue());
                }
            }
            for (var q : QUERIES.entrySet()) {
                List<Double> runs = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    long s = System.nanoTime();
                    index.search(q.getValue(), HistorySearch.FIRST_PAGE);
                    runs.add(ms(s));
                }
                r.put("search " + q.getKey() + ", warm median (ms)", median(runs));
            }
            long withIndex = usedHeapAfterGc() - baseline;
            r.put("heap with list and index, after searches (MB)", withIndex / 1e6);
            r.put("heap added by the index (MB)", (withIndex - withList) / 1e6);

            index.close();
            long o = System.nanoTime();
            index = SearchIndex.open(dataDir, library, true, System.out::println);
            index.ready().get(30, TimeUnit.MINUTES);
            r.put("index reopen and catch-up (ms)", ms(o));
            long s = System.nanoTime();
            index.search("harbour", HistorySearch.FIRST_PAGE);
            r.put("search after reopen, first (ms)", ms(s));
            index.close();
            store.close();
            System.out.println("RESULT " + JSON.writeValueAsString(r));
        } finally {
            deleteTree(dataDir);
        }
    }

    /** What the window does to show the session list at startup; the one call to change with the store. */
    static List<?> showList(SessionStore store) {
        return store.summaries();
    }

    // ---- the generated history ----

    private static final String[] COMMON = ("the of and to a in is it that for you with on as this be are was"
            + " can your have or at by not from but an if will they which there what so we all one would when"
            + " more about how up out do then time some these like into than use other could make only also any"
            + " new just see way well because need first very may two should here good each even most where"
            + " after over between through same still both under again few while last own long down right"
            + " high water tide harbour harbor boat coast wind sea wave current moon spring neap range chart"
            + " depth anchor sail port bay island rock channel beach light lighthouse ship crew weather storm"
            + " forecast pressure rain sun cloud morning evening night day week month year hour minute today"
            + " code function class method value list map string number file data test error build run start"
            + " stop return call read write open close save load index search query result page table row"
            + " bread dough flour yeast salt oven rise bake loaf crust crumb starter water temperature hours"
            + " garden plant soil seed leaf root tree flower grow summer winter autumn cold warm dry wet").split(" ");
    private static final String[] SYLLABLES = ("ka ro mi te su la ven tor el ar is on an ur bel gra pho lin"
            + " dor mer qua sti pre con ex tra mon fal ric hed").split(" ");

    /** Writes n sessions with SessionCodec; returns the bytes written. */
    private static long generate(Path dataDir, int n) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve(SessionStore.DIRECTORY));
        Random random = new Random(42);
        String[] vocabulary = vocabulary(random, 60_000);
        double[] cumulative = zipf(vocabulary.length, 1.07);
        SessionCodec codec = new SessionCodec();
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        long total = 0;
        for (int i = 0; i < n; i++) {
            Instant at = start.plusSeconds(i * 3_137L);
            List<Message> messages = new ArrayList<>();
            int size = 0;
            int turn = 0;
            while (size < 9_600) {
                String question = sentences(random, vocabulary, cumulative, 1 + random.nextInt(3));
                if (turn == 0 && (i == n / 3 || i == n / 2 || i == n - 7)) {
                    question = question + " What about " + RARE + "?";
                }
                String answer = paragraphs(random, vocabulary, cumulative, 2 + random.nextInt(4));
                messages.add(Message.user("m" + i + "-" + turn + "q", question, at.plusSeconds(turn * 60L)));
                messages.add(new Message("m" + i + "-" + turn + "a", Role.ASSISTANT, answer, MessageStatus.COMPLETE,
                        at.plusSeconds(turn * 60L + 5), "gpt-4o", null));
                size += question.length() + answer.length();
                turn++;
            }
            String first = messages.get(0).text();
            String title = first.length() > 48 ? first.substring(0, 48).strip() : first;
            Session session = new Session(String.format(Locale.ROOT, "s%06d", i), title, at,
                    at.plusSeconds(turn * 60L), messages);
            byte[] bytes = codec.encode(session);
            Files.write(dir.resolve(session.id() + ".json"), bytes);
            total += bytes.length;
        }
        return total;
    }

    private static String[] vocabulary(Random random, int size) {
        String[] words = new String[size];
        System.arraycopy(COMMON, 0, words, 0, COMMON.length);
        for (int i = COMMON.length; i < size; i++) {
            StringBuilder w = new StringBuilder();
            int syllables = 2 + random.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            words[i] = w.toString();
        }
        return words;
    }

    private static double[] zipf(int n, double exponent) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            c[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private static String word(Random random, String[] vocabulary, double[] cumulative) {
        int at = Arrays.binarySearch(cumulative, random.nextDouble());
        return vocabulary[Math.min(vocabulary.length - 1, at < 0 ? -at - 1 : at)];
    }

    private static String sentences(Random random, String[] vocabulary, double[] cumulative, int count) {
        StringBuilder out = new StringBuilder();
        for (int s = 0; s < count; s++) {
            int words = 6 + random.nextInt(14);
            for (int w = 0; w < words; w++) {
                String word = word(random, vocabulary, cumulative);
                if (w == 0) {
                    word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                }
                out.append(word).append(w == words - 1 ? (random.nextInt(5) == 0 ? "?" : ".") : " ");
                if (w > 0 && w < words - 1 && random.nextInt(12) == 0) {
                    out.setLength(out.length() - 1);
                    out.append(", ");
                }
            }
            out.append(' ');
        }
        return out.toString().strip();
    }

    private static String paragraphs(Random random, String[] vocabulary, double[] cumulative, int count) {
        StringBuilder out = new StringBuilder();
        for (int p = 0; p < count; p++) {
            if (p > 0) {
                out.append("\n\n");
            }
            if (random.nextInt(6) == 0) {
                out.append("- ").append(sentences(random, vocabulary, cumulative, 1)).append("\n- ")
                        .append(sentences(random, vocabulary, cumulative, 1));
            } else {
                out.append(sentences(random, vocabulary, cumulative, 2 + random.nextInt(4)));
            }
        }
        return out.toString();
    }

    // ---- measuring ----

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
