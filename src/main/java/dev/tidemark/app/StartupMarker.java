package dev.tidemark.app;

import javafx.scene.Scene;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * With {@code -Dtidemark.startupMarker=true}, prints {@code tidemark-startup <event> <ms>} on stdout,
 * once per event: {@code first-frame} when the window (still saying "Opening …") is laid out for the
 * first time, {@code data-opened} when the data directory is open, {@code window-ready} when the
 * chats and the conversation are laid out. {@code ms} counts from the process's start. The startup
 * benchmark and the installer and second-launch tests wait for these lines.
 */
final class StartupMarker {

    static final String PROPERTY = "tidemark.startupMarker";

    private final boolean enabled = Boolean.getBoolean(PROPERTY);
    private final Set<String> marked = ConcurrentHashMap.newKeySet();

    /** Prints the line for {@code event}, the first time only. */
    void mark(String event) {
        if (!enabled || !marked.add(event)) {
            return;
        }
        long millis = ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
        System.out.println("tidemark-startup " + event + " " + millis);
        System.out.flush();
    }

    /**
     * Runs {@code action} once, on the FX thread, when the next pulse has laid out {@code scene}:
     * the pulse that draws it.
     */
    static void afterNextPulse(Scene scene, Runnable action) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            action.run();
        };
        scene.addPostLayoutPulseListener(once[0]);
    }
}
