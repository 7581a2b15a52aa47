package dev.tidemark.install;

import dev.tidemark.testing.LaunchedProgram;
import dev.tidemark.testing.VirtualDisplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Linux installers as a user meets them: the app image's launcher and the installed .deb's
 * print their version, map their class-data archive, and open the window on a real X server
 * (Xvfb) on a fresh account; {@code dpkg -r} takes the app away and leaves the user's history.
 * Runs with {@code mvn -Pinstaller verify} (the profile builds target/installer and says where);
 * installing the .deb needs root, as on CI. It installs over, and then removes, any tidemark
 * package already on the machine; data directories are left alone.
 */
class InstallerIT {

    private static final Duration WINDOW_LIMIT = Duration.ofSeconds(60);
    private static final Path INSTALLED_LAUNCHER = Path.of("/opt/tidemark/bin/Tidemark");

    private static Path installerDir;
    private static String version;
    private static VirtualDisplay display;

    @TempDir
    Path home;

    @BeforeAll
    static void startDisplay() throws Exception {
        String dir = System.getProperty("tidemark.installer.dir");
        assumeTrue(dir != null, "the installers are built and tested with mvn -Pinstaller verify");
        installerDir = Path.of(dir);
        version = System.getProperty("tidemark.version");
        display = VirtualDisplay.start();
    }

    @AfterAll
    static void stopDisplay() throws Exception {
        if (display != null) {
            display.close();
        }
    }

    @Test
    void appImageLauncherPrintsItsVersionWithItsClassDataArchive() throws Exception {
        Path launcher = installerDir.resolve("Tidemark/bin/Tidemark");
        assertThat(launcher).isExecutable();
        assertVersion(launcher);
    }

    @Test
    void appImageLauncherOpensTheWindow() throws Exception {
        assertWindowOpens(installerDir.resolve("Tidemark/bin/Tidemark"), home.resolve("data"));
        assertThat(home.resolve("data").resolve("tidemark.lock")).exists();
    }

    @Test
    void debInstallsStartsAndUninstallsKeepingHistory() throws Exception {
        assertThat(ProcessHandle.current().info().user().orElse(""))
                .as("installing the .deb needs root (CI runs as root)").isEqualTo("root");
        Path deb = installerDir.resolve("tidemark_" + version + "-1_amd64.deb");
        assertThat(deb).exists();
        assertThat(Files.size(deb)).as(".deb size").isLessThanOrEqualTo(60L * 1000 * 1000);

        LaunchedProgram install = LaunchedProgram.run(List.of("dpkg", "-i", deb.toString()), Map.of(),
                Duration.ofMinutes(3));
        try {
            assertThat(install.exitCode()).as("dpkg -i: %s %s", install.out(), install.err()).isZero();
            assertVersion(INSTALLED_LAUNCHER);
            assertThat(INSTALLED_LAUNCHER.resolveSibling("../lib/app/tidemark.jsa").normalize())
                    .as("the class-data archive made by postinst").exists();
            Path menuEntry = Path.of("/usr/share/applications/tidemark-Tidemark.desktop");
            assertThat(menuEntry).exists();
            assertThat(Files.readString(menuEntry)).contains("Exec=/opt/tidemark/bin/Tidemark %F")
                    .contains("MimeType=application/x-tidemark+json");

            // as on a fresh account: no data directory until the window makes the usual one (Java takes
            // the home directory from the password database, not $HOME, so point XDG's data home at it)
            Map<String, String> freshAccount = Map.of("XDG_DATA_HOME", home.resolve(".local/share").toString());
            assertWindowOpens(INSTALLED_LAUNCHER, null, freshAccount);
            Path history = home.resolve(".local/share/tidemark");
            assertThat(history.resolve("tidemark.lock")).exists();
            assertThat(history.resolve("journal")).isDirectory();
        } finally {
            LaunchedProgram remove = LaunchedProgram.run(List.of("dpkg", "-r", "tidemark"), Map.of(),
                    Duration.ofMinutes(2));
            assertThat(remove.exitCode()).as("dpkg -r: %s %s", remove.out(), remove.err()).isZero();
        }
        assertThat(Path.of("/opt/tidemark")).as("nothing left in /opt, the class-data archive included")
                .doesNotExist();
        assertThat(Path.of("/usr/share/applications/tidemark-Tidemark.desktop")).doesNotExist();
        assertThat(home.resolve(".local/share/tidemark/journal")).as("the history stays").isDirectory();
    }

    /** {@code --version} prints the version; with -Xshare:on the JVM refuses to start on an archive that does not fit. */
    private static void assertVersion(Path launcher) throws Exception {
        LaunchedProgram plain = LaunchedProgram.run(List.of(launcher.toString(), "--version"), Map.of(),
                Duration.ofSeconds(60));
        assertThat(plain.exitCode()).as("stderr: %s", plain.err()).isZero();
        assertThat(plain.out().strip()).isEqualTo("tidemark " + version);

        LaunchedProgram shared = LaunchedProgram.run(List.of(launcher.toString(), "--version"),
                Map.of("JAVA_TOOL_OPTIONS", "-Xshare:on"), Duration.ofSeconds(60));
        assertThat(shared.exitCode()).as("the class-data archive maps; stderr: %s", shared.err()).isZero();
    }

    private void assertWindowOpens(Path launcher, Path dataDir) throws Exception {
        assertWindowOpens(launcher, dataDir, Map.of());
    }

    private static void assertWindowOpens(Path launcher, Path dataDir, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new HashMap<>(display.environment());
        env.putAll(extraEnv);
        env.put("JAVA_TOOL_OPTIONS", "-Dtidemark.startupMarker=true");
        List<String> command = dataDir == null ? List.of(launcher.toString())
                : List.of(launcher.toString(), "--data-dir", dataDir.toString());
        try (LaunchedProgram window = LaunchedProgram.start(command, env)) {
            assertThat(window.awaitLine("tidemark-startup window-ready", WINDOW_LIMIT))
                    .as("the window was drawn; stdout: %s stderr: %s", window.out(), window.err()).isPresent();
            assertThat(display.awaitWindow("Tidemark", Duration.ofSeconds(10)))
                    .as("a window named Tidemark on the display: %s", display.windowTree()).isTrue();
            assertThat(window.isAlive()).isTrue();
            if (noGpuDevice()) {
                // JavaFX would turn Mesa's software OpenGL down anyway; loading it costs about 60 MB
                assertThat(Files.readString(Path.of("/proc/" + window.pid() + "/maps")))
                        .as("no GPU device here: drawn in software without loading OpenGL")
                        .doesNotContain("libGLX_mesa").doesNotContain("libLLVM");
            }
        }
    }

    private static boolean noGpuDevice() throws java.io.IOException {
        try (var devices = Files.list(Path.of("/dev"))) {
            return !Files.exists(Path.of("/dev/dri"))
                    && devices.noneMatch(p -> p.getFileName().toString().startsWith("nvidia"));
        }
    }
}
