package dev.tidemark.bench;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.chat.Reply;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.StreamListener;
import dev.tidemark.provider.StreamSink;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.Appearance;
import dev.tidemark.ui.chat.ChatStyles;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.fx.FxExecutor;
import dev.tidemark.ui.fx.PulseExecutor;
import dev.tidemark.ui.fx.UpdateCoalescer;
import dev.tidemark.ui.markdown.MarkdownView;
import dev.tidemark.ui.theme.AppearanceViewModel;
import dev.tidemark.ui.theme.ThemeApplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The conversation view under a streaming reply, against a naive baseline, in one run (a
 * benchmark, not a test):
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.bench.RenderBenchmark}.
 *
 * <p>It runs headless (Monocle, software rendering, set below before the toolkit starts). A
 * synthetic provider streams a 20,000-token markdown reply with code blocks at 500 tokens/s and
 * at full speed through the real {@code ChatService} into the real {@code ConversationView}; the
 * naive baseline renders the same reply with one {@code Platform.runLater} per token, re-rendering
 * the whole message each time. For each it reports the FX thread's CPU time per second of stream,
 * the FX thread's CPU time per pulse (99th percentile and longest), the wall-clock gaps between pulses,
 * and the total time, after warm-up replies (the first of them, cold, is reported too). Then it opens a
 * 2,000-message session and scrolls through it. Options: {@code -Dbench.tokens=20000},
 * {@code -Dbench.naiveTokens=2000} (the naive baseline gets slow as the message grows),
 * {@code -Dbench.streamOnly=true} (only the two streams into the real view, e.g. under a profiler),
 * {@code -Dbench.threeStreams=true} (only three replies at once at 100 tokens/s, side by side in one compared turn
 * and in three chats with one shown, against one; {@code -Dbench.rounds=3} rounds, medians at the end),
 * {@code -Dbench.repeat=1} (how many times the stream at 500 tokens/s is measured), {@code -Dbench.warmUp=4}
 * (warm-up replies before it),
 * {@code -Dbench.verbose=true} (when in each run its longest pulses came, and how many nodes the scene holds),
 * {@code -Dbench.pulseLog=FILE} (appends every measured pulse's wall-clock window and FX CPU time, to line
 * pulses up with a profiler's samples).
 */
public final class RenderBenchmark {

    private static final int TOKENS = Integer.getInteger("bench.tokens", 20_000);
    private static final int NAIVE_TOKENS = Integer.getInteger("bench.naiveTokens", 2_000);
    private static final double RATE = 500;
    private static final int WARM_UP_REPLIES = Integer.getInteger("bench.warmUp", 4);

    private FxFrames frames;
    private Stage stage;

    public static void main(String[] args) throws Exception {
        new RenderBenchmark().run();
        Platform.exit();
        System.exit(0);
    }

    private void run() throws Exception {
        FxFrames.Headless headless = FxFrames.startHeadless();
        stage = headless.stage();
        frames = headless.frames();
        List<String> tokens = reply(TOKENS);
        System.out.printf("machine: %s, %d CPUs, %s %s; headless Monocle, software rendering%n",
                System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        System.out.printf("reply: %,d tokens, %,d characters, %d code blocks%n", tokens.size(),
                tokens.stream().mapToInt(String::length).sum(), String.join("", tokens).split("```").length / 2);
        System.out.printf("(pulse: the FX thread's CPU time from one pulse to the next; gap: wall time between pulses,"
                + " which includes waiting for a CPU on a busy machine)%n");
        System.out.printf("%n%-46s %7s %8s %10s %10s %10s %10s %10s%n", "run", "tokens", "total s", "FX busy",
                "pulse p99", "pulse max", "gap p99", "gap max");

        Path dir = Files.createTempDirectory("tidemark-render");
        try (Workspace workspace = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
            ProviderCatalog providers = new ProviderCatalog(new OkHttpClient(), Map.of(), Duration.ofMillis(30));
            ConversationViewModel[] vm = new ConversationViewModel[1];
            ConversationView[] conversation = new ConversationView[1];
            onFx(() -> {
                FxExecutor fx = new FxExecutor();
                // sessions read at once, on the FX thread, so that an open is measured as before
                vm[0] = new ConversationViewModel(chat, providers, fx, Runnable::run,
                        new UpdateCoalescer(new PulseExecutor(fx)), false);
                ConversationView view = new ConversationView(vm[0]);
                conversation[0] = view;
                Scene scene = new Scene(view, 1100, 720);
                // the window's own theme: colour variables, text size and stylesheets, as the app applies them
                new ThemeApplier(AppearanceViewModel.inMemory(Appearance.DEFAULTS.withTheme(Appearance.Theme.LIGHT)))
                        .apply(scene);
                stage.setScene(scene);
                stage.show();
            });
            // Warm-up: class loading and JIT compilation of the whole path. A reply's start (its cards
            // created and styled) runs once per reply, so a single warm-up reply left that path
            // interpreted: the first measured reply's first pulse took 19-30 ms, later ones' 5-9 ms. So:
            // replies at the measured rate (the path's small steps) and at full speed (its big ones).
            // The first of them, the first reply after the toolkit started, is reported for what it is.
            for (int i = 0; i < WARM_UP_REPLIES; i++) {
                Session session = chat.createSession();
                onFx(() -> vm[0].showSession(session.id()));
                nextFrame();
                boolean paced = i % 2 == 0;
                List<String> some = tokens.subList(0, Math.min(paced ? 1_000 : 4_000, tokens.size()));
                FxFrames.Result r = measure(() -> chat.send(session.id(), "warm up", new ScriptedProvider(some, paced ? RATE : 0), "m")
                        .finished().join());
                if (i == 0) {
                    print("first reply after start (cold), " + label(RATE), some.size(), r);
                }
            }
            if (Boolean.getBoolean("bench.threeStreams")) {
                threeStreams(chat, vm[0], tokens.subList(0, Math.min(1_000, tokens.size())));
                return;
            }
            int repeats = Integer.getInteger("bench.repeat", 1);
            for (double rate : rates(repeats)) {
                Session session = chat.createSession();
                onFx(() -> vm[0].showSession(session.id()));
                nextFrame(); // the switch from the previous session is not part of the stream
                FxFrames.Result r = measure(() -> {
                    Reply reply = chat.send(session.id(), "a long answer please", new ScriptedProvider(tokens, rate), "m");
                    reply.finished().join();
                });
                print("Tidemark view, " + label(rate), tokens.size(), r);
                if (Boolean.getBoolean("bench.verbose")) {
                    onFx(() -> System.out.println("  nodes in the scene: " + countNodes(stage.getScene().getRoot(), false)
                            + ", of them visible: " + countNodes(stage.getScene().getRoot(), true)));
                }
            }
            if (Boolean.getBoolean("bench.streamOnly")) {
                return;
            }
            FxFrames.Result tidemarkSmall = null;
            {
                Session session = chat.createSession();
                onFx(() -> vm[0].showSession(session.id()));
                List<String> same = tokens.subList(0, Math.min(NAIVE_TOKENS, tokens.size()));
                tidemarkSmall = measure(() -> chat.send(session.id(), "again", new ScriptedProvider(same, RATE), "m")
                        .finished().join());
                print("Tidemark view, same " + same.size() + " tokens, " + label(RATE), same.size(), tidemarkSmall);
            }

            for (double rate : new double[] {RATE, 0}) {
                List<String> naiveTokens = tokens.subList(0, Math.min(NAIVE_TOKENS, tokens.size()));
                FxFrames.Result r = measure(() -> naive(naiveTokens, rate));
                print("naive (runLater/token, whole), " + label(rate), naiveTokens.size(), r);
            }
            onFx(() -> stage.getScene().setRoot(conversation[0]));

            // a long session: open and scroll
            Session big = longSession(workspace, 2_000);
            Session small = chat.createSession();
            List<Double> opens = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                onFx(() -> vm[0].showSession(small.id()));
                nextFrame();
                long openStart = System.nanoTime();
                onFx(() -> vm[0].showSession(big.id()));
                nextFrame();
                nextFrame();
                opens.add((System.nanoTime() - openStart) / 1e6);
            }
            List<Double> sortedOpens = new ArrayList<>(opens);
            java.util.Collections.sort(sortedOpens);
            double openMs = sortedOpens.get(sortedOpens.size() / 2);
            System.out.printf("%n2,000-message session opened 7 times (to its first two frames): median %.0f ms, "
                    + "first %.0f ms, slowest %.0f ms%n", openMs, opens.get(0), sortedOpens.get(sortedOpens.size() - 1));
            FxFrames.Result scroll = measure(this::scrollThrough);
            System.out.printf("2,000-message session scrolled top to bottom (%d frames) in"
                    + " %.1f s: longest pulse %.1f ms of FX CPU, frame gap p99 %.1f ms, max %.1f ms, FX busy %.0f %%%n",
                    scroll.frames, scroll.seconds, scroll.longestPulseCpuMs, scroll.p99FrameMs,
                    scroll.longestFrameMs, 100.0 * scroll.fxBusyMsPerSecond / 1000);
        }
    }

    /**
     * Three replies streaming at once at 100 tokens/s each: in one compared turn, side by side in
     * three columns (several models at once), and in three chats with the view showing one of them;
     * against one reply at 100 tokens/s, all in the same run, {@code -Dbench.rounds=3} rounds, the
     * medians reported at the end.
     */
    private void threeStreams(ChatService chat, ConversationViewModel vm, List<String> some) throws Exception {
        double rate = 100;
        int rounds = Integer.getInteger("bench.rounds", 3);
        List<Double> singles = new ArrayList<>();
        List<Double> compared = new ArrayList<>();
        List<Double> chats = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Session one = chat.createSession();
            onFx(() -> vm.showSession(one.id()));
            nextFrame();
            FxFrames.Result single = measure(() -> chat.send(one.id(), "one", new ScriptedProvider(some, rate), "m")
                    .finished().join());
            print("one stream shown, " + label(rate), some.size(), single);
            singles.add(single.fxBusyMsPerSecond);

            Session turn = chat.createSession();
            onFx(() -> vm.showSession(turn.id()));
            nextFrame();
            List<ChatService.Target> targets = List.of(new ChatService.Target(new ScriptedProvider(some, rate), "a"),
                    new ChatService.Target(new ScriptedProvider(some, rate), "b"),
                    new ChatService.Target(new ScriptedProvider(some, rate), "c"));
            FxFrames.Result side = measure(() -> chat.sendToMany(turn.id(), "three", targets).stream()
                    .map(Reply::finished).toList().forEach(CompletableFuture::join));
            print("three streams side by side, " + label(rate) + " each", some.size() * 3, side);
            compared.add(side.fxBusyMsPerSecond);

            List<Session> three = List.of(chat.createSession(), chat.createSession(), chat.createSession());
            onFx(() -> vm.showSession(three.get(0).id()));
            nextFrame();
            FxFrames.Result r = measure(() -> three.stream()
                    .map(s -> chat.send(s.id(), "three", new ScriptedProvider(some, rate), "m").finished())
                    .toList().forEach(CompletableFuture::join));
            print("three streams in 3 chats, one shown, " + label(rate) + " each", some.size() * 3, r);
            chats.add(r.fxBusyMsPerSecond);
            System.out.printf("  FX busy, side by side / one: %.2f, three chats / one: %.2f; load average %s%n",
                    side.fxBusyMsPerSecond / single.fxBusyMsPerSecond, r.fxBusyMsPerSecond / single.fxBusyMsPerSecond,
                    VersionSwitchBenchmark.load());
        }
        System.out.printf("%nmedian of %d rounds, FX busy: one stream %.1f%%, three side by side %.1f%% (%.2f x one),"
                        + " three in 3 chats %.1f%% (%.2f x one)%n", rounds, median(singles) / 10, median(compared) / 10,
                median(compared) / median(singles), median(chats) / 10, median(chats) / median(singles));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The measured rate {@code repeats} times, then full speed. */
    private static double[] rates(int repeats) {
        double[] rates = new double[repeats + 1];
        java.util.Arrays.fill(rates, 0, repeats, RATE);
        return rates;
    }

    private static int countNodes(javafx.scene.Node node, boolean visibleOnly) {
        if (visibleOnly && !node.isVisible()) {
            return 0;
        }
        int n = 1;
        if (node instanceof javafx.scene.Parent parent) {
            for (javafx.scene.Node child : parent.getChildrenUnmodifiable()) {
                n += countNodes(child, visibleOnly);
            }
        }
        return n;
    }

    private static String label(double rate) {
        return rate > 0 ? (int) rate + " tokens/s" : "full speed";
    }

    private void print(String run, int count, FxFrames.Result r) {
        System.out.printf("%-46s %7d %8.1f %9.1f%% %10.1f %10.1f %10.1f %10.1f%n", run, count, r.seconds,
                r.fxBusyMsPerSecond / 10, r.p99PulseCpuMs, r.longestPulseCpuMs, r.p99FrameMs, r.longestFrameMs);
    }

    private FxFrames.Result measure(Runnable work) throws Exception {
        return frames.measure(work);
    }

    /** The baseline: one runLater per token, and the whole message rendered again each time. */
    private void naive(List<String> tokens, double rate) {
        StackPane holder = new StackPane();
        ScrollPane scroll = new ScrollPane(holder);
        scroll.setFitToWidth(true);
        onFxQuiet(() -> stage.getScene().setRoot(new StackPane(scroll)));
        onFxQuiet(() -> stage.getScene().getRoot().getStylesheets().add(ChatStyles.STYLESHEET));
        StringBuilder text = new StringBuilder();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        for (int i = 0; i < tokens.size(); i++) {
            text.append(tokens.get(i));
            String snapshot = text.toString();
            Platform.runLater(() -> {
                MarkdownView view = new MarkdownView(url -> { });
                view.setMarkdown(snapshot);
                holder.getChildren().setAll(view);
                // what a naive client pays per token: the whole message laid out again, now
                holder.applyCss();
                holder.layout();
                scroll.setVvalue(1.0);
                done.incrementAndGet();
            });
            pace(start, i, rate);
        }
        while (done.get() < tokens.size()) {
            sleep(5);
        }
    }

    private void scrollThrough() {
        FxFrames.scrollThrough(stage);
    }

    private Session longSession(Workspace workspace, int count) {
        Instant at = Instant.parse("2026-11-26T00:00:00Z");
        List<Message> messages = new ArrayList<>();
        List<String> sample = reply(120);
        for (int i = 0; i < count; i++) {
            messages.add(i % 2 == 0 ? Message.user(Ids.next(), "Question " + i + ": how does this work?", at)
                    : new Message(Ids.next(), Role.ASSISTANT, String.join("", sample), MessageStatus.COMPLETE, at,
                    "demo/demo", null));
        }
        Session session = new Session(Ids.next(), "Long session", at, at, messages);
        workspace.store().put(session);
        return session;
    }

    /** A markdown reply: paragraphs, lists and a code block about every 400 tokens. */
    public static List<String> reply(int count) {
        List<String> out = new ArrayList<>();
        String[] words = "the tide rises and falls twice a day because the moon pulls on the oceans while the earth turns"
                .split(" ");
        int i = 0;
        while (out.size() < count) {
            int block = out.size() % 400;
            if (block == 0 && !out.isEmpty()) {
                out.add("\n\n```java\n");
                for (int line = 0; line < 12 && out.size() < count; line++) {
                    out.add("int level" + line + " = tide(" + line + ");\n");
                }
                out.add("```\n\n");
            } else if (block == 200) {
                out.add("\n\n- first point about **tides**\n- second point with `code`\n\n");
            } else {
                out.add(words[i++ % words.length] + (i % 17 == 0 ? ".\n\n" : " "));
            }
        }
        return out.subList(0, count);
    }

    /** Streams a fixed list of tokens at a rate (0: as fast as possible) on its own thread. */
    private static final class ScriptedProvider implements ChatProvider {
        private final List<String> tokens;
        private final double rate;

        ScriptedProvider(List<String> tokens, double rate) {
            this.tokens = tokens;
            this.rate = rate;
        }

        @Override
        public String id() {
            return "bench";
        }

        @Override
        public String displayName() {
            return "bench";
        }

        @Override
        public String defaultModel() {
            return "bench";
        }

        @Override
        public Cancellable stream(ChatRequest request, StreamListener listener) {
            StreamSink sink = new StreamSink(listener);
            Thread thread = new Thread(() -> {
                long start = System.nanoTime();
                for (int i = 0; i < tokens.size(); i++) {
                    sink.text(tokens.get(i));
                    pace(start, i, rate);
                }
                sink.done("stop");
            }, "bench-provider");
            thread.setDaemon(true);
            thread.start();
            return thread::interrupt;
        }
    }

    private static void pace(long start, int i, double rate) {
        if (rate <= 0) {
            return;
        }
        long next = start + (long) ((i + 1) * 1e9 / rate);
        long wait = next - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for the next frame the FX thread draws. */
    static void nextFrame() throws Exception {
        CountDownLatch frame = new CountDownLatch(1);
        Platform.runLater(() -> new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                frame.countDown();
            }
        }.start());
        frame.await(10, TimeUnit.SECONDS);
    }

    /** Runs on the FX thread and waits for it (its exception thrown here). */
    static void onFx(Runnable r) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                r.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(60, TimeUnit.SECONDS);
    }

    static void onFxQuiet(Runnable r) {
        try {
            onFx(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
