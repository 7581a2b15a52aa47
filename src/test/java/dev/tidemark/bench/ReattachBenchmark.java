package dev.tidemark.bench;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.Endpoint;
import dev.tidemark.provider.openai.ResponsesProvider;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.responses.ResponsesTestServer;
import okhttp3.OkHttpClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What background replies cost at start and how soon a recovered one is finishing (a benchmark, not
 * a test): {@code mvn -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tidemark.bench.ReattachBenchmark}.
 *
 * <ol>
 *   <li><b>Start with replies waiting.</b> Data directories holding {@value #HISTORY} finished chats and
 *   0, 1 or 10 background replies left streaming when the app quit (their runs going on at the
 *   service): {@code Workspace.open} — journal scan, recovery, the carried copies forced — timed, the
 *   directories taking turns, each open carrying the replies again as every start does. The bytes
 *   of journal left after each start show that nothing piles up.</li>
 *   <li><b>Re-attach.</b> A recovered reply whose run has finished at the service (200 pieces):
 *   from {@code ChatService.reattach} to the first re-attached piece, and to the reply complete in
 *   the session store, over loopback against the scripted server, with the real journal.</li>
 * </ol>
 */
public final class ReattachBenchmark {

    private static final int HISTORY = Integer.getInteger("bench.history", 200);
    private static final int RUNS = Integer.getInteger("bench.runs", 15);

    public static void main(String[] args) throws Exception {
        try (ResponsesTestServer server = ResponsesTestServer.start()) {
            okhttp3.Dispatcher calls = new okhttp3.Dispatcher();
            calls.setMaxRequestsPerHost(32); // ten replies stream at once to one host (OkHttp's default allows five)
            OkHttpClient http = new OkHttpClient.Builder().dispatcher(calls).build();
            Path root = Files.createTempDirectory("tidemark-reattach-bench");
            int[] waiting = {0, 1, 10};
            List<Path> dirs = new ArrayList<>();
            for (int k : waiting) {
                dirs.add(prepare(root.resolve("waiting-" + k), k, server, http));
            }
            List<List<Double>> openMillis = new ArrayList<>();
            List<Long> journalBytes = new ArrayList<>();
            for (int i = 0; i < waiting.length; i++) {
                openMillis.add(new ArrayList<>());
                journalBytes.add(0L);
            }
            for (int run = 0; run < RUNS + 2; run++) {
                for (int i = 0; i < waiting.length; i++) {
                    long t0 = System.nanoTime();
                    Workspace w = Workspace.open(dirs.get(i), Journal.Options.defaults(), Clock.systemUTC(), p -> { });
                    int found = w.recovery().reattachable().size();
                    double ms = (System.nanoTime() - t0) / 1e6;
                    w.close();
                    if (found != waiting[i]) {
                        throw new IllegalStateException("expected " + waiting[i] + " replies waiting, found " + found);
                    }
                    if (run >= 2) { // two warm-up rounds
                        openMillis.get(i).add(ms);
                    }
                    journalBytes.set(i, journalSize(dirs.get(i)));
                    if (Boolean.getBoolean("bench.sizes")) {
                        System.out.println("run " + run + " waiting " + waiting[i] + ": " + journalBytes.get(i) + " bytes");
                    }
                }
            }
            System.out.println("start (Workspace.open) with " + HISTORY + " chats in history, medians over " + RUNS
                    + " opens each:");
            double base = median(openMillis.get(0));
            for (int i = 0; i < waiting.length; i++) {
                double m = median(openMillis.get(i));
                System.out.printf(Locale.ROOT, "  %2d replies waiting: %7.1f ms (x%.2f of none), journal after the"
                        + " last start %,d bytes%n", waiting[i], m, m / base, journalBytes.get(i));
            }
            reattach(root.resolve("reattach"), server, http);
        }
        System.exit(0);
    }

    /** A data directory with {@code HISTORY} finished chats and {@code k} background replies left streaming. */
    private static Path prepare(Path dir, int k, ResponsesTestServer server, OkHttpClient http) throws Exception {
        Files.createDirectories(dir);
        try (Workspace w = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            ChatService chat = new ChatService(w.appender(), w.store(), Clock.systemUTC(), Ids::next);
            for (int i = 0; i < HISTORY; i++) {
                Session s = chat.createSession();
                server.script(words("done", 40), Duration.ZERO);
                Message m = chat.send(s.id(), "question " + i, provider(server, http, false), "gpt-test").finished()
                        .get(30, TimeUnit.SECONDS);
                if (m.status() != MessageStatus.COMPLETE) {
                    throw new IllegalStateException("a history reply ended " + m.status() + ": " + m.detail());
                }
            }
            List<Reply> streaming = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                server.script(words("slow", 400), Duration.ofMillis(200)); // the service keeps generating for minutes
                Session s = chat.createSession();
                streaming.add(chat.send(s.id(), "a long one " + i, provider(server, http, true), "gpt-test"));
            }
            for (Reply r : streaming) {
                while (r.length() == 0 || r.responseId().isEmpty()) {
                    Thread.sleep(10);
                }
            }
            chat.stopAll(); // the app quits: the runs go on at the service, their streams stay open
            w.store().flush().get(30, TimeUnit.SECONDS);
        }
        return dir;
    }

    private static void reattach(Path dir, ResponsesTestServer server, OkHttpClient http) throws Exception {
        List<Double> first = new ArrayList<>();
        List<Double> complete = new ArrayList<>();
        for (int run = 0; run < RUNS + 2; run++) {
            Path d = dir.resolve("run-" + run);
            Files.createDirectories(d);
            server.script(words("tide", 200), Duration.ofMillis(1));
            String session;
            try (Workspace w = Workspace.open(d, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
                ChatService chat = new ChatService(w.appender(), w.store(), Clock.systemUTC(), Ids::next);
                Session s = chat.createSession();
                session = s.id();
                Reply r = chat.send(s.id(), "go", provider(server, http, true), "gpt-test");
                while (r.length() < 20) {
                    Thread.sleep(1);
                }
                chat.stopAll();
                w.store().flush().get(30, TimeUnit.SECONDS);
                server.awaitGenerated(r.responseId().orElseThrow());
            }
            try (Workspace w = Workspace.open(d, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
                Recovery.Reattachable waiting = w.recovery().reattachable().get(0);
                ChatService chat = new ChatService(w.appender(), w.store(), Clock.systemUTC(), Ids::next);
                CompletableFuture<Long> firstPiece = new CompletableFuture<>();
                chat.addListener(new ChatService.Listener() {
                    @Override
                    public void replyUpdated(Reply reply, StreamEvent piece) {
                        if (piece instanceof StreamEvent.TextDelta) {
                            firstPiece.complete(System.nanoTime());
                        }
                    }
                });
                long t0 = System.nanoTime();
                Message done = chat.reattach(waiting, provider(server, http, true)).finished().get(30, TimeUnit.SECONDS);
                long t1 = System.nanoTime();
                if (done.status() != MessageStatus.COMPLETE || !done.recovered()
                        || !w.store().get(session).orElseThrow().message(done.id()).orElseThrow().text()
                                .equals(String.join("", words("tide", 200)))) {
                    throw new IllegalStateException("the re-attached reply is not the script: " + done.status());
                }
                if (run >= 2) {
                    first.add((firstPiece.get() - t0) / 1e6);
                    complete.add((t1 - t0) / 1e6);
                }
            }
        }
        System.out.printf(Locale.ROOT, "re-attach of a reply finished at the service (200 pieces), medians over %d:"
                + " first piece %.1f ms (p90 %.1f), complete and saved %.1f ms (p90 %.1f)%n", RUNS, median(first),
                percentile(first, 0.9), median(complete), percentile(complete, 0.9));
    }

    private static ResponsesProvider provider(ResponsesTestServer server, OkHttpClient http, boolean background) {
        return new ResponsesProvider(http, new Endpoint(server.baseUrl(), "sk-bench"), background);
    }

    private static List<String> words(String stem, int n) {
        return IntStream.range(0, n).mapToObj(i -> stem + i + " ").toList();
    }

    private static long journalSize(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("journal"))) {
            long total = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }
}
