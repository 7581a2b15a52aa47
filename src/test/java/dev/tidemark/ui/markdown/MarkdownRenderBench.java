package dev.tidemark.ui.markdown;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long one update of a streaming reply costs the FX thread: a 20,000-token reply with code
 * blocks, fed to a {@link MarkdownView} as it grows, one setMarkdown per 1, 10 and 100 tokens, each
 * followed by a pulse's CSS, layout and sync work on the FX thread (painting, which happens on the
 * render thread, is not included). Headless, Monocle and the software pipeline:
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.ui.markdown.MarkdownRenderBench}
 * (add {@code -Dexec.args=10} to run one step only).
 */
public final class MarkdownRenderBench {

    private static final int TOKENS = 20_000;
    private static final int[] STEPS = {1, 10, 100};

    public static void main(String[] args) throws Exception {
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);      // each run hides its window; the toolkit must outlive that

        List<String> tokens = MarkdownStreamingTest.tokens(reply(TOKENS));
        String whole = String.join("", tokens);
        System.out.printf("reply: %,d tokens, %,d chars; Java %s, JavaFX %s, prism %s%n", tokens.size(), whole.length(),
                System.getProperty("java.version"), System.getProperty("javafx.runtime.version"),
                System.getProperty("prism.order"));

        onFx(() -> stream(tokens.subList(0, 4_000), 10, false));           // warm-up, not reported
        System.out.printf("%-16s %7s %10s %10s %10s %10s %12s %8s%n", "tokens per call", "calls", "median ms",
                "p99 ms", "max ms", "total s", "full parses", "blocks");
        int[] steps = args.length == 0 ? STEPS : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int step : steps) {
            onFx(() -> stream(tokens, step, true));
        }
        // the worst case for one update: a single long block that keeps growing
        List<String> longCode = MarkdownStreamingTest.tokens(code("java", new Random(7), 600));
        System.out.printf("one code block of 600 lines (%,d tokens, %,d chars), 1 token per call:%n", longCode.size(),
                String.join("", longCode).length());
        onFx(() -> stream(longCode, 1, true));
        onFx(() -> {
            Stage stage = stage();
            MarkdownView view = (MarkdownView) ((Parent) stage.getScene().getRoot()).getChildrenUnmodifiable().get(0);
            long t0 = System.nanoTime();
            view.setMarkdown(whole);
            pulse();
            System.out.printf("one render of the whole reply from scratch: %.1f ms, %,d nodes%n",
                    (System.nanoTime() - t0) / 1e6, count(stage.getScene().getRoot()));
            stage.hide();
        });
        Platform.exit();
    }

    private static void stream(List<String> tokens, int step, boolean report) {
        Stage stage = stage();
        MarkdownView view = (MarkdownView) ((Parent) stage.getScene().getRoot()).getChildrenUnmodifiable().get(0);
        StringBuilder sent = new StringBuilder();
        long[] nanos = new long[(tokens.size() + step - 1) / step];
        int calls = 0;
        for (int i = 0; i < tokens.size(); i += step) {
            for (int k = i; k < Math.min(tokens.size(), i + step); k++) {
                sent.append(tokens.get(k));
            }
            String text = sent.toString();
            long t0 = System.nanoTime();
            view.setMarkdown(text);
            pulse();
            nanos[calls++] = System.nanoTime() - t0;
        }
        MarkdownViewSkin skin = (MarkdownViewSkin) view.getSkin();
        if (report) {
            String fresh = freshDump(stage, sent.toString());
            if (!fresh.equals(TestTheme.dump(skin.content()))) {
                throw new AssertionError("the streamed render differs from a fresh one");
            }
            long[] sorted = Arrays.copyOf(nanos, calls);
            Arrays.sort(sorted);
            System.out.printf("%-16d %7d %10.3f %10.3f %10.3f %10.2f %12d %8d%n", step, calls,
                    sorted[calls / 2] / 1e6, sorted[(int) Math.min(calls - 1, Math.ceil(calls * 0.99) - 1)] / 1e6,
                    sorted[calls - 1] / 1e6, Arrays.stream(sorted).sum() / 1e9, skin.fullParses(),
                    skin.content().getChildren().size());
        }
        stage.hide();
    }

    private static String freshDump(Stage beside, String text) {
        Stage stage = stage();
        MarkdownView view = (MarkdownView) ((Parent) stage.getScene().getRoot()).getChildrenUnmodifiable().get(0);
        view.setMarkdown(text);
        pulse();
        String dump = TestTheme.dump(((MarkdownViewSkin) view.getSkin()).content());
        stage.hide();
        return dump;
    }

    private static Stage stage() {
        MarkdownView view = new MarkdownView(url -> { });
        Stage stage = new Stage();
        stage.setScene(new Scene(TestTheme.root(view), 760, 780));
        stage.show();
        return stage;
    }

    /**
     * What the FX thread does in a pulse: the scenes' CSS pass (dirty branches only), layout pass and
     * sync to the render thread. Not {@code applyCss()} on the root: that forces an UPDATE of every
     * node below it and would time re-styling the whole message on every call.
     */
    private static void pulse() {
        com.sun.javafx.tk.Toolkit.getToolkit().firePulse();
    }

    private static int count(Parent parent) {
        int n = 1;
        for (var child : parent.getChildrenUnmodifiable()) {
            n += child instanceof Parent p ? count(p) : 1;
        }
        return n;
    }

    /** A reply like a model writes: sections of prose, lists, tables, quotes and code, until {@code tokens} tokens. */
    static String reply(int tokens) {
        Random random = new Random(42);
        String[] words = ("tide moon sea water level port chart datum height range spring neap flood ebb current "
                + "harbour coast gauge station reading metre hour cycle gravity orbit basin wave surge model "
                + "forecast").split(" ");
        StringBuilder out = new StringBuilder();
        int section = 0;
        while (MarkdownStreamingTest.tokens(out.toString()).size() < tokens) {
            out.append("## Section ").append(++section).append(": ").append(words[random.nextInt(words.length)])
                    .append("\n\n");
            for (int p = 0; p < 2; p++) {
                out.append(sentence(random, words, 40 + random.nextInt(40))).append("\n\n");
            }
            switch (section % 5) {
                case 0 -> out.append(code("java", random, 25));
                case 1 -> out.append(list(random, words));
                case 2 -> out.append(code("python", random, 15)).append(table(random, words));
                case 3 -> out.append("> ").append(sentence(random, words, 30)).append("\n\n")
                        .append(code("json", random, 12));
                default -> out.append(list(random, words)).append(code("bash", random, 8));
            }
        }
        List<String> all = MarkdownStreamingTest.tokens(out.toString());
        return String.join("", all.subList(0, tokens));
    }

    private static String sentence(Random random, String[] words, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            String word = words[random.nextInt(words.length)];
            if (i > 0) {
                s.append(' ');
            }
            switch (random.nextInt(25)) {
                case 0 -> s.append('*').append(word).append('*');
                case 1 -> s.append("**").append(word).append("**");
                case 2 -> s.append('`').append(word).append("()`");
                case 3 -> s.append('[').append(word).append("](https://example.com/").append(word).append(')');
                default -> s.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            }
        }
        return s.append('.').toString();
    }

    private static String list(Random random, String[] words) {
        StringBuilder s = new StringBuilder();
        int items = 3 + random.nextInt(4);
        boolean ordered = random.nextBoolean();
        for (int i = 0; i < items; i++) {
            s.append(ordered ? (i + 1) + ". " : "- ").append(sentence(random, words, 8 + random.nextInt(12))).append('\n');
            if (random.nextInt(3) == 0) {
                s.append("   - ").append(sentence(random, words, 6)).append('\n');
            }
        }
        return s.append('\n').toString();
    }

    private static String table(Random random, String[] words) {
        StringBuilder s = new StringBuilder("| Station | Height (m) | Note |\n|---|--:|:-:|\n");
        for (int r = 0; r < 4; r++) {
            s.append("| ").append(words[random.nextInt(words.length)]).append(" | ").append(random.nextInt(90) / 10.0)
                    .append(" | ").append(words[random.nextInt(words.length)]).append(" |\n");
        }
        return s.append('\n').toString();
    }

    private static String code(String language, Random random, int lines) {
        List<String> body = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            int n = random.nextInt(1000);
            body.add(switch (language) {
                case "java" -> i % 6 == 0 ? "    // reading " + n : "    double h" + i + " = gauge.read(\"st" + n + "\") * " + n + ".5;";
                case "python" -> i % 5 == 0 ? "# reading " + n : "    h" + i + " = gauge.read('st" + n + "') * " + n + " if ok else None";
                case "json" -> "  \"station" + i + "\": {\"height\": " + n + ".5, \"ok\": true},";
                default -> "curl -s \"$HOST/api/" + n + "\" | jq '.height' # station " + i;
            });
        }
        String open = "java".equals(language) ? "class Readings {\n" : "json".equals(language) ? "{\n" : "";
        String close = "java".equals(language) ? "\n}" : "json".equals(language) ? "\n}" : "";
        return "```" + language + "\n" + open + String.join("\n", body) + close + "\n```\n\n";
    }

    private static void onFx(Runnable work) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(30, TimeUnit.MINUTES);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
