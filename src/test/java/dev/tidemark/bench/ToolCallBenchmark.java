package dev.tidemark.bench;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.chat.LoopTools;
import dev.tidemark.chat.ToolHost;
import dev.tidemark.chat.ToolPolicy;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.ToolLedger;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolResult;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.Workspace;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a tool call costs over the tool's own time (a benchmark, not a test):
 * {@code mvn -o -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.bench.ToolCallBenchmark}.
 *
 * <p>{@value #CALLS} calls of the test server's {@code echo} through the real loop: a reply on
 * loopback HTTP ends with the call; the loop routes it, journals {@code tool.requested} and
 * {@code tool.decided}, forces {@code tool.started}, sends the call to the server (a child process
 * over stdio, through {@code mcp.McpServers}), and forces {@code tool.finished} — timed from the reply's end to that last force.
 * Interleaved with them, the same call straight to the host: the tool's own round trip. Both on
 * the real journal (fsync on every barrier) in a temporary directory.
 */
public final class ToolCallBenchmark {

    private static final int CALLS = Integer.getInteger("bench.calls", 200);
    private static final int WARM_UP = 20;
    private static volatile String echoName = "echo";

    public static void main(String[] args) throws Exception {
        useLoaderClassPath();
        Path dir = Files.createTempDirectory("tidemark-tool-bench");
        ExecutorService workers = Executors.newFixedThreadPool(2);
        MockWebServer http = new MockWebServer();
        AtomicInteger requests = new AtomicInteger();
        http.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                // odd requests call echo; even ones answer in text, ending the loop
                String body = requests.incrementAndGet() % 2 == 1 ? echoCall() : text();
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                        .body(body).build();
            }
        });
        http.start();
        try (LoopTools tools = LoopTools.start(dir.resolve("data"));
             Workspace workspace = Workspace.open(dir.resolve("data"), Journal.Options.defaults(), Clock.systemUTC(),
                     p -> { })) {
            ToolHost host = tools.host();
            Map<String, Long> finishedAt = new ConcurrentHashMap<>();
            Map<String, Long> startedForce = new ConcurrentHashMap<>();
            JournalAppender timed = record -> {
                CompletableFuture<Void> written = workspace.appender().append(record);
                if (record instanceof ToolLedger.Finished f) {
                    written.thenRun(() -> finishedAt.put(f.streamId(), System.nanoTime()));
                }
                if (record instanceof ToolLedger.Started st) {
                    long queued = System.nanoTime();
                    written.thenRun(() -> startedForce.put(st.streamId(), System.nanoTime() - queued));
                }
                return written;
            };
            ChatService chat = new ChatService(timed, workspace.store(), Clock.systemUTC(), Ids::next, workers);
            chat.tools().use(host, call -> Optional.of(ToolPolicy.Decision.ALLOWED_BY_RULE));
            Map<String, Long> endedAt = new ConcurrentHashMap<>();
            chat.addListener(new ChatService.Listener() {
                @Override
                public void replyFinished(Reply reply) {
                    endedAt.put(reply.streamId(), System.nanoTime());
                }
            });
            OpenAiProvider provider = new OpenAiProvider(new OkHttpClient(), http.url("/v1").toString(), "sk-bench");
            ToolHost.OfferedTool echo = host.offered().stream().filter(t -> t.tool().equals("echo")).findFirst()
                    .orElseThrow();
            echoName = echo.wireName();

            long began = System.nanoTime();
            List<Double> loop = new ArrayList<>();
            List<Double> own = new ArrayList<>();
            List<Double> force = new ArrayList<>();
            for (int i = 0; i < WARM_UP + CALLS; i++) {
                Session session = chat.createSession();
                Reply reply = chat.send(session.id(), "Echo it.", provider, "gpt-bench");
                while (!finishedAt.containsKey(reply.streamId()) || chat.busy(session.id())) {
                    Thread.sleep(1);
                }
                long t0 = System.nanoTime();
                ToolResult direct = host.call(echo, "{\"text\":\"bench\"}", ToolHost.ToolProgress.NONE).result()
                        .get(30, TimeUnit.SECONDS);
                long ownNanos = System.nanoTime() - t0;
                if (direct.error()) {
                    throw new IllegalStateException(direct.text());
                }
                if (i >= WARM_UP) {
                    loop.add((finishedAt.get(reply.streamId()) - endedAt.get(reply.streamId())) / 1e6);
                    own.add(ownNanos / 1e6);
                    force.add(startedForce.get(reply.streamId()) / 1e6);
                }
            }
            Collections.sort(loop);
            Collections.sort(own);
            Collections.sort(force);
            System.out.printf("%d calls of echo (after %d to warm up), %.1f s in all%n", CALLS, WARM_UP,
                    (System.nanoTime() - began) / 1e9);
            System.out.printf("%-46s %10s %10s%n", "", "median ms", "p99 ms");
            System.out.printf("%-46s %10.2f %10.2f%n", "reply's end -> tool.finished forced (loop)",
                    pct(loop, 50), pct(loop, 99));
            System.out.printf("%-46s %10.2f %10.2f%n", "  of which: tool.started queued -> forced", pct(force, 50),
                    pct(force, 99));
            System.out.printf("%-46s %10.2f %10.2f%n", "the tool's own round trip (host.call)", pct(own, 50),
                    pct(own, 99));
            System.out.printf("%-46s %10.2f%n", "what the loop adds (difference of the medians)",
                    pct(loop, 50) - pct(own, 50));
            chat.stopAll();
        } finally {
            http.close();
            workers.shutdownNow();
        }
        System.exit(0);
    }

    /**
     * Under {@code exec:java} the JVM's class path is Maven's, and the test classes are in the
     * context class loader: the test server's child JVM needs those.
     */
    private static void useLoaderClassPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (java.net.URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    // not a file: not for a class path
                }
            }
            if (!entries.isEmpty()) {
                System.setProperty("java.class.path", String.join(java.io.File.pathSeparator, entries));
            }
        }
    }

    private static double pct(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String echoCall() {
        return chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"" + echoName + "\",\"arguments\":\"\"}}]}", null)
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"text\\\":\\\"bench\\\"}\"}}]}",
                null)
                + chunk("{}", "tool_calls") + "data: [DONE]\n\n";
    }

    private static String text() {
        return chunk("{\"role\":\"assistant\",\"content\":\"Done.\"}", null) + chunk("{}", "stop") + "data: [DONE]\n\n";
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-bench\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }
}
