package dev.tidemark.bench;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.time.Duration;
import java.time.Instant;

/**
 * The baseline of {@link StartupBenchmark}: the smallest JavaFX window, a label in a window of
 * Tidemark's size. Prints {@code tidemark-startup window-ready <ms>} when its first frame is laid
 * out, the same line Tidemark prints. Its main class does not extend Application, like Tidemark's.
 */
public final class HelloWindow {

    private HelloWindow() {
    }

    public static void main(String[] args) {
        Application.launch(Hello.class, args);
    }

    public static final class Hello extends Application {
        @Override
        public void start(Stage stage) {
            Scene scene = new Scene(new StackPane(new Label("Hello")), 1100, 720);
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                scene.removePostLayoutPulseListener(once[0]);
                long millis = ProcessHandle.current().info().startInstant()
                        .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
                System.out.println("tidemark-startup first-frame " + millis);
                System.out.println("tidemark-startup window-ready " + millis);
                System.out.flush();
            };
            scene.addPostLayoutPulseListener(once[0]);
            stage.setTitle("Hello");
            stage.setScene(scene);
            stage.show();
        }
    }
}
