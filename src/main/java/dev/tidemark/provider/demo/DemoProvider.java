package dev.tidemark.provider.demo;

import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.StreamListener;
import dev.tidemark.provider.StreamSink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline demo: streams a locally made, markdown-rich reply at a human pace so that a fresh
 * install works with no key and no network. It is not a model and says so in every reply.
 */
public final class DemoProvider implements ChatProvider {

    public static final String ID = "demo";
    public static final String MODEL = "demo";

    private static final Pattern TOKEN = Pattern.compile("\\S+\\s*|\\s+");

    private final Duration tokenInterval;
    private final ScheduledExecutorService scheduler;

    /** @param tokenInterval time between tokens (about 30 ms reads like a fast model) */
    public DemoProvider(Duration tokenInterval) {
        this.tokenInterval = tokenInterval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-provider");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Demo (offline, not a model)";
    }

    @Override
    public String defaultModel() {
        return MODEL;
    }

    @Override
    public Cancellable stream(ChatRequest request, StreamListener listener) {
        Playback playback = new Playback(tokens(reply(request.lastUserText(), request.messages().size())),
                new StreamSink(listener));
        playback.start();
        return playback;
    }

    /** Plays one reply, a token per tick, on the scheduler thread (which owns {@code next}). */
    private final class Playback implements Runnable, Cancellable {
        private final List<String> tokens;
        private final StreamSink sink;
        private int next;
        private volatile boolean stopped;
        private volatile ScheduledFuture<?> future;

        Playback(List<String> tokens, StreamSink sink) {
            this.tokens = tokens;
            this.sink = sink;
        }

        void start() {
            long periodMicros = Math.max(1, tokenInterval.toNanos() / 1000);
            future = scheduler.scheduleAtFixedRate(this, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
            if (stopped) {
                future.cancel(false);
            }
        }

        @Override
        public void run() {
            if (stopped) {
                return;
            }
            if (next < tokens.size()) {
                sink.text(tokens.get(next++));
            } else {
                sink.done("stop");
                cancel();
            }
        }

        @Override
        public void cancel() {
            stopped = true;
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        return CompletableFuture.completedFuture(List.of(MODEL));
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** The reply: a short markdown tour that quotes the prompt, so each answer differs. */
    static String reply(String prompt, int turnCount) {
        String quoted = prompt.strip().replaceAll("\\s+", " ");
        if (quoted.length() > 120) {
            quoted = quoted.substring(0, 117) + "…";
        }
        int words = quoted.isEmpty() ? 0 : quoted.split(" ").length;
        return """
                ## Demo reply

                *This is Tidemark's offline demo, not a language model.* You wrote:

                > %s

                That is **%d words**, turn %d of this conversation. Connect a real provider \
                (OpenAI, Anthropic or any OpenAI-compatible server) to get real answers.

                What Tidemark does with every reply:

                1. **Streams** it as it arrives.
                2. **Journals** every piece to disk on a background thread.
                3. **Recovers** it after a crash, marked with an amber *Recovered* badge.

                ```java
                record Reply(String text, Status status) {}
                ```

                | Step | Where it happens |
                |------|------------------|
                | parse | network thread |
                | journal | writer thread |
                | render | FX thread |

                Try closing the app in the middle of a reply and opening it again.
                """.formatted(quoted.isEmpty() ? "(nothing)" : quoted, words, (turnCount + 1) / 2);
    }
}
