package dev.tidemark.bench;

import dev.tidemark.testing.VirtualDisplay;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Process start to first shown frame, and idle memory, for a bare JavaFX window and for Tidemark
 * (class path without and with an application class-data archive, and the jpackage launcher of
 * target/installer when it has been built), in one run, on a private Xvfb display:
 *
 * <pre>
 * mvn -q -DskipTests package &amp;&amp; mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.tidemark.bench.StartupBenchmark [-Dexec.args=RUNS]
 * </pre>
 *
 * Every run starts a new JVM on a new, empty data directory (a first start on a fresh account, the
 * demo provider), measured from just before the process is started to the moment its
 * {@code tidemark-startup} line arrives (so the launcher's own start counts too). first-frame is
 * the window's first laid-out frame (Tidemark's still says "Opening …"), window-ready the frame
 * with the chats and conversation in it. RSS is VmRSS from /proc after the window has been up and
 * idle for 2 s and again after 10 s. The jar class path variants get the installed launcher's JVM
 * options (the collector, the starting heap, native heap trimming). The variants take turns, run
 * after run, so that load from other programs spreads over all of them. Needs Linux, Xvfb and libgtk-3-0.
 */
public final class StartupBenchmark {

    private static final String MAIN = "dev.tidemark.app.Launcher";

    private record Variant(String name, List<String> command, boolean dataDir) {
    }

    private record Run(double firstFrameMillis, double readyMillis, long rssKiB, long idleRssKiB) {
    }

    /** RSS is read this long after the window is ready, and again after {@link #IDLE_MILLIS}. */
    private static final long SETTLED_MILLIS = 2_000;
    private static final long IDLE_MILLIS = 10_000;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path target = Path.of("target").toAbsolutePath();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String jarClassPath = jarClassPath(target);
        String javafxJars = javafxJars(target);

        Path work = Files.createTempDirectory("tidemark-startup");
        Path archive = work.resolve("tidemark.jsa");
        makeArchive(java, jarClassPath, work, archive);

        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("bare JavaFX window", List.of(java.toString(), "-cp",
                target.resolve("test-classes") + File.pathSeparator + javafxJars, HelloWindow.class.getName()), false));
        List<String> options = launcherJavaOptions();
        List<String> plain = new ArrayList<>(List.of(java.toString(), "-Dtidemark.startupMarker=true"));
        plain.addAll(options);
        plain.addAll(List.of("-cp", jarClassPath, MAIN));
        variants.add(new Variant("Tidemark, jar class path, no app archive", plain, true));
        List<String> withArchive = new ArrayList<>(List.of(java.toString(), "-Dtidemark.startupMarker=true",
                "-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
        withArchive.addAll(options);
        withArchive.addAll(List.of("-cp", jarClassPath, MAIN));
        variants.add(new Variant("Tidemark, jar class path + app CDS archive", withArchive, true));
        System.err.println("JVM options of the installed launcher, given to the jar class path too: " + options);
        Path launcher = target.resolve("installer/Tidemark/bin/Tidemark");
        if (Files.isExecutable(launcher)) {
            boolean archived = Files.exists(target.resolve("installer/Tidemark/lib/app/tidemark.jsa"));
            variants.add(new Variant("Tidemark, app-image launcher" + (archived ? " (with its archive)" : " (no archive)"),
                    List.of(launcher.toString()), true));
        }

        Map<Variant, List<Run>> results = new LinkedHashMap<>();
        variants.forEach(v -> results.put(v, new ArrayList<>()));
        try (VirtualDisplay display = VirtualDisplay.start()) {
            for (Variant v : variants) { // one unmeasured start each: the disk cache, JavaFX's native cache
                measure(v, display, work);
            }
            for (int i = 0; i < runs; i++) {
                for (Variant v : variants) {
                    Run run = measure(v, display, work);
                    results.get(v).add(run);
                    System.err.printf(Locale.ROOT, "run %d %-48s first %6.0f ms  ready %6.0f ms  rss %4d MB  idle %4d MB%n",
                            i + 1, v.name(), run.firstFrameMillis(), run.readyMillis(), run.rssKiB() / 1024,
                            run.idleRssKiB() / 1024);
                }
            }
        } finally {
            deleteRecursively(work);
        }

        double bareReady = median(results.get(variants.get(0)).stream().mapToDouble(Run::readyMillis).toArray());
        double bareFirst = median(results.get(variants.get(0)).stream().mapToDouble(Run::firstFrameMillis).toArray());
        System.out.printf(Locale.ROOT, "Startup on %s, Java %s, %d runs each (median)%n",
                System.getProperty("os.name"), System.getProperty("java.version"), runs);
        System.out.printf(Locale.ROOT, "| %-48s | %11s | %12s | %12s | %12s | %10s | %11s |%n", "variant",
                "first frame", "first / bare", "window ready", "ready / bare", "RSS at 2 s", "RSS at 10 s");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(50), "-".repeat(13), "-".repeat(14),
                "-".repeat(14), "-".repeat(14), "-".repeat(12), "-".repeat(13));
        for (var e : results.entrySet()) {
            double first = median(e.getValue().stream().mapToDouble(Run::firstFrameMillis).toArray());
            double ready = median(e.getValue().stream().mapToDouble(Run::readyMillis).toArray());
            double rss = median(e.getValue().stream().mapToDouble(Run::rssKiB).toArray()) / 1024;
            double idle = median(e.getValue().stream().mapToDouble(Run::idleRssKiB).toArray()) / 1024;
            System.out.printf(Locale.ROOT, "| %-48s | %8.0f ms | %11.2fx | %9.0f ms | %11.2fx | %7.0f MB | %8.0f MB |%n",
                    e.getKey().name(), first, first / bareFirst, ready, ready / bareReady, rss, idle);
        }
    }

    /** One start: the times its two lines arrived, and VmRSS after 2 s idle. */
    private static Run measure(Variant variant, VirtualDisplay display, Path work) throws Exception {
        List<String> command = new ArrayList<>(variant.command());
        Path data = Files.createTempDirectory(work, "data");
        if (variant.dataDir()) {
            command.addAll(List.of("--data-dir", data.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DISPLAY", display.display());
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Dtidemark.startupMarker=true");
        builder.environment().remove("TIDEMARK_DATA_DIR");
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        Process process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    long now = System.nanoTime();
                    if (line.startsWith("tidemark-startup ")) {
                        arrivals.putIfAbsent(line.split(" ")[1], now);
                    }
                }
            } catch (IOException ignored) {
                // the process was ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!arrivals.containsKey("window-ready") && System.nanoTime() < deadline && process.isAlive()) {
                Thread.sleep(5);
            }
            if (!arrivals.containsKey("window-ready")) {
                throw new IllegalStateException(variant.name() + ": no window-ready line (exit "
                        + (process.isAlive() ? "none" : process.exitValue()) + ")");
            }
            long ready = arrivals.get("window-ready");
            Thread.sleep(Math.max(0, SETTLED_MILLIS - (System.nanoTime() - ready) / 1_000_000));
            long rss = rssKiB(process.pid());
            Thread.sleep(Math.max(0, IDLE_MILLIS - (System.nanoTime() - ready) / 1_000_000));
            long idle = rssKiB(process.pid());
            long first = arrivals.getOrDefault("first-frame", ready);
            return new Run((first - start) / 1e6, (ready - start) / 1e6, rss, idle);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            deleteRecursively(data);
        }
    }

    /**
     * The JVM options the installed launcher passes ({@code --java-options} of packaging/common.args and
     * packaging/linux/app-image.args), but for its archive's, which the jar class path variants bring
     * themselves.
     */
    private static List<String> launcherJavaOptions() throws IOException {
        List<String> options = new ArrayList<>();
        for (Path args : List.of(Path.of("packaging/common.args"), Path.of("packaging/linux/app-image.args"))) {
            for (String line : Files.readAllLines(args)) {
                String l = line.strip();
                if (l.startsWith("--java-options ")) {
                    String option = l.substring("--java-options ".length()).strip().replace("\"", "");
                    if (!option.contains("$APPDIR") && !option.startsWith("-Xshare")) {
                        options.add(option);
                    }
                }
            }
        }
        return options;
    }

    /** As the installer build does: list the classes one start loads, then dump them into an archive. */
    private static void makeArchive(Path java, String classPath, Path work, Path archive) throws Exception {
        Path classList = work.resolve("tidemark.classlist");
        Path data = work.resolve("training");
        List<String> training = List.of(java.toString(), "-Xshare:off", "-XX:DumpLoadedClassList=" + classList,
                "-cp", classPath, MAIN, "--data-dir", data.toString(), "--exit-after-first-frame");
        try (VirtualDisplay display = VirtualDisplay.start()) {
            ProcessBuilder builder = new ProcessBuilder(training).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("DISPLAY", display.display());
            check(builder.start(), "training start");
        }
        check(new ProcessBuilder(java.toString(), "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + archive, "-cp", classPath).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start(), "archive dump");
        System.err.printf(Locale.ROOT, "app CDS archive: %.1f MB%n", Files.size(archive) / 1e6);
    }

    private static void check(Process process, String what) throws InterruptedException {
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(what + " failed");
        }
    }

    /** target/tidemark.jar then target/lib's jars: jars only, as CDS requires. */
    private static String jarClassPath(Path target) throws IOException {
        Path jar = target.resolve("tidemark.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("run 'mvn -q -DskipTests package' first (target/tidemark.jar is missing)");
        }
        StringBuilder cp = new StringBuilder(jar.toString());
        try (Stream<Path> jars = Files.list(target.resolve("lib"))) {
            jars.sorted().forEach(j -> cp.append(File.pathSeparator).append(j));
        }
        return cp.toString();
    }

    private static String javafxJars(Path target) throws IOException {
        try (Stream<Path> jars = Files.list(target.resolve("lib"))) {
            return String.join(File.pathSeparator, jars.filter(j -> j.getFileName().toString().startsWith("javafx-"))
                    .sorted().map(Path::toString).toList());
        }
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
