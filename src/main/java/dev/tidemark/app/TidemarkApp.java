package dev.tidemark.app;

import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderSettings;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The JavaFX application: shows the window at once, opens the data directory (recovery included)
 * on a background thread, then fills the window.
 */
public final class TidemarkApp extends Application {

    private volatile Workspace workspace;
    private volatile ProviderSettings providerSettings;
    private MainWindow window; // FX thread
    /** Key-storage lookups for the settings dialog (keychain calls, file reads), never on the FX thread. */
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tidemark-background");
        t.setDaemon(true);
        return t;
    });

    /** What opening the data directory yields, off the FX thread. */
    private record Opened(Workspace workspace, ProviderSettings providers) {
    }

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

        Map<String, String> env = System.getenv();
        CompletableFuture.supplyAsync(() -> {
            try {
                Settings settings = Settings.load(dataDir, problems);
                Workspace ws = Workspace.open(dataDir, settings.journal(), clock, problems);
                ApiKeys keys = ApiKeys.open(dataDir, env, problems);
                // the keychain answers here, once, so that choosing a provider later does no I/O
                keys.preload(settings.providers().stream().map(ProviderConfig::id).toList());
                return new Opened(ws, ProviderSettings.of(dataDir, settings, keys));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, background).whenComplete((result, error) -> fx.execute(() -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                opening.setText("Tidemark cannot open its data directory " + dataDir + ": " + cause.getMessage());
                return;
            }
            Workspace opened = result.workspace();
            workspace = opened;
            providerSettings = result.providers();
            var http = ProviderCatalog.defaultHttpClient();
            ProviderCatalog providers = new ProviderCatalog(http, env, Launcher.demoTokenInterval(),
                    result.providers());
            window = new MainWindow(opened, providers, LocalServerDetector.defaults(http), fx, background, clock);
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
        ProviderSettings settings = providerSettings;
        if (settings != null) {
            try {
                settings.flush().get(5, TimeUnit.SECONDS); // provider changes saved a moment ago
            } catch (Exception e) {
                // reported when the save failed; nothing more to do on the way out
            }
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
