package dev.tidemark.app;

import dev.tidemark.chat.LazyHttpClient;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.cli.Version;
import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.settings.Appearance;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.Settings;
import dev.tidemark.session.DataDirectory;
import dev.tidemark.session.Workspace;
import dev.tidemark.ui.fx.FxExecutor;
import dev.tidemark.ui.shell.SystemClipboard;
import dev.tidemark.ui.theme.AppearanceViewModel;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import dev.tidemark.ui.theme.ThemeApplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JavaFX application: sets up the log and the handler of uncaught exceptions, shows the window
 * at once, opens the data directory (recovery included) on a background thread, then fills the window.
 */
public final class TidemarkApp extends Application {

    private final Logger log = Logger.getLogger(LogFile.LOGGER);
    /** Disk trouble and unreadable files, from any thread: logged, then shown in the window once it exists. */
    private final ProblemReporter<Problem> problems = new ProblemReporter<>(log, Level.WARNING, Problem::message);
    /** Uncaught exceptions (logged by {@link UncaughtErrors}), shown in the window once it exists. */
    private final ProblemReporter<String> errors = new ProblemReporter<>(log, Level.OFF, message -> message);
    private final Map<String, String> env = System.getenv();
    private volatile Workspace workspace;
    private volatile ProviderSettings providerSettings;
    private volatile Settings settings;
    private ErrorReporting errorReporting; // set in init, closed in stop
    private MainWindow window; // FX thread
    private volatile Stage stage; // set in start, before the window is shown
    private final FxExecutor fx = new FxExecutor();
    private final Clock clock = Clock.systemUTC();
    private final StartupMarker startup = new StartupMarker();
    /** Listens for second launches while this process owns the data directory; null otherwise. */
    private volatile RunningInstance instance;
    /** Key-storage lookups for the settings dialog (keychain calls, file reads), never on the FX thread. */
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tidemark-background");
        t.setDaemon(true);
        return t;
    });

    /** What opening the data directory yields, off the FX thread. */
    private record Opened(Workspace workspace, ProviderSettings providers, RunningInstance instance,
                          LazyHttpClient http) {
    }

    /** On the launcher thread, before the window: the log, the uncaught-exception handler, settings.json. */
    @Override
    public void init() {
        Path dataDir = dataDir();
        // before the log is made in it: rwx------ when it is created, closed when open; told once the log is there
        java.util.List<Problem> found = new java.util.ArrayList<>();
        try {
            DataDirectory.makePrivate(dataDir, found::add);
        } catch (IOException unreadable) {
            found.add(new Problem.Note(Area.SESSIONS, unreadable.getMessage())); // opening it says so again
        }
        errorReporting = ErrorReporting.install(dataDir, this::knownKeys, errors, problems);
        found.forEach(problems);
        log.info("Tidemark " + Version.current() + " starting on Java " + System.getProperty("java.version")
                + ", data in " + dataDir);
        settings = Settings.load(dataDir, problems); // a small file, and not the FX thread: the look is known at once
    }

    /** On a background thread: the journal, the session store, the keys; then listen for second launches. */
    private Opened openDataDirectory() {
        Path dataDir = dataDir();
        try {
            Workspace ws = Workspace.open(dataDir, settings.journal(), clock, problems);
            RunningInstance listening = null;
            if (!ws.isReadOnly()) {
                try {
                    listening = RunningInstance.listen(dataDir, () -> fx.execute(this::bringForward), log);
                } catch (IOException e) {
                    // a second launch then opens read-only, as before; nothing is lost
                    log.log(Level.WARNING, "Cannot listen for second launches", e);
                }
            }
            ApiKeys keys = ApiKeys.open(dataDir, env, problems);
            // the keychain answers here, once, so that choosing a provider later does no I/O
            keys.preload(settings.providers().stream().map(ProviderConfig::id).toList());
            ProviderSettings providers = ProviderSettings.of(dataDir, settings, keys);
            // built when a provider other than the demo is about to be used; until then no TLS set-up
            var http = new LazyHttpClient(ProviderCatalog::defaultHttpClient);
            startup.mark("data-opened");
            return new Opened(ws, providers, listening, http);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        Path dataDir = dataDir();

        Label opening = new Label("Opening " + dataDir + " …");
        StackPane openingRoot = new StackPane(opening);
        Scene loading = new Scene(openingRoot, 1100, 720);
        // light or dark as chosen; "follow the system" shows light for the moment it takes to open
        Appearance look = settings.appearance();
        new ThemeApplier(AppearanceViewModel.inMemory(look.theme() == Appearance.Theme.SYSTEM
                ? look.withTheme(Appearance.Theme.LIGHT) : look)).apply(loading);
        stage.setTitle("Tidemark");
        stage.setScene(loading);
        try (InputStream icon = TidemarkApp.class.getResourceAsStream("/dev/tidemark/icons/tidemark-256.png")) {
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        } catch (IOException ignored) {
            // a window without an icon still works
        }
        StartupMarker.afterNextPulse(loading, () -> {
            startup.mark("first-frame");
            // Open the data directory once the window is on screen: on a busy machine its disk and CPU
            // work, started earlier, delayed the first frame and did not bring the full window sooner.
            CompletableFuture.supplyAsync(this::openDataDirectory, background)
                    .whenComplete((result, error) -> fx.execute(() -> showOpened(result, error, opening)));
        });
        stage.show();
        Map<String, String> named = getParameters().getNamed();
        // a second launch that found no answering owner, or files the desktop asked us to open
        for (String note : new String[] {named.get("owner-note")}) {
            if (note != null) {
                problems.accept(new Problem.Note(Area.SESSIONS, note));
            }
        }
    }

    /** On the FX thread: the full window, or why the data directory could not be opened. */
    private void showOpened(Opened result, Throwable error, Label opening) {
        Path dataDir = dataDir();
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            log.log(Level.SEVERE, "Could not open " + dataDir, cause);
            opening.setText("Tidemark cannot open its data directory " + dataDir + ": " + cause.getMessage());
            exitIfAsked(opening.getScene());
            return;
        }
        instance = result.instance();
        Workspace opened = result.workspace();
        workspace = opened;
        providerSettings = result.providers();
        var http = result.http();
        ProviderCatalog providers = new ProviderCatalog(http, env, Launcher.demoTokenInterval(),
                result.providers());
        ColorSchemeProbe os = OsColorSchemeProbe.forThisSystem();
        AppServices services = new AppServices(opened, providers, LocalServerDetector.defaults(), fx, background, clock,
                problems);
        window = new MainWindow(services,
                new MainWindow.Desktop(os, SystemClipboard::putText, getHostServices()::showDocument));
        if (providers.offersMoreThanDemo()) {
            providers.prepareHttp(background); // ready before the first message to a real provider
        }
        problems.attach(problem -> fx.execute(() -> window.showProblem(problem)));
        errors.attach(message -> fx.execute(() -> window.showError(message)));
        StartupMarker.afterNextPulse(window.scene(), () -> {
            startup.mark("window-ready");
            services.startTools(); // MCP servers start in the background once the full window is drawn
            // replies the service kept running while Tidemark was not: their rest, in the background
            window.reattachRecovered();
        });
        stage.setScene(window.scene());
        stage.setTitle(opened.isReadOnly() ? "Tidemark (read-only)" : "Tidemark");
        importAskedFiles();
        exitIfAsked(window.scene());
    }

    /** Exported chats the desktop opened Tidemark with (the installers' file association). */
    private void importAskedFiles() {
        for (Path file : WindowRequest.importedFiles(getParameters().getRaw())) {
            if (workspace.isReadOnly()) {
                problems.accept(new Problem.Note(Area.IMPORT, "Tidemark opened its history read-only, so " + file
                        + " was not imported; import it with File → Import… in the Tidemark that is running."));
            } else {
                window.history().importFile(file);
            }
        }
    }

    /** A second launch asked for the window: show it, un-minimized, in front. */
    private void bringForward() {
        Stage stage = this.stage;
        if (stage == null) {
            return; // not shown yet: it comes up in front anyway
        }
        stage.setIconified(false);
        stage.show();
        stage.toFront();
        stage.requestFocus();
    }

    /** With the hidden {@code --exit-after-first-frame}: quit (normally, saving all) once {@code scene} is drawn. */
    private void exitIfAsked(Scene scene) {
        if (Boolean.parseBoolean(getParameters().getNamed().get("exit-after-first-frame"))) {
            StartupMarker.afterNextPulse(scene, Platform::exit);
        }
    }

    /** Every key Tidemark knows of, for the log to leave out: the environment's and the configured providers' (keys and credential headers). */
    private Collection<String> knownKeys() {
        Set<String> keys = new HashSet<>(Redactor.keysInEnvironment(env));
        ProviderSettings configured = providerSettings;
        if (configured != null) {
            keys.addAll(Redactor.secretsOf(configured));
        }
        return keys;
    }

    private Path dataDir() {
        return Path.of(getParameters().getNamed().get("data-dir"));
    }

    @Override
    public void stop() {
        RunningInstance listening = instance;
        if (listening != null) {
            listening.close(); // a launch from now on opens the data directory itself
        }
        if (window != null) {
            window.services().chat().stopAll();
        }
        ProviderSettings saving = providerSettings;
        if (saving != null) {
            try {
                saving.flush().get(5, TimeUnit.SECONDS); // provider and appearance changes saved a moment ago
            } catch (Exception e) {
                // reported when the save failed; nothing more to do on the way out
            }
        }
        Workspace opened = workspace;
        if (opened != null) {
            // Closing waits for the store and journal threads to finish writing; not on the FX thread.
            MainWindow shown = window;
            Thread closer = new Thread(() -> {
                if (shown != null) {
                    shown.services().searchIndex().close(); // a copy of the sessions; saved before the store closes
                }
                opened.close();
                if (shown != null) {
                    // after the journal: a tool cut off now stays "started", so it is shown interrupted, never as failed
                    shown.services().closeTools();
                }
            }, "tidemark-close");
            closer.start();
            try {
                closer.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("Tidemark stopped");
        if (errorReporting != null) {
            errorReporting.close();
        }
        Platform.exit();
    }
}
