package dev.tidemark.testing;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.within;

/**
 * A real X server (Xvfb) on a free display number, for starting Tidemark's real window (GTK, not
 * Monocle) the way a desktop does. Needs {@code apt-get install xvfb x11-utils libgtk-3-0}.
 */
public final class VirtualDisplay implements AutoCloseable {

    private final Process server;
    private final String display;

    private VirtualDisplay(Process server, String display) {
        this.server = server;
        this.display = display;
    }

    public static VirtualDisplay start() throws IOException, InterruptedException {
        for (int number = 90; number < 140; number++) {
            Path socket = Path.of("/tmp/.X11-unix/X" + number);
            if (Files.exists(socket) || Files.exists(Path.of("/tmp/.X" + number + "-lock"))) {
                continue;
            }
            Process server;
            try {
                server = new ProcessBuilder("Xvfb", ":" + number, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new IOException("Xvfb is missing (apt-get install xvfb): " + e.getMessage(), e);
            }
            try {
                within(Duration.ofSeconds(10)).until(() -> !server.isAlive() || Files.exists(socket));
            } catch (ConditionTimeoutException notYet) {
                // neither: give up on this number below
            }
            if (server.isAlive() && Files.exists(socket)) {
                return new VirtualDisplay(server, ":" + number);
            }
            server.destroyForcibly(); // another server took the number meanwhile: try the next one
        }
        throw new IOException("no free X display number between :90 and :139");
    }

    /** {@code :N}, for the DISPLAY variable. */
    public String display() {
        return display;
    }

    public Map<String, String> environment() {
        return Map.of("DISPLAY", display);
    }

    /** The top-level window names, from {@code xwininfo -root -tree}. */
    public String windowTree() throws IOException, InterruptedException {
        LaunchedProgram tree = LaunchedProgram.run(List.of("xwininfo", "-root", "-tree", "-display", display),
                Map.of(), Duration.ofSeconds(20));
        return tree.out();
    }

    /** Waits (at most {@code limit}) for a window called exactly {@code name}. */
    public boolean awaitWindow(String name, Duration limit) throws IOException, InterruptedException {
        try {
            within(limit).pollInterval(Duration.ofMillis(100)).until(() -> windowTree().contains("\"" + name + "\""));
            return true;
        } catch (ConditionTimeoutException notShown) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }
}
