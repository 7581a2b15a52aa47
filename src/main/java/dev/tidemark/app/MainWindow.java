package dev.tidemark.app;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ModelTitles;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.history.SearchHit;
import dev.tidemark.history.SearchIndex;
import dev.tidemark.history.StoreLibrary;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionSummary;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.Appearance;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.ProviderPreset;
import dev.tidemark.settings.ProviderPresets;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.fx.PulseExecutor;
import dev.tidemark.ui.fx.UpdateCoalescer;
import dev.tidemark.ui.sessions.SessionListViewModel;
import dev.tidemark.ui.sessions.SessionSettingsPane;
import dev.tidemark.ui.sessions.SessionSettingsViewModel;
import dev.tidemark.ui.sessions.SessionsPane;
import dev.tidemark.ui.search.HistoryActions;
import dev.tidemark.ui.search.HistoryTransfer;
import dev.tidemark.ui.search.MessageSearchPane;
import dev.tidemark.ui.search.MessageSearchViewModel;
import dev.tidemark.ui.settings.ProvidersViewModel;
import dev.tidemark.ui.settings.SettingsDialog;
import dev.tidemark.ui.shell.NoticeBar;
import dev.tidemark.ui.shell.ShellActions;
import dev.tidemark.ui.shell.StatusViewModel;
import dev.tidemark.ui.shell.SystemClipboard;
import dev.tidemark.ui.theme.AppearanceViewModel;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import dev.tidemark.ui.theme.Icons;
import dev.tidemark.ui.theme.Styles;
import dev.tidemark.ui.theme.ThemeApplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.StatusBar;
import org.controlsfx.control.action.ActionUtils;
import org.kordamp.ikonli.feather.Feather;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

/**
 * The window's content, wired from an opened workspace: the menu bar and tool bar on top, sessions
 * on the left, the conversation in the middle (its chat settings beside it when open), background
 * problems sliding over the top, and the journal's state, the provider and the model in the status
 * bar. Every command is a {@link ShellActions} action. Build and use on the FX thread.
 */
public final class MainWindow {

    public static final String NEW_SESSION_ID = "new-session";
    public static final String PROVIDER_ID = "provider";
    public static final String MODEL_ID = "model";
    public static final String STATUS_ID = "status";
    public static final String STATUS_PROVIDER_ID = "status-provider";
    public static final String SETTINGS_ID = "open-settings";
    public static final String CHAT_SETTINGS_ID = "open-chat-settings";
    public static final String THEME_ID = "theme";
    public static final String MENU_BAR_ID = "menu-bar";
    /** Ctrl+, (Cmd+, on macOS) opens the settings, as in most desktop apps. */
    public static final KeyCombination SETTINGS_KEY = ShellActions.SETTINGS_KEY;

    /** What the window asks of the desktop it runs on. */
    public record Desktop(ColorSchemeProbe colorScheme, Consumer<String> clipboard, Consumer<String> browser) {
        /** Never asks the OS for its colours (light unless chosen); the real clipboard; links go nowhere. */
        public static Desktop plain() {
            return new Desktop(ColorSchemeProbe.UNKNOWN, SystemClipboard::putText, url -> { });
        }
    }

    private final ChatService chat;
    private final SessionListViewModel sessions;
    private final ConversationViewModel conversation;
    private final SessionSettingsViewModel chatSettings;
    private final AppearanceViewModel appearance;
    private final ThemeApplier theme;
    private final StatusViewModel status;
    private final ShellActions actions;
    private final NoticeBar notices;
    private final SessionsPane sessionsPane;
    private final SessionSettingsPane chatSettingsPane;
    private final ConversationView conversationView;
    private final Path dataDir;
    private final StoreLibrary library;
    private final boolean readOnly;
    private final Object searchIndexLock = new Object();
    private SearchIndex searchIndex; // guarded by searchIndexLock; opened when search in messages is first used
    private boolean searchIndexClosed; // guarded by searchIndexLock
    private final MessageSearchViewModel messageSearch;
    private final MessageSearchPane messageSearchPane;
    private final HistoryTransfer transfer;
    private final HistoryActions history;
    private final BorderPane centre;
    private final BooleanProperty chatSettingsShowing = new SimpleBooleanProperty(this, "chatSettingsShowing");
    private final Scene scene;
    private final ProviderCatalog providers;
    private final LocalServerDetector localServers;
    private final Executor fx;
    private final Executor background;
    private final ObservableList<String> providerIds = FXCollections.observableArrayList();
    private SettingsDialog settingsDialog; // FX thread; the one open, if any

    /** A window whose settings dialog looks for local servers on their default ports. */
    public MainWindow(Workspace workspace, ProviderCatalog providers, Executor fx, Clock clock) {
        this(workspace, providers, LocalServerDetector.defaults(), fx,
                ForkJoinPool.commonPool(), clock);
    }

    public MainWindow(Workspace workspace, ProviderCatalog providers, LocalServerDetector localServers, Executor fx,
                      Executor background, Clock clock) {
        this(workspace, providers, localServers, fx, background, clock, Desktop.plain());
    }

    /**
     * @param localServers probes for Ollama and LM Studio when the settings open
     * @param background   runs key-storage lookups for the settings dialog and the OS colour probe
     *                     (never the FX thread)
     * @param desktop      the OS's colour preference, clipboard and browser
     */
    public MainWindow(Workspace workspace, ProviderCatalog providers, LocalServerDetector localServers, Executor fx,
                      Executor background, Clock clock, Desktop desktop) {
        this.providers = providers;
        this.localServers = localServers;
        this.fx = fx;
        this.background = background;
        UpdateCoalescer coalescer = new UpdateCoalescer(new PulseExecutor(fx));
        boolean readOnly = workspace.isReadOnly();
        chat = new ChatService(workspace.appender(), workspace.store(), clock, Ids::next);
        workspace.onSegmentLost(chat::journalAgain);
        if (!readOnly) {
            chat.addListener(new ModelTitles(workspace.store(), id -> providers.create(id, null),
                    () -> providers.settings().askModelForTitles()));
        }
        sessions = new SessionListViewModel(chat, workspace.store(), coalescer, readOnly, clock,
                java.time.ZoneId.systemDefault());
        conversation = new ConversationViewModel(chat, providers, fx, background, coalescer, readOnly);
        chatSettings = new SessionSettingsViewModel(new SessionSettingsViewModel.Storage() {
            @Override
            public Optional<SessionSettings> load(String sessionId) {
                return chat.store().get(sessionId).map(Session::settings);
            }

            @Override
            public void save(String sessionId, SessionSettings settings) {
                chat.updateSettings(sessionId, settings);
            }
        }, readOnly);
        sessions.selectedIdProperty().addListener((obs, old, now) -> conversation.showSession(now));
        // the chat settings follow once the session is read: then the store holds it in memory
        conversation.shownIdProperty().addListener((obs, old, now) -> chatSettings.showSession(now));
        ProviderSettings settings = providers.settings();
        appearance = new AppearanceViewModel(settings.appearance(), this::saveAppearance, desktop.colorScheme(),
                background, fx);
        theme = new ThemeApplier(appearance);
        status = workspace.readOnlyReason().map(StatusViewModel::readOnly)
                .orElseGet(() -> new StatusViewModel(recoveredNote(workspace.recovery())));

        sessionsPane = new SessionsPane(sessions);
        conversationView = new ConversationView(conversation, desktop.browser());
        chatSettingsPane = new SessionSettingsPane(chatSettings, this::toggleChatSettings);
        centre = new BorderPane(conversationView);
        // search in messages takes the session list's place while it is open
        dataDir = workspace.dataDir();
        library = new StoreLibrary(workspace.store());
        this.readOnly = readOnly;
        messageSearch = new MessageSearchViewModel((query, limit) -> searchIndex().search(query, limit), background, fx,
                this::openSearchHit);
        messageSearchPane = new MessageSearchPane(messageSearch, this::closeMessageSearch);
        messageSearchPane.setVisible(false);
        StackPane left = new StackPane(sessionsPane, messageSearchPane);
        SplitPane split = new SplitPane(left, centre);
        split.setDividerPositions(0.26);
        SplitPane.setResizableWithParent(left, false);
        notices = new NoticeBar(split, Duration.ofSeconds(15));
        sessions.problemProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                notices.warn(now);
            }
        });
        sessions.deletedProperty().addListener((obs, old, now) -> {
            if (now != null) {
                notices.offer("Moved \u201c" + now.title() + "\u201d to the trash (emptied after "
                        + SessionStore.KEPT.toDays() + " days).", "Undo", sessions::undoDelete);
            }
        });

        actions = new ShellActions(sessions, new ConversationCommandsAdapter(conversation, conversationView),
                appearance, new ShellActions.Window(this::focusSearch, this::toggleChatSettings, chatSettingsShowing,
                        this::openSettings, this::quit), desktop.clipboard());
        sessionsPane.setSearchPrompt("Search chats (" + ShellActions.SEARCH_KEY.getDisplayText() + ")");

        BorderPane root = new BorderPane(notices.node());
        MenuBar menuBar = actions.menuBar();
        menuBar.setId(MENU_BAR_ID);
        transfer = new HistoryTransfer(library, clock, background, fx, text -> notices.inform(text), this::showError);
        history = new HistoryActions(this::openMessageSearch, sessions.selectedIdProperty(),
                id -> sessions.summary(id).map(SessionSummary::title).orElse("chat"), transfer,
                HistoryActions.FileChoices.system(), this::window);
        history.addTo(menuBar);
        root.setTop(new VBox(menuBar, toolBar()));
        root.setBottom(statusBar(workspace));

        scene = new Scene(root, 1100, 720);
        theme.apply(scene);
        actions.install(scene);
        // the OS may have switched between light and dark while the window was in the background
        scene.windowProperty().addListener((obs, old, window) -> {
            if (window != null) {
                window.focusedProperty().addListener((o, was, is) -> {
                    if (is && appearance.themeProperty().get() == Appearance.Theme.SYSTEM) {
                        appearance.refreshSystemScheme();
                    }
                });
            }
        });

        if (!sessions.sessions().isEmpty()) {
            sessions.selectedIdProperty().set(sessions.sessions().get(0).id());
        } else if (!readOnly) {
            sessions.newSession();
        }
    }

    private ToolBar toolBar() {
        Button newSession = ActionUtils.createButton(actions.newChat);
        newSession.setId(NEW_SESSION_ID);
        newSession.getStyleClass().add(Styles.PRIMARY_BUTTON);

        Label providerLabel = new Label("Provider");
        providerLabel.getStyleClass().add(Styles.TOOLBAR_LABEL);
        ComboBox<String> provider = new ComboBox<>(providerIds);
        provider.setId(PROVIDER_ID);
        provider.setConverter(new StringConverter<>() {
            @Override
            public String toString(String id) {
                return id == null ? "" : providerIds.isEmpty() ? id : labelOf(id);
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        refreshProviderChoices();
        provider.valueProperty().bindBidirectional(conversation.providerIdProperty());

        Label modelLabel = new Label("Model");
        modelLabel.getStyleClass().add(Styles.TOOLBAR_LABEL);
        TextField model = new TextField();
        model.setId(MODEL_ID);
        model.setPrefColumnCount(16);
        model.textProperty().bindBidirectional(conversation.modelProperty());
        model.promptTextProperty().bind(Bindings.createStringBinding(
                () -> defaultModelOf(conversation.providerIdProperty().get()).map(m -> "default: " + m)
                        .orElse("provider default"), conversation.providerIdProperty()));

        Button regenerate = ActionUtils.createButton(actions.regenerate, ActionUtils.ActionTextBehavior.HIDE);
        ToggleButton chatSettingsButton = ActionUtils.createToggleButton(actions.chatSettings,
                ActionUtils.ActionTextBehavior.HIDE);
        chatSettingsButton.setId(CHAT_SETTINGS_ID);
        var themeButton = actions.themeButton();
        themeButton.setId(THEME_ID);
        Button settings = ActionUtils.createButton(actions.settings, ActionUtils.ActionTextBehavior.HIDE);
        settings.setId(SETTINGS_ID);

        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(newSession, spacer, providerLabel, provider, modelLabel, model, new Separator(),
                regenerate, chatSettingsButton, themeButton, settings);
    }

    private StatusBar statusBar(Workspace workspace) {
        StatusBar bar = new StatusBar();
        bar.setId(STATUS_ID);
        bar.textProperty().bind(status.journalProperty());
        Runnable showHealth = () -> {
            var icon = Icons.of(status.troubledProperty().get() ? Feather.ALERT_TRIANGLE : Feather.CHECK_CIRCLE);
            icon.getStyleClass().add(status.troubledProperty().get() ? Styles.STATUS_PROBLEM : Styles.STATUS_OK);
            bar.setGraphic(icon);
        };
        status.troubledProperty().addListener((obs, was, is) -> showHealth.run());
        showHealth.run();
        bar.setTooltip(new Tooltip("Your chats are kept in " + workspace.dataDir()));

        Label provider = new Label(null, Icons.of(Feather.CPU));
        provider.setId(STATUS_PROVIDER_ID);
        provider.getStyleClass().add(Styles.STATUS_ITEM);
        provider.textProperty().bind(Bindings.createStringBinding(this::providerAndModel,
                conversation.providerIdProperty(), conversation.modelProperty(), chatSettings.stateProperty(),
                chatSettings.sessionIdProperty()));
        bar.getRightItems().add(provider);
        return bar;
    }

    /** "OpenAI · gpt-4o-mini": the provider on the tool bar and the model the next reply will use. */
    private String providerAndModel() {
        String id = conversation.providerIdProperty().get();
        String typed = conversation.modelProperty().get();
        String sessionModel = chatSettings.savedModel();
        String model = typed != null && !typed.isBlank() ? typed.strip()
                : sessionModel != null ? sessionModel : defaultModelOf(id).orElse("default model");
        return (id == null ? "no provider" : labelOf(id)) + " · " + model;
    }

    /** The chooser lists the demo, the configured providers and presets whose key is in the environment. */
    private void refreshProviderChoices() {
        List<String> ids = providers.choices().stream().map(ProviderCatalog.Choice::id).toList();
        String current = conversation.providerIdProperty().get();
        providerIds.setAll(ids);
        conversation.providerIdProperty().set(current); // setAll may have cleared the combo's value
    }

    private String labelOf(String id) {
        return providers.choices().stream().filter(c -> c.id().equals(id)).map(ProviderCatalog.Choice::label)
                .findFirst().orElse(id);
    }

    private Optional<String> defaultModelOf(String id) {
        if (id == null || ProviderCatalog.DEMO_ID.equals(id)) {
            return Optional.empty();
        }
        try {
            return providers.configFor(id, null).map(c -> c.model() != null ? c.model()
                    : ProviderPresets.find(c.preset()).flatMap(ProviderPreset::defaultModelName).orElse(null));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Opens the settings dialog (or brings the open one forward). FX thread. */
    public void openSettings() {
        if (settingsDialog != null && settingsDialog.dialog().isShowing()) {
            settingsDialog.dialog().getDialogPane().requestFocus();
            return;
        }
        providers.prepareHttp(background); // testing a provider's connection asks for it
        ProvidersViewModel model = new ProvidersViewModel(providers, localServers, fx, background, this::showProblem);
        settingsDialog = new SettingsDialog(scene.getWindow(), model, this::settingsSaved);
        if (settingsDialog.dialog().getDialogPane().getScene() != null) {
            theme.apply(settingsDialog.dialog().getDialogPane().getScene());
        }
        settingsDialog.show();
    }

    private void settingsSaved(Optional<String> selectedProvider) {
        refreshProviderChoices();
        selectedProvider.filter(providerIds::contains).ifPresent(id -> {
            conversation.providerIdProperty().set(id);
            conversation.modelProperty().set("");
        });
        if (!providerIds.contains(conversation.providerIdProperty().get())) {
            conversation.providerIdProperty().set(ProviderCatalog.DEMO_ID);
        }
    }

    /** Shows or hides the chat settings beside the conversation; closing keeps valid edits. FX thread. */
    public void toggleChatSettings() {
        if (chatSettingsShowing.get()) {
            if (chatSettings.stateProperty().get() == SessionSettingsViewModel.State.EDITED) {
                chatSettings.apply();
            }
            centre.setRight(null);
            chatSettingsShowing.set(false);
        } else {
            centre.setRight(chatSettingsPane);
            chatSettingsShowing.set(true);
            chatSettingsPane.focusFirstField();
        }
    }

    /** Shows the search in messages in place of the session list, caret in its field. FX thread. */
    public void openMessageSearch() {
        background.execute(this::searchIndex); // it catches up while the first words are typed
        sessionsPane.setVisible(false);
        messageSearchPane.setVisible(true);
        messageSearchPane.focusField();
    }

    /** Back to the session list. FX thread. */
    public void closeMessageSearch() {
        messageSearchPane.setVisible(false);
        sessionsPane.setVisible(true);
    }

    /** Opens a search hit's session and selects its message in view. FX thread. */
    private void openSearchHit(SearchHit hit) {
        sessions.selectedIdProperty().set(hit.sessionId());
        if (!hit.isTitle()) {
            conversation.whenShown(hit.sessionId()).thenRun(() -> conversationView.reveal(hit.messageId()));
        }
    }

    private javafx.stage.Window window() {
        return scene.getWindow();
    }

    /**
     * The search index, opened (and caught up with what changed since it was last open) the first
     * time it is asked for, which is when search in messages is first opened: a window that is only
     * used to chat never loads Lucene. Not on the FX thread (its first call loads Lucene's classes).
     *
     * @throws IllegalStateException after {@link #closeSearchIndex()}
     */
    public SearchIndex searchIndex() {
        synchronized (searchIndexLock) {
            if (searchIndexClosed) {
                throw new IllegalStateException("Tidemark is closing.");
            }
            if (searchIndex == null) {
                searchIndex = SearchIndex.open(dataDir, library, !readOnly,
                        problem -> fx.execute(() -> showProblem(problem)));
            }
            return searchIndex;
        }
    }

    /** Whether {@link #searchIndex()} has opened the index. */
    public boolean isSearchIndexOpen() {
        synchronized (searchIndexLock) {
            return searchIndex != null;
        }
    }

    /** Saves and closes the search index if it was opened; the app does this before closing the workspace. */
    public void closeSearchIndex() {
        SearchIndex open;
        synchronized (searchIndexLock) {
            searchIndexClosed = true;
            open = searchIndex;
        }
        if (open != null) {
            open.close();
        }
    }

    public HistoryTransfer history() {
        return transfer;
    }

    public HistoryActions historyActions() {
        return history;
    }

    /** Puts the caret in the session search field. FX thread. */
    public void focusSearch() {
        sessionsPane.focusSearch();
    }

    private void quit() {
        if (scene.getWindow() != null) {
            scene.getWindow().hide(); // the last window closing ends the app, and TidemarkApp.stop saves
        }
    }

    private void saveAppearance(Appearance chosen) {
        providers.settings().updateAppearance(chosen).whenComplete((done, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                fx.execute(() -> showProblem("Could not save the theme and text size: " + cause.getMessage()));
            }
        });
    }

    /** The open settings dialog, if any (tests). */
    public Optional<SettingsDialog> settingsDialog() {
        return Optional.ofNullable(settingsDialog).filter(d -> d.dialog().isShowing());
    }

    private static String recoveredNote(Recovery.Report report) {
        int count = report.recovered().size();
        return count == 0 ? "" : "Recovered " + count + (count == 1 ? " interrupted reply" : " interrupted replies")
                + " from the journal.";
    }

    /**
     * A background problem (disk trouble, an unreadable file) or the news that it is over: in the
     * status bar, and in a notification over the window. FX thread.
     */
    public void showProblem(String problem) {
        status.report(problem);
        if (StatusViewModel.isAllClear(problem)) {
            notices.inform(problem);
        } else {
            notices.warn(problem);
        }
    }

    /** Something went wrong that is not about the disk (an uncaught exception): a notification only. FX thread. */
    public void showError(String message) {
        notices.warn(message);
    }

    public Scene scene() {
        return scene;
    }

    public ChatService chat() {
        return chat;
    }

    public SessionListViewModel sessions() {
        return sessions;
    }

    public ConversationViewModel conversation() {
        return conversation;
    }

    public SessionSettingsViewModel chatSettings() {
        return chatSettings;
    }

    public AppearanceViewModel appearance() {
        return appearance;
    }

    public ShellActions actions() {
        return actions;
    }

    public NoticeBar notices() {
        return notices;
    }

    public StatusViewModel status() {
        return status;
    }
}
