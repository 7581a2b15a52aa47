package dev.tidemark.app;

import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.history.SearchHit;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionSummary;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.Appearance;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.chat.MessageActionsViewModel;
import dev.tidemark.ui.fx.PulseExecutor;
import dev.tidemark.ui.fx.UpdateCoalescer;
import dev.tidemark.ui.search.HistoryActions;
import dev.tidemark.ui.search.HistoryTransfer;
import dev.tidemark.ui.search.MessageSearchPane;
import dev.tidemark.ui.search.MessageSearchViewModel;
import dev.tidemark.ui.sessions.SessionListViewModel;
import dev.tidemark.ui.sessions.SessionSettingsPane;
import dev.tidemark.ui.sessions.SessionSettingsViewModel;
import dev.tidemark.ui.sessions.SessionsPane;
import dev.tidemark.ui.settings.ProvidersViewModel;
import dev.tidemark.ui.settings.SettingsDialog;
import dev.tidemark.ui.shell.NoticeBar;
import dev.tidemark.ui.shell.ShellActions;
import dev.tidemark.ui.shell.StatusViewModel;
import dev.tidemark.ui.shell.SystemClipboard;
import dev.tidemark.ui.theme.AppearanceViewModel;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import dev.tidemark.ui.theme.ThemeApplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The window's content, laid out over the {@link AppServices}: the menu bar and tool bar on top,
 * sessions on the left, the conversation in the middle (its chat settings beside it when open),
 * background problems sliding over the top, and the journal's state, the provider and the model
 * in the status bar. Owns the view models of what it shows; every command is a {@link ShellActions}
 * action. Build and use on the FX thread.
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

    private final AppServices services;
    private final SessionListViewModel sessions;
    private final ConversationViewModel conversation;
    private final SessionSettingsViewModel chatSettings;
    private final AppearanceViewModel appearance;
    private final ThemeApplier theme;
    private final StatusViewModel status;
    private final ProviderChoices providerChoices;
    private final SessionsPane sessionsPane;
    private final SessionSettingsPane chatSettingsPane;
    private final ConversationView conversationView;
    private final MessageSearchPane messageSearchPane;
    private final BorderPane centre;
    private final NoticeBar notices;
    private final ShellActions actions;
    private final HistoryTransfer transfer;
    private final HistoryActions history;
    private final BooleanProperty chatSettingsShowing = new SimpleBooleanProperty(this, "chatSettingsShowing");
    private final Scene scene;
    private SettingsDialog settingsDialog; // FX thread; the one open, if any

    /** A window with no desktop around it: see {@link Desktop#plain()}. */
    public MainWindow(AppServices services) {
        this(services, Desktop.plain());
    }

    /** @param desktop the OS's colour preference, clipboard and browser */
    public MainWindow(AppServices services, Desktop desktop) {
        this.services = services;
        Workspace workspace = services.workspace();
        boolean readOnly = workspace.isReadOnly();
        UpdateCoalescer coalescer = new UpdateCoalescer(new PulseExecutor(services.fx()));
        sessions = new SessionListViewModel(services.chat(), workspace.store(), coalescer, services.fx(),
                services.background(), readOnly, services.clock(), ZoneId.systemDefault());
        conversation = new ConversationViewModel(services.chat(), services.providers(), services.fx(),
                services.background(), coalescer, readOnly, new DesktopAttachments(workspace.dataDir()));
        // the composer's tools switch shows once an MCP server is configured (Settings → Tools)
        conversation.tools().configuredServersProperty().set(services.toolSettings().configs().size());
        services.toolSettings().addListener(configs -> services.fx().execute(
                () -> conversation.tools().configuredServersProperty().set(configs.size())));
        chatSettings = new SessionSettingsViewModel(chatSettingsStorage(), readOnly);
        appearance = new AppearanceViewModel(services.providers().settings().appearance(), this::saveAppearance,
                desktop.colorScheme(), services.background(), services.fx());
        theme = new ThemeApplier(appearance);
        status = workspace.readOnlyReason().map(StatusViewModel::readOnly)
                .orElseGet(() -> new StatusViewModel(recoveredNote(workspace.recovery())));
        providerChoices = new ProviderChoices(services.providers());
        followSelection();

        sessionsPane = new SessionsPane(sessions);
        conversationView = new ConversationView(conversation, desktop.browser());
        chatSettingsPane = new SessionSettingsPane(chatSettings, this::toggleChatSettings);
        centre = new BorderPane(conversationView);
        messageSearchPane = new MessageSearchPane(new MessageSearchViewModel(
                (query, limit) -> services.searchIndex().get().search(query, limit), services.background(),
                services.fx(), this::openSearchHit), this::closeMessageSearch);
        notices = new NoticeBar(sessionsBesideConversation(), Duration.ofSeconds(15));
        noticeSessionChanges();
        noticeMessageActions();
        offerBackgroundRuns(readOnly);
        actions = new ShellActions(sessions, new ConversationCommandsAdapter(conversation, conversationView),
                appearance, new ShellActions.Window(this::focusSearch, this::toggleChatSettings, chatSettingsShowing,
                        this::openSettings, this::quit), desktop.clipboard());
        sessionsPane.setSearchPrompt("Search chats (" + ShellActions.SEARCH_KEY.getDisplayText() + ")");
        transfer = new HistoryTransfer(services.library(), services.clock(), services.background(), services.fx(),
                notices::inform, this::showError);
        history = new HistoryActions(this::openMessageSearch, sessions.selectedIdProperty(),
                id -> sessions.summary(id).map(SessionSummary::title).orElse("chat"), transfer,
                HistoryActions.FileChoices.system(), this::window);
        scene = new Scene(layout(), 1100, 720);
        theme.apply(scene);
        actions.install(scene);
        refreshSystemSchemeOnFocus();
        openFirstSession(readOnly);
    }

    /** The chat settings are the session's, read and written through the chat service. */
    private SessionSettingsViewModel.Storage chatSettingsStorage() {
        return new SessionSettingsViewModel.Storage() {
            @Override
            public Optional<SessionSettings> load(String sessionId) {
                return services.chat().store().get(sessionId).map(Session::settings);
            }

            @Override
            public void save(String sessionId, SessionSettings settings) {
                // the form has no tools switch (the composer has): the chat's choice stays as it is
                Boolean tools = services.chat().store().get(sessionId).map(s -> s.settings().tools()).orElse(null);
                services.chat().updateSettings(sessionId, settings.withTools(tools));
            }
        };
    }

    /** The conversation shows the session selected in the list; the chat settings follow once it is read. */
    private void followSelection() {
        sessions.selectedIdProperty().addListener((obs, old, now) -> conversation.showSession(now));
        // once the session is read the store holds it in memory: its settings are then read at once
        conversation.shownIdProperty().addListener((obs, old, now) -> chatSettings.showSession(now));
    }

    /** The session list (or the search in messages in its place, while that is open) left of the conversation. */
    private SplitPane sessionsBesideConversation() {
        messageSearchPane.setVisible(false);
        StackPane left = new StackPane(sessionsPane, messageSearchPane);
        SplitPane split = new SplitPane(left, centre);
        split.setDividerPositions(0.26);
        SplitPane.setResizableWithParent(left, false);
        return split;
    }

    /**
     * The one offer of background runs, after a reply lost to a crash (found at this start) or to a
     * dropped connection (issue 18).
     */
    private void offerBackgroundRuns(boolean readOnly) {
        if (readOnly) {
            return;
        }
        BackgroundRunsOffer offer = new BackgroundRunsOffer(services.providers().settings(), services.fx(),
                (text, turnOn) -> notices.offer(text, BackgroundRunsOffer.ACTION, turnOn));
        services.chat().addListener(offer);
        String provider = conversation.providerIdProperty().get();
        services.background().execute(() -> offer.atStart(services.workspace().recovery(),
                services.workspace().store(), provider));
    }

    /**
     * Once the window shows: picks up, in the background, the rest of every reply the service kept
     * running while Tidemark was not (issue 18); one left recovered is shown again with its reason.
     * Returns at once.
     */
    public void reattachRecovered() {
        ReattachAtStart.start(services, services.workspace().recovery().reattachable(), services.background(),
                sessionId -> services.fx().execute(() -> conversation.reloadIfShown(sessionId)));
    }

    /** A refused rename, pin or delete is a warning; a delete offers its undo. */
    private void noticeSessionChanges() {
        sessions.problemProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                notices.warn(now);
            }
        });
        sessions.setAsideProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                notices.inform(now);
            }
        });
        sessions.deletedProperty().addListener((obs, old, now) -> {
            if (now != null) {
                notices.offer("Moved \u201c" + now.title() + "\u201d to the trash (emptied after "
                        + SessionStore.KEPT.toDays() + " days).", "Undo", sessions::undoDelete);
            }
        });
    }

    /**
     * A message deleted with its versions offers its undo; Branch from here opens the new chat;
     * the "Branched from" link opens the original at the message it was branched at.
     */
    private void noticeMessageActions() {
        MessageActionsViewModel actions = conversation.actions();
        actions.deletedProperty().addListener((obs, old, now) -> {
            if (now != null) {
                int below = now.messages().size() - 1;
                notices.offer("Deleted the message" + (below == 0 ? "" : below == 1 ? " and 1 message below it"
                        : " and " + below + " messages below it") + " (a copy is in the trash for "
                        + SessionStore.KEPT.toDays() + " days).", "Undo", actions::undoDelete);
            }
        });
        actions.problemProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                notices.warn(now);
            }
        });
        actions.branchedProperty().addListener((obs, old, now) -> {
            if (now != null) {
                sessions.selectedIdProperty().set(now);
            }
        });
        actions.setOriginOpener(link -> {
            sessions.selectedIdProperty().set(link.sessionId());
            conversation.whenShown(link.sessionId()).thenRun(() -> conversationView.reveal(link.messageId()));
        });
    }

    /** Menu bar and tool bar on top, the notices over the panes, the status bar below. */
    private BorderPane layout() {
        BorderPane root = new BorderPane(notices.node());
        MenuBar menuBar = actions.menuBar();
        menuBar.setId(MENU_BAR_ID);
        history.addTo(menuBar);
        root.setTop(new VBox(menuBar, WindowToolBar.create(actions, conversation, providerChoices)));
        root.setBottom(WindowStatusBar.create(status, services.workspace().dataDir(), Bindings.createStringBinding(
                () -> providerChoices.describe(conversation.providerIdProperty().get(),
                        conversation.modelProperty().get(), chatSettings.savedModel()),
                conversation.providerIdProperty(), conversation.modelProperty(), chatSettings.stateProperty(),
                chatSettings.sessionIdProperty())));
        return root;
    }

    /** The OS may have switched between light and dark while the window was in the background. */
    private void refreshSystemSchemeOnFocus() {
        scene.windowProperty().addListener((obs, old, window) -> {
            if (window != null) {
                window.focusedProperty().addListener((o, was, is) -> {
                    if (is && appearance.themeProperty().get() == Appearance.Theme.SYSTEM) {
                        appearance.refreshSystemScheme();
                    }
                });
            }
        });
    }

    private void openFirstSession(boolean readOnly) {
        if (!sessions.sessions().isEmpty()) {
            sessions.selectedIdProperty().set(sessions.sessions().get(0).id());
        } else if (!readOnly) {
            sessions.newSession();
        }
        conversationView.focusComposer(); // typing right after the window appears goes into the composer
    }

    /** Opens the settings dialog (or brings the open one forward). FX thread. */
    public void openSettings() {
        if (settingsDialog != null && settingsDialog.dialog().isShowing()) {
            settingsDialog.dialog().getDialogPane().requestFocus();
            return;
        }
        services.providers().prepareHttp(services.background()); // testing a provider's connection asks for it
        ProvidersViewModel model = new ProvidersViewModel(services.providers(), services.localServers(),
                services.fx(), services.background(), this::showProblem);
        var tools = new dev.tidemark.ui.settings.ToolsViewModel(services.toolSettings(), services.toolServers(),
                services.fx(), services.background(), this::showProblem);
        settingsDialog = new SettingsDialog(scene.getWindow(), model, tools, this::settingsSaved);
        if (settingsDialog.dialog().getDialogPane().getScene() != null) {
            theme.apply(settingsDialog.dialog().getDialogPane().getScene());
        }
        settingsDialog.show();
    }

    private void settingsSaved(Optional<String> selectedProvider) {
        providerChoices.refresh(conversation.providerIdProperty());
        selectedProvider.filter(providerChoices.ids()::contains).ifPresent(id -> {
            conversation.providerIdProperty().set(id);
            conversation.modelProperty().set("");
        });
        if (!providerChoices.ids().contains(conversation.providerIdProperty().get())) {
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
        services.background().execute(services.searchIndex()::get); // it catches up while the first words are typed
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
            // a hit in a version not shown: that version is shown first (journaled, like the switcher)
            conversation.actions().showVersionWith(hit.sessionId(), hit.messageId())
                    .thenRun(() -> conversationView.reveal(hit.messageId()));
        }
    }

    private javafx.stage.Window window() {
        return scene.getWindow();
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
        services.providers().settings().updateAppearance(chosen).whenComplete((done, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                services.fx().execute(() -> showProblem(
                        new Problem.CannotWrite(Area.APPEARANCE, "the theme and text size", Problem.describe(cause))));
            }
        });
    }

    /** The open settings dialog, if any (tests). */
    public Optional<SettingsDialog> settingsDialog() {
        return Optional.ofNullable(settingsDialog).filter(d -> d.dialog().isShowing());
    }

    /** What the status bar says of the start's recovery: replies brought back, tool calls cut off while they ran. */
    static String recoveredNote(Recovery.Report report) {
        int count = report.recovered().size();
        String replies = count == 0 ? "" : "Recovered " + count
                + (count == 1 ? " interrupted reply" : " interrupted replies") + " from the journal.";
        int finishing = report.reattachable().size();
        if (finishing > 0) {
            replies = (replies + " Finishing " + (finishing == 1 ? "1 reply" : finishing + " replies")
                    + " the service kept running\u2026").strip();
        }
        int calls = report.interruptedCalls().size();
        String tools = calls == 0 ? "" : calls == 1
                ? "1 tool call was interrupted while running and may have run: its card offers Retry and Tell the"
                + " model it failed."
                : calls + " tool calls were interrupted while running and may have run: their cards offer Retry and"
                + " Tell the model it failed.";
        return (replies + " " + tools).strip();
    }

    /**
     * A background problem (disk trouble, an unreadable file) or the news that it is over: in the
     * status bar, and in a notification over the window. FX thread.
     */
    public void showProblem(Problem problem) {
        status.report(problem);
        if (problem.isAllClear()) {
            notices.inform(problem.message());
        } else {
            notices.warn(problem.message());
        }
    }

    /** Something went wrong that is not about the disk (an uncaught exception): a notification only. FX thread. */
    public void showError(String message) {
        notices.warn(message);
    }

    public Scene scene() {
        return scene;
    }

    /** What the window was built from: the chat service, the providers, the search index, the executors. */
    public AppServices services() {
        return services;
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
