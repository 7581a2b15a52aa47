package dev.tidemark.ui;

import dev.tidemark.app.AppServices;
import dev.tidemark.app.MainWindow;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.health.Problem;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.Settings;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.fx.FxExecutor;
import dev.tidemark.ui.shell.SystemClipboard;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuBar;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import static dev.tidemark.testing.Waits.untilFx;

/**
 * Opens the real window on a real workspace in a temporary data directory, with settings.json
 * read and written there, a recorded clipboard and a chosen answer to "does the OS prefer dark?".
 * What a test needs beyond that (environment variables, journal options, the demo's pace, the FX
 * executor, a key file, where local servers are looked for, the real clipboard) it sets on the
 * harness before {@link #open}. {@link WindowExtension} makes one per test and closes it.
 */
public final class WindowHarness implements AutoCloseable {

    public final Path dataDir;
    public final Stage stage;
    /** What the window put on the clipboard, in order. */
    public final List<String> clipboard = new CopyOnWriteArrayList<>();
    /** Links handed to the system browser. */
    public final List<String> browsed = new CopyOnWriteArrayList<>();
    /** Every problem the workspace, the settings, the keys and the services told, as its message. */
    public final List<String> problems = new CopyOnWriteArrayList<>();
    public final ExecutorService background = Executors.newCachedThreadPool();
    /** settings.json is written here; records whether a write ever ran on the FX thread. */
    final ExecutorService settingsWriter = Executors.newSingleThreadExecutor();
    public volatile boolean settingsWrittenOnFxThread;

    // ---- options, set before open

    /** The process environment the providers and keys see (e.g. {@code OPENAI_BASE_URL}, {@code OPENAI_API_KEY}). */
    public Map<String, String> env = Map.of();
    public Journal.Options journal = Journal.Options.defaults();
    /** The demo provider's pause between tokens. */
    public Duration demoTokens = Duration.ofMillis(2);
    /** Runs on the FX thread: the services' {@code fx} executor. */
    public Executor fx = new FxExecutor();
    /** Keys saved to the key file of the data directory (no keychain) instead of kept in memory. */
    public boolean keyFile;
    /** Where the settings look for Ollama and LM Studio, given the window's HTTP client. */
    public Function<OkHttpClient, LocalServerDetector> localServers = LocalServerDetector::defaults;
    /** Copied text also goes to the desktop's real clipboard, as well as to {@link #clipboard}. */
    public boolean systemClipboard;
    /** Picks up the replies the service kept running once the window shows, as the app does (issue 18). */
    public boolean reattachAtStart = true;
    /** Runs on the FX thread after the window is built and before it is on screen. */
    public Consumer<MainWindow> beforeShow = w -> { };

    // ---- what open made

    public Workspace workspace;
    /** The store's files as this window reaches them: refused, and recorded, on the FX thread. */
    FxThreadForbiddenFiles files;
    public ProviderSettings settings;
    public MainWindow window;

    WindowHarness(Path dataDir, Stage stage) {
        this.dataDir = dataDir;
        this.stage = stage;
    }

    /** Opens the window with the options as set, never asking the OS for its colours. */
    public MainWindow open(FxRobot robot) throws Exception {
        return open(robot, ColorSchemeProbe.UNKNOWN);
    }

    public MainWindow open(FxRobot robot, ColorSchemeProbe probe, Journal.Options journal, Duration demoTokens)
            throws Exception {
        this.journal = journal;
        this.demoTokens = demoTokens;
        return open(robot, probe);
    }

    public MainWindow open(FxRobot robot, ColorSchemeProbe probe, Journal.Options journal, Duration demoTokens,
                           Map<String, String> env) throws Exception {
        this.env = env;
        return open(robot, probe, journal, demoTokens);
    }

    /** Opens the window with the options as set. */
    public MainWindow open(FxRobot robot, ColorSchemeProbe probe) throws Exception {
        Executor fx = this.fx;
        MainWindow[] opened = new MainWindow[1];
        Consumer<Problem> toWindow = p -> {
            problems.add(p.message());
            fx.execute(() -> {
                if (opened[0] != null) {
                    opened[0].showProblem(p);
                }
            });
        };
        workspace = Workspace.open(dataDir, journal, Clock.systemUTC(), toWindow,
                disk -> files = new FxThreadForbiddenFiles(disk));
        ApiKeys keys = keyFile ? ApiKeys.with(Optional.empty(), dataDir, env, toWindow) : ApiKeys.environmentOnly(env);
        settings = ProviderSettings.of(dataDir, Settings.load(dataDir, toWindow), keys,
                task -> settingsWriter.execute(() -> {
                    if (javafx.application.Platform.isFxApplicationThread()) {
                        settingsWrittenOnFxThread = true;
                    }
                    task.run();
                }));
        OkHttpClient http = new OkHttpClient();
        ProviderCatalog providers = new ProviderCatalog(http, env, demoTokens, settings);
        LocalServerDetector detector = localServers.apply(http);
        Consumer<String> copied = systemClipboard
                ? text -> {
                    clipboard.add(text);
                    SystemClipboard.putText(text);
                }
                : clipboard::add;
        robot.interact(() -> {
            AppServices services = new AppServices(workspace, providers, detector, fx, background,
                    Clock.systemUTC(), toWindow);
            opened[0] = new MainWindow(services, new MainWindow.Desktop(probe, copied, browsed::add));
            window = opened[0];
            beforeShow.accept(window);
            stage.setScene(window.scene());
            stage.show();
            stage.toFront();
        });
        WaitForAsyncUtils.waitForFxEvents();
        if (reattachAtStart) {
            window.reattachRecovered();
        }
        return window;
    }

    /** Closes the window's workspace and settings writer, as quitting would; closing again does nothing. */
    @Override
    public void close() throws Exception {
        if (window != null) {
            window.services().chat().stopAll();
        }
        if (settings != null && !settingsWriter.isShutdown()) {
            settings.flush().get(20, TimeUnit.SECONDS);
        }
        if (window != null) {
            window.services().searchIndex().close();
        }
        if (workspace != null) {
            workspace.close();
        }
        if (window != null) {
            window.services().closeTools(); // the MCP servers' process trees, as quitting does
        }
        window = null;
        workspace = null;
        settingsWriter.shutdown();
        background.shutdownNow();
        if (files != null) {
            List<String> onFxThread = files.violations();
            files = null;
            if (!onFxThread.isEmpty()) {
                throw new AssertionError("the session store's files were touched on the FX thread:\n"
                        + String.join("\n", onFxThread));
            }
        }
    }

    /** Sends a message through the composer and waits for the demo's reply to finish. */
    public void chat(FxRobot robot, String text) throws Exception {
        int expected = window.conversation().messages().size() + 2;
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write(text).type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == expected
                && window.conversation().messages().get(expected - 1).status() == MessageStatus.COMPLETE);
    }

    /** Clicks through the menu bar: {@code menu(robot, "View", "Theme", "Dark")}. */
    public void menu(FxRobot robot, String menu, String... items) {
        MenuBar bar = robot.lookup("#" + MainWindow.MENU_BAR_ID).queryAs(MenuBar.class);
        robot.clickOn(robot.from(bar).lookup((Node n) -> n instanceof Labeled l && menu.equals(l.getText())).queryAs(Node.class));
        Node previous = null;
        for (String item : items) {
            WaitForAsyncUtils.waitForFxEvents();
            if (previous != null) {
                // into the submenu sideways, so the pointer never crosses another item that would close it
                javafx.geometry.Bounds row = previous.localToScreen(previous.getBoundsInLocal());
                robot.moveTo(new javafx.geometry.Point2D(row.getMaxX() + 12, row.getCenterY()));
                WaitForAsyncUtils.waitForFxEvents();
            }
            Node entry = robot.lookup(".context-menu .menu-item").queryAll().stream()
                    .filter(n -> n.isVisible() && n.getScene() != null)
                    .filter(n -> n.lookupAll(".label").stream()
                            .anyMatch(l -> l instanceof Labeled label && item.equals(label.getText())))
                    .findFirst().orElseThrow(() -> new AssertionError("no menu item " + item));
            robot.clickOn(entry);
            previous = entry;
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    public Paint rootBackground() {
        return background((Region) window.scene().getRoot());
    }

    public static Paint background(Region region) {
        return region.getBackground() == null || region.getBackground().getFills().isEmpty() ? null
                : region.getBackground().getFills().get(0).getFill();
    }

}
