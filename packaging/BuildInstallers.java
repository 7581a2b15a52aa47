import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds Tidemark's app image and native installers for the OS it runs on, with the JDK's own
 * jpackage. Run by {@code mvn -Pinstaller package} (after the jar and target/lib are made) as
 * {@code java packaging/BuildInstallers.java VERSION JAVA_HOME} from the project directory:
 * <ol>
 *   <li>stages target/installer-input: tidemark.jar and the runtime jars in lib/;</li>
 *   <li>on Linux, starts Tidemark once (under xvfb-run when there is no display) to list the classes
 *       a start loads (tidemark.classlist), for the class-data-sharing archive;</li>
 *   <li>{@code jpackage --type app-image @packaging/common.args @packaging/OS/app-image.args}
 *       makes target/installer/Tidemark (a runtime trimmed by jlink, the launcher, the jars);</li>
 *   <li>makes the native installers from that image ({@code @packaging/package.args
 *       @packaging/OS/package.args}): .deb and .rpm on Linux, .msi on Windows, .dmg on macOS; a
 *       missing packaging tool skips that one installer with a message saying what to install;</li>
 *   <li>on Linux, makes the class-data archive inside the app image (the packages make their own
 *       when installed, because Java 17's archive records where the jars are).</li>
 * </ol>
 */
public final class BuildInstallers {

    private static final String NAME = "Tidemark";

    private final Path javaHome;
    private final String version;
    private final Path target = Path.of("target");
    private final Path input = target.resolve("installer-input");
    private final Path dest = target.resolve("installer");
    private final String os = osName();

    private BuildInstallers(Path javaHome, String version) {
        this.javaHome = javaHome;
        this.version = version;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java packaging/BuildInstallers.java VERSION JAVA_HOME (from the project directory)");
            System.exit(2);
        }
        new BuildInstallers(Path.of(args[1]), args[0]).build();
    }

    private void build() throws Exception {
        long start = System.nanoTime();
        stageInput();
        if (os.equals("linux")) {
            listStartupClasses();
        }
        deleteRecursively(dest);
        jpackage("app-image", List.of("@packaging/common.args", "@packaging/" + os + "/app-image.args",
                "--input", input.toString()));
        Path image = dest.resolve(os.equals("macos") ? NAME + ".app" : NAME);
        switch (os) {
            case "linux" -> {
                if (onPath("dpkg-deb") && onPath("fakeroot")) {
                    nativePackage(image, "deb");
                } else {
                    say("SKIPPED the .deb: dpkg-deb or fakeroot is missing (apt-get install fakeroot)");
                }
                if (onPath("rpmbuild")) {
                    nativePackage(image, "rpm");
                } else {
                    say("SKIPPED the .rpm: rpmbuild is missing (apt-get install rpm)");
                }
                // after the packages, so that this image's archive (with its paths) is not packaged
                run(List.of("sh", image.resolve("lib/app/tidemark-cds.sh").toString(), "create"), 300);
            }
            case "windows" -> {
                if (onPath("candle.exe") && onPath("light.exe")) {
                    nativePackage(image, "msi");
                } else {
                    say("SKIPPED the .msi: WiX 3 (candle.exe, light.exe) is not on the PATH (https://wixtoolset.org)");
                }
            }
            case "macos" -> nativePackage(image, "dmg");
            default -> say("no native installer for " + System.getProperty("os.name") + "; the app image is in " + dest);
        }
        say("built in " + (System.nanoTime() - start) / 1_000_000_000 + " s, in " + dest + ":");
        try (Stream<Path> files = Files.list(dest)) {
            for (Path p : files.sorted().toList()) {
                long bytes = Files.isDirectory(p) ? sizeOf(p) : Files.size(p);
                say(String.format(Locale.ROOT, "  %-40s %6.1f MB", p.getFileName(), bytes / 1e6));
            }
        }
    }

    /** target/installer-input: the jar and its runtime dependencies (mvn package made them). */
    private void stageInput() throws IOException {
        Path jar = target.resolve("tidemark.jar");
        Path lib = target.resolve("lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("run through 'mvn -Pinstaller package': target/tidemark.jar and target/lib are missing");
        }
        deleteRecursively(input);
        Files.createDirectories(input.resolve("lib"));
        Files.copy(jar, input.resolve("tidemark.jar"));
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path j : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                Files.copy(j, input.resolve("lib").resolve(j.getFileName()));
            }
        }
        if (os.equals("linux")) {
            Path script = input.resolve("tidemark-cds.sh");
            Files.copy(Path.of("packaging/linux/tidemark-cds.sh"), script, StandardCopyOption.COPY_ATTRIBUTES);
            script.toFile().setExecutable(true, false);
        }
    }

    /**
     * Starts Tidemark on a fresh data directory until its window is drawn, with the JVM writing the
     * names of the classes it loads; the class-data archive is made from this list. Java's class
     * names do not depend on where the jars are, so the list fits every install.
     */
    private void listStartupClasses() throws Exception {
        Path trainingData = target.resolve("installer-training-data");
        deleteRecursively(trainingData);
        List<String> command = new ArrayList<>();
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            if (!onPath("xvfb-run")) {
                say("SKIPPED the class-data archive: no DISPLAY and no xvfb-run (apt-get install xvfb); "
                        + "Tidemark will start without one");
                return;
            }
            command.addAll(List.of("xvfb-run", "-a", "-s", "-screen 0 1280x800x24"));
        }
        StringBuilder classPath = new StringBuilder(input.resolve("tidemark.jar").toString());
        try (Stream<Path> jars = Files.list(input.resolve("lib"))) {
            jars.sorted().forEach(j -> classPath.append(java.io.File.pathSeparator).append(j));
        }
        command.addAll(List.of(javaHome.resolve("bin/java").toString(), "-Xshare:off",
                "-XX:DumpLoadedClassList=" + input.resolve("tidemark.classlist"),
                "-cp", classPath.toString(), "dev.tidemark.app.Launcher",
                "--data-dir", trainingData.toAbsolutePath().toString(), "--exit-after-first-frame"));
        if (!run(command, 120, false)) {
            Files.deleteIfExists(input.resolve("tidemark.classlist"));
            say("SKIPPED the class-data archive: the training start failed (see above); Tidemark will start without one");
        }
        deleteRecursively(trainingData);
    }

    private void nativePackage(Path image, String type) throws Exception {
        List<String> args = new ArrayList<>(List.of("--app-image", image.toString(), "@packaging/package.args",
                "@packaging/" + os + "/package.args"));
        if (Files.exists(Path.of("packaging", os, type + ".args"))) {
            args.add("@packaging/" + os + "/" + type + ".args");
        }
        jpackage(type, args);
    }

    private void jpackage(String type, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/jpackage").toString(), "--type", type,
                "--app-version", version, "--dest", dest.toString()));
        command.addAll(args);
        long start = System.nanoTime();
        run(command, 900);
        say(type + " done in " + (System.nanoTime() - start) / 1_000_000_000 + " s");
    }

    private static void run(List<String> command, int timeoutSeconds) throws Exception {
        if (!run(command, timeoutSeconds, true)) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private static boolean run(List<String> command, int timeoutSeconds, boolean required) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().remove("TIDEMARK_DATA_DIR");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            say("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            return false;
        }
        if (process.exitValue() != 0) {
            say("exit code " + process.exitValue() + ": " + String.join(" ", command));
            return false;
        }
        return true;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String osName() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return "windows";
        }
        if (name.startsWith("mac")) {
            return "macos";
        }
        return name.startsWith("linux") ? "linux" : "other";
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void say(String line) {
        System.out.println("[installer] " + line);
    }
}
