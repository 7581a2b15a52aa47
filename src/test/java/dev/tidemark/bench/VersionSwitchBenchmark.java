package dev.tidemark.bench;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.Appearance;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.chat.MessageItem;
import dev.tidemark.ui.fx.FxExecutor;
import dev.tidemark.ui.fx.PulseExecutor;
import dev.tidemark.ui.fx.UpdateCoalescer;
import dev.tidemark.ui.theme.AppearanceViewModel;
import dev.tidemark.ui.theme.ThemeApplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Switching versions in a long conversation tree, in the real conversation view (a benchmark, not
 * a test):
 * {@code mvn -o -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.bench.VersionSwitchBenchmark}.
 *
 * <p>Headless (Monocle, software rendering), as {@link RenderBenchmark}. A 2,000-message chat (the
 * active path) with a fork every 50 messages: each fork's reply has 3 versions, the two older ones
 * each followed by a question and an answer of their own. The view shows it; then, at forks chosen
 * round-robin from top to bottom, a switch to the older version (the path ends 3 messages below
 * the fork) and back to the newest (the whole 2,000 again), each through
 * {@link ConversationViewModel#switchVersion} as the switcher calls it. Per switch it measures the
 * FX thread's CPU time and the wall time from the call until the next pulse has laid the scene out
 * (a post-layout pulse listener). The baseline, in the same run: the same switches in a 200-message
 * chat with the same forks. Options: {@code -Dbench.switches=40} (switch pairs measured per chat),
 * {@code -Dbench.messages=2000}.
 */
public final class VersionSwitchBenchmark {

    private static final int MESSAGES = Integer.getInteger("bench.messages", 2_000);
    private static final int SWITCHES = Integer.getInteger("bench.switches", 40);
    private static final int FORK_EVERY = 50;
    private static final int VERSIONS = 3;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Stage stage;

    public static void main(String[] args) throws Exception {
        new VersionSwitchBenchmark().run();
        Platform.exit();
        System.exit(0);
    }

    /** A forked chat as stored, and the fork points: {parent id, newest version id}, top to bottom. */
    private record Tree(Session session, List<String[]> forks) {
    }

    private void run() throws Exception {
        stage = FxFrames.startHeadless().stage();
        System.out.printf("machine: %s, %d CPUs, %s %s; headless Monocle, software rendering; load average %s%n",
                System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), load());
        Path dir = Files.createTempDirectory("tidemark-switch");
        try (Workspace workspace = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
            ProviderCatalog providers = new ProviderCatalog(new OkHttpClient(), Map.of(), Duration.ofMillis(30));
            ConversationViewModel[] vm = new ConversationViewModel[1];
            RenderBenchmark.onFx(() -> {
                FxExecutor fx = new FxExecutor();
                vm[0] = new ConversationViewModel(chat, providers, fx, Runnable::run,
                        new UpdateCoalescer(new PulseExecutor(fx)), false);
                Scene scene = new Scene(new ConversationView(vm[0]), 1100, 720);
                new ThemeApplier(AppearanceViewModel.inMemory(Appearance.DEFAULTS.withTheme(Appearance.Theme.LIGHT)))
                        .apply(scene);
                stage.setScene(scene);
                stage.show();
            });
            Tree big = tree(MESSAGES);
            Tree small = tree(MESSAGES / 10);
            workspace.store().put(big.session());
            workspace.store().put(small.session());
            System.out.printf("chats: %,d and %,d messages on the active path (%,d and %,d in all), a fork every %d"
                            + " messages with %d versions%n", big.session().messages().size(),
                    small.session().messages().size(), big.session().allMessages().size(),
                    small.session().allMessages().size(), FORK_EVERY, VERSIONS);
            // warm-up: class loading and JIT of the whole path, both chats
            switches(vm[0], small, SWITCHES / 2);
            switches(vm[0], big, SWITCHES / 2);
            List<double[]> bigRuns = switches(vm[0], big, SWITCHES);
            List<double[]> smallRuns = switches(vm[0], small, SWITCHES);
            System.out.printf("%nFX thread per switch, from switchVersion until the next pulse has laid the scene out"
                    + " (%d switches each; ms; load average %s)%n", SWITCHES * 2, load());
            System.out.printf("%-44s %8s %8s %8s %8s %8s %8s%n", "chat, switch", "CPU p50", "CPU p95", "CPU max",
                    "wall p50", "wall p95", "wall max");
            double[] b = row(MESSAGES + " messages, both directions", bigRuns, -1);
            row("  to an older version (path ends below it)", bigRuns, 0);
            row("  back to the newest (the whole path)", bigRuns, 1);
            double[] s = row(MESSAGES / 10 + " messages (baseline), both directions", smallRuns, -1);
            row("  to an older version", smallRuns, 0);
            row("  back to the newest", smallRuns, 1);
            System.out.printf("%nratio %d / %d messages: CPU p50 %.2f, CPU p95 %.2f, wall p50 %.2f%n", MESSAGES,
                    MESSAGES / 10, b[0] / s[0], b[1] / s[1], b[3] / s[3]);
            System.out.printf("target (one frame, <= 16 ms of FX time per switch at %,d messages): %s (CPU p95 %.1f ms,"
                    + " max %.1f ms)%n", MESSAGES, b[1] <= 16 ? "met" : "NOT met", b[1], b[2]);
        } finally {
            RecoveryProbe.delete(dir);
        }
    }

    /** {@code count} switch pairs at forks taken round-robin; each {CPU ms, wall ms, direction}. */
    private List<double[]> switches(ConversationViewModel vm, Tree tree, int count) throws Exception {
        RenderBenchmark.onFx(() -> vm.showSession(tree.session().id()));
        RenderBenchmark.nextFrame();
        RenderBenchmark.nextFrame();
        List<double[]> out = new ArrayList<>();
        int forks = tree.forks().size();
        for (int i = 0; i < count; i++) {
            // spread over the depths: 0, n/2, 1, n/2+1, ...
            String[] fork = tree.forks().get((i % 2 == 0 ? i / 2 : forks / 2 + i / 2) % forks);
            out.add(switchOnce(vm, fork[1], -1, 0));
            String older = vm.messages().stream().filter(m -> fork[0].equals(m.parentId())).findFirst()
                    .map(MessageItem::id).orElseThrow();
            out.add(switchOnce(vm, older, +1, 1));
        }
        return out;
    }

    private double[] switchOnce(ConversationViewModel vm, String itemId, int step, int direction) throws Exception {
        CompletableFuture<double[]> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            MessageItem item = vm.messages().stream().filter(m -> m.id().equals(itemId)).findFirst().orElseThrow();
            Scene scene = stage.getScene();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            if (vm.switchVersion(item, step).isEmpty()) {
                done.completeExceptionally(new IllegalStateException("no switch at " + itemId + ": "
                        + vm.noticeProperty().get()));
                return;
            }
            Runnable[] listener = new Runnable[1];
            listener[0] = () -> {
                scene.removePostLayoutPulseListener(listener[0]);
                done.complete(new double[] {(threads.getCurrentThreadCpuTime() - cpu0) / 1e6,
                        (System.nanoTime() - t0) / 1e6, direction});
            };
            scene.addPostLayoutPulseListener(listener[0]);
            Platform.requestNextPulse();
        });
        double[] r = done.get(60, TimeUnit.SECONDS);
        RenderBenchmark.nextFrame(); // the frame after, outside the measurement
        return r;
    }

    /** Prints CPU and wall p50, p95, max of the runs in one direction (-1: all); returns them. */
    private static double[] row(String label, List<double[]> runs, int direction) {
        List<Double> cpu = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        for (double[] r : runs) {
            if (direction < 0 || r[2] == direction) {
                cpu.add(r[0]);
                wall.add(r[1]);
            }
        }
        Collections.sort(cpu);
        Collections.sort(wall);
        double[] v = {pct(cpu, 0.5), pct(cpu, 0.95), cpu.get(cpu.size() - 1), pct(wall, 0.5), pct(wall, 0.95),
                wall.get(wall.size() - 1)};
        System.out.printf("%-44s %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f%n", label, v[0], v[1], v[2], v[3], v[4], v[5]);
        return v;
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.get((int) Math.floor(p * (sorted.size() - 1)));
    }

    /**
     * A chat whose active path has {@code count} messages (question, answer, ...); every
     * {@value #FORK_EVERY}th message, an answer, has {@value #VERSIONS} versions, the older ones
     * each followed by a question and an answer.
     */
    private static Tree tree(int count) {
        Instant at = Instant.parse("2026-12-06T00:00:00Z");
        String answer = String.join("", RenderBenchmark.reply(120));
        List<Message> all = new ArrayList<>();
        List<String[]> forks = new ArrayList<>();
        String parent = null;
        for (int i = 0; i < count; i++) {
            boolean user = i % 2 == 0;
            if (!user && i % FORK_EVERY == FORK_EVERY - 1) {
                for (int v = 1; v < VERSIONS; v++) {
                    Message older = assistant("Version " + v + ". " + answer, at).withParent(parent);
                    Message q = Message.user(Ids.next(), "And then?", at).withParent(older.id());
                    all.add(older);
                    all.add(q);
                    all.add(assistant(answer, at).withParent(q.id()));
                }
            }
            Message m = user ? Message.user(Ids.next(), "Question " + i + ": how does this work?", at).withParent(parent)
                    : assistant(answer, at).withParent(parent);
            if (!user && i % FORK_EVERY == FORK_EVERY - 1) {
                forks.add(new String[] {parent, m.id()});
            }
            all.add(m);
            parent = m.id();
        }
        Session session = new Session(Ids.next(), count + " messages with versions", at, at, all, Map.of(),
                SessionSettings.DEFAULTS, false, null);
        return new Tree(session, forks);
    }

    private static Message assistant(String text, Instant at) {
        return new Message(Ids.next(), Role.ASSISTANT, text, MessageStatus.COMPLETE, at, "demo/demo", null);
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
