package dev.tidemark.bench;

import dev.tidemark.ui.chat.ConversationView;
import javafx.animation.AnimationTimer;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.tidemark.bench.RenderBenchmark.nextFrame;
import static dev.tidemark.bench.RenderBenchmark.onFx;
import static dev.tidemark.bench.RenderBenchmark.onFxQuiet;

/** What the benchmarks measure of the FX thread while work runs: its CPU time per frame and the gaps between frames. */
final class FxFrames {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long fxThreadId;

    /** A headless FX toolkit started for a benchmark: its stage, and what is measured of its thread. */
    record Headless(Stage stage, FxFrames frames) {
    }

    /**
     * Starts JavaFX headless (Monocle, software rendering), as the benchmarks run: before anything
     * else of JavaFX is touched.
     */
    static Headless startHeadless() throws InterruptedException {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("testfx.headless", "true");
        System.setProperty("java.awt.headless", "true");
        CompletableFuture<Headless> started = new CompletableFuture<>();
        javafx.application.Platform.startup(
                () -> started.complete(new Headless(new Stage(), new FxFrames(Thread.currentThread().getId()))));
        try {
            return started.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** @param fxThreadId the FX thread's id (read on it, at start-up) */
    FxFrames(long fxThreadId) {
        this.fxThreadId = fxThreadId;
    }

    /** Runs {@code work} while measuring FX CPU time, frame gaps and the FX thread's CPU time in each frame. */
    Result measure(Runnable work) throws Exception {
        List<long[]> frames = new ArrayList<>(); // {wall nanos, FX thread CPU nanos}, appended on the FX thread
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                frames.add(new long[] {System.nanoTime(), threads.getCurrentThreadCpuTime()});
            }
        };
        onFx(timer::start);
        long cpu0 = threads.getThreadCpuTime(fxThreadId);
        long t0 = System.nanoTime();
        long wall0 = System.currentTimeMillis();
        work.run();
        nextFrame();
        long t1 = System.nanoTime();
        long cpu1 = threads.getThreadCpuTime(fxThreadId);
        onFx(timer::stop);
        List<Long> gaps = new ArrayList<>();
        List<Long> pulses = new ArrayList<>();
        long longestCpu = 0;
        double longestAt = 0;
        List<long[]> seen = new ArrayList<>();
        onFx(() -> seen.addAll(frames));
        for (int i = 1; i < seen.size(); i++) {
            gaps.add(seen.get(i)[0] - seen.get(i - 1)[0]);
            long cpu = seen.get(i)[1] - seen.get(i - 1)[1];
            pulses.add(cpu);
            if (cpu > longestCpu) {
                longestCpu = cpu;
                longestAt = (seen.get(i)[0] - t0) / 1e9;
            }
        }
        java.util.Collections.sort(gaps);
        java.util.Collections.sort(pulses);
        double pulseP99 = pulses.isEmpty() ? 0 : pulses.get((int) Math.floor(0.99 * (pulses.size() - 1))) / 1e6;
        double seconds = (t1 - t0) / 1e9;
        double longest = gaps.isEmpty() ? 0 : gaps.get(gaps.size() - 1) / 1e6;
        double p99 = gaps.isEmpty() ? 0 : gaps.get((int) Math.floor(0.99 * (gaps.size() - 1))) / 1e6;
        if (Boolean.getBoolean("bench.verbose")) {
            System.out.printf("  (longest pulse at %.2f s of %.2f s)%n", longestAt, seconds);
            List<double[]> top = new ArrayList<>();
            for (int i = 1; i < seen.size(); i++) {
                top.add(new double[] {(seen.get(i)[1] - seen.get(i - 1)[1]) / 1e6, (seen.get(i)[0] - t0) / 1e9});
            }
            top.sort((a, b) -> Double.compare(b[0], a[0]));
            StringBuilder line = new StringBuilder("  longest pulses (ms of FX CPU at s):");
            for (double[] t : top.subList(0, Math.min(15, top.size()))) {
                line.append(String.format(java.util.Locale.ROOT, " %.1f@%.2f", t[0], t[1]));
            }
            System.out.println(line);
        }
        String pulseLog = System.getProperty("bench.pulseLog");
        if (pulseLog != null) {
            // each pulse's wall-clock window (epoch ms) and FX CPU time, to line up with a profiler's samples
            StringBuilder log = new StringBuilder();
            for (int i = 1; i < seen.size(); i++) {
                log.append(String.format(java.util.Locale.ROOT, "%d %d %.3f%n", wall0 + (seen.get(i - 1)[0] - t0) / 1_000_000,
                        wall0 + (seen.get(i)[0] - t0) / 1_000_000, (seen.get(i)[1] - seen.get(i - 1)[1]) / 1e6));
            }
            Files.writeString(Path.of(pulseLog), log, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        return new Result(seconds, (cpu1 - cpu0) / 1e6 / seconds, longest, p99, longestCpu / 1e6, pulseP99,
                gaps.size());
    }

    /**
     * @param longestFrameMs  the longest wall-clock gap between two pulses (includes waiting for a CPU)
     * @param p99FrameMs      the 99th percentile of those gaps
     * @param longestPulseCpuMs the most CPU time the FX thread spent between two pulses: the longest pulse's own work
     */
    static final class Result {
        final double seconds;
        final double fxBusyMsPerSecond;
        final double longestFrameMs;
        final double p99FrameMs;
        final double longestPulseCpuMs;
        final double p99PulseCpuMs;
        final int frames;

        Result(double seconds, double fxBusyMsPerSecond, double longestFrameMs, double p99FrameMs,
               double longestPulseCpuMs, double p99PulseCpuMs, int frames) {
            this.seconds = seconds;
            this.fxBusyMsPerSecond = fxBusyMsPerSecond;
            this.longestFrameMs = longestFrameMs;
            this.p99FrameMs = p99FrameMs;
            this.longestPulseCpuMs = longestPulseCpuMs;
            this.p99PulseCpuMs = p99PulseCpuMs;
            this.frames = frames;
        }
    }

    static void scrollThrough(Stage stage) {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        onFxQuiet(() -> {
            ListView<?> list = (ListView<?>) stage.getScene().getRoot().lookup("#" + ConversationView.LIST_ID);
            VirtualFlow<?> flow = (VirtualFlow<?>) list.lookup(".virtual-flow");
            flow.setPosition(0);
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    flow.scrollPixels(400);
                    if (flow.getPosition() >= 1.0) {
                        stop();
                        finished.complete(null);
                    }
                }
            }.start();
        });
        finished.join();
    }
}
