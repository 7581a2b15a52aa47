package dev.tidemark.app;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.model.Ids;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.Workspace;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.fx.PulseExecutor;
import dev.tidemark.ui.fx.UpdateCoalescer;
import dev.tidemark.ui.sessions.SessionListView;
import dev.tidemark.ui.sessions.SessionListViewModel;
import dev.tidemark.ui.settings.ProvidersViewModel;
import dev.tidemark.ui.settings.SettingsDialog;
import dev.tidemark.ui.theme.Styles;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;
import org.controlsfx.control.StatusBar;
import org.controlsfx.control.action.Action;
import org.controlsfx.control.action.ActionUtils;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The window's content, wired from an opened workspace: sessions on the left, the conversation in
 * the middle, the provider on the tool bar and the journal's state in the status bar. Build and use
 * on the FX thread.
 */
public final class MainWindow {

    public static final String NEW_SESSION_ID = "new-session";
    public static final String PROVIDER_ID = "provider";
    public static final String MODEL_ID = "model";
    public static final String STATUS_ID = "status";
    public static final String SETTINGS_ID = "open-settings";
    /** Ctrl+, (Cmd+, on macOS) opens the settings, as in most desktop apps. */
    public static final KeyCombination SETTINGS_KEY = new KeyCodeCombination(KeyCode.COMMA, KeyCombination.SHORTCUT_DOWN);

    private final ChatService chat;
    private final SessionListViewModel sessions;
    private final ConversationViewModel conversation;
    private final StatusBar status = new StatusBar();
    private final Scene scene;
    private final ProviderCatalog providers;
    private final LocalServerDetector localServers;
    private final Executor fx;
    private final Executor background;
    private final ObservableList<String> providerIds = FXCollections.observableArrayList();
    private final Action openSettings = new Action("Settings…", e -> openSettings());
    private SettingsDialog settingsDialog; // FX thread; the one open, if any

    /** A window whose settings dialog looks for local servers on their default ports. */
    public MainWindow(Workspace workspace, ProviderCatalog providers, Executor fx, Clock clock) {
        this(workspace, providers, LocalServerDetector.defaults(ProviderCatalog.defaultHttpClient()), fx,
                ForkJoinPool.commonPool(), clock);
    }

    /**
     * @param localServers probes for Ollama and LM Studio when the settings open
     * @param background   runs key-storage lookups for the settings dialog (never the FX thread)
     */
    public MainWindow(Workspace workspace, ProviderCatalog providers, LocalServerDetector localServers, Executor fx,
                      Executor background, Clock clock) {
        this.providers = providers;
        this.localServers = localServers;
        this.fx = fx;
        this.background = background;
        UpdateCoalescer coalescer = new UpdateCoalescer(new PulseExecutor(fx));
        boolean readOnly = workspace.isReadOnly();
        chat = new ChatService(workspace.appender(), workspace.store(), clock, Ids::next);
        workspace.onSegmentLost(chat::journalAgain);
        sessions = new SessionListViewModel(chat, workspace.store(), coalescer, readOnly);
        conversation = new ConversationViewModel(chat, providers, fx, coalescer, readOnly);
        sessions.selectedIdProperty().addListener((obs, old, now) -> conversation.showSession(now));

        SessionListView sessionList = new SessionListView(sessions);
        ConversationView conversationView = new ConversationView(conversation);
        SplitPane split = new SplitPane(sessionList, conversationView);
        split.setDividerPositions(0.26);
        SplitPane.setResizableWithParent(sessionList, false);

        BorderPane root = new BorderPane(split);
        root.setTop(toolBar(readOnly));
        status.setId(STATUS_ID);
        status.setText(startupStatus(workspace));
        root.setBottom(status);

        scene = new Scene(root, 1100, 720);
        scene.getStylesheets().add(Styles.STYLESHEET);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN),
                sessions::newSession);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), conversation::stop);
        openSettings.setAccelerator(SETTINGS_KEY);
        scene.getAccelerators().put(SETTINGS_KEY, this::openSettings);

        if (!sessions.sessions().isEmpty()) {
            sessions.selectedIdProperty().set(sessions.sessions().get(0).id());
        } else if (!readOnly) {
            sessions.newSession();
        }
    }

    private ToolBar toolBar(boolean readOnly) {
        Button newSession = new Button("New chat");
        newSession.setId(NEW_SESSION_ID);
        newSession.setOnAction(e -> sessions.newSession());
        newSession.setDisable(readOnly);

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
        model.setPromptText("provider default");
        model.setPrefColumnCount(16);
        model.textProperty().bindBidirectional(conversation.modelProperty());
        conversation.providerIdProperty().addListener((obs, old, now) -> model.setPromptText(defaultModelOf(now)));
        model.setPromptText(defaultModelOf(conversation.providerIdProperty().get()));

        openSettings.setLongText("Providers, keys and models (" + SETTINGS_KEY.getDisplayText() + ")");
        Button settings = ActionUtils.createButton(openSettings);
        settings.setId(SETTINGS_ID);

        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(newSession, spacer, providerLabel, provider, modelLabel, model, settings);
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

    private String defaultModelOf(String id) {
        if (id == null || ProviderCatalog.DEMO_ID.equals(id)) {
            return "provider default";
        }
        try {
            return providers.configFor(id, null).map(c -> c.model() != null ? c.model()
                    : dev.tidemark.settings.ProviderPresets.find(c.preset())
                            .flatMap(dev.tidemark.settings.ProviderPreset::defaultModelName).orElse(null))
                    .map(m -> "default: " + m).orElse("provider default");
        } catch (IllegalArgumentException e) {
            return "provider default";
        }
    }

    /** Opens the settings dialog (or brings the open one forward). FX thread. */
    public void openSettings() {
        if (settingsDialog != null && settingsDialog.dialog().isShowing()) {
            settingsDialog.dialog().getDialogPane().requestFocus();
            return;
        }
        ProvidersViewModel model = new ProvidersViewModel(providers, localServers, fx, background, this::showProblem);
        settingsDialog = new SettingsDialog(scene.getWindow(), model, this::settingsSaved);
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

    /** The open settings dialog, if any (tests). */
    public Optional<SettingsDialog> settingsDialog() {
        return Optional.ofNullable(settingsDialog).filter(d -> d.dialog().isShowing());
    }

    private static String startupStatus(Workspace workspace) {
        if (workspace.readOnlyReason().isPresent()) {
            return workspace.readOnlyReason().get();
        }
        Recovery.Report report = workspace.recovery();
        int count = report.recovered().size();
        String journal = "Journal: " + workspace.dataDir();
        if (count > 0) {
            return "Recovered " + count + (count == 1 ? " interrupted reply" : " interrupted replies")
                    + " from the journal. " + journal;
        }
        return journal;
    }

    /** Shows a background problem in the status bar. FX thread. */
    public void showProblem(String problem) {
        status.setText(problem);
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
}
