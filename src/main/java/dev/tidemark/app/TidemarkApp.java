package dev.tidemark.app;

import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.settings.Settings;
import dev.tidemark.session.Workspace;
import dev.tidemark.ui.fx.FxExecutor;
import dev.tidemark.ui.theme.Styles;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The JavaFX application: shows the window at once, opens the data directory (recovery included)
 * on a background thread, then fills the window.
 */
public final class TidemarkApp extends Application {

    private volatile Workspace workspace;
    private MainWindow window; // FX thread

    @Override
    public void start(Stage stage) {
        Path dataDir = Path.of(getParameters().getNamed().get("data-dir"));
        FxExecutor fx = new FxExecutor();
        ProblemReporter problems = new ProblemReporter();
        Clock clock = Clock.systemUTC();

        Label opening = new Label("Opening " + dataDir + " …");
        Scene loading = new Scene(new StackPane(opening), 1100, 720);
        loading.getStylesheets().add(Styles.STYLESHEET);
        stage.setTitle("Tidemark");
        stage.setScene(loading);
        try (InputStream icon = TidemarkApp.class.getResourceAsStream("/dev/tidemark/icons/tidemark-256.png")) {
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        } catch (java.io.IOException ignored) {
            // a window without an icon still works
        }
        stage.show();

        CompletableFuture.supplyAsync(() -> {
            try {
                return Workspace.open(dataDir, Settings.load(dataDir, problems).journal(), clock, problems);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).whenComplete((opened, error) -> fx.execute(() -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                opening.setText("Tidemark cannot open its data directory " + dataDir + ": " + cause.getMessage());
                return;
            }
            workspace = opened;
            ProviderCatalog providers = new ProviderCatalog(ProviderCatalog.defaultHttpClient(), System.getenv(),
                    Launcher.demoTokenInterval());
            window = new MainWindow(opened, providers, fx, clock);
            problems.attach(problem -> fx.execute(() -> window.showProblem(problem)));
            stage.setScene(window.scene());
            stage.setTitle(opened.isReadOnly() ? "Tidemark (read-only)" : "Tidemark");
        }));
    }

    @Override
    public void stop() {
        if (window != null) {
            window.chat().stopAll();
        }
        Workspace opened = workspace;
        if (opened != null) {
            // Closing waits for the store and journal threads to finish writing; not on the FX thread.
            Thread closer = new Thread(opened::close, "tidemark-close");
            closer.start();
            try {
                closer.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Platform.exit();
    }
}
