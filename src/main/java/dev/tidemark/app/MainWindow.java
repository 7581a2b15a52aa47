package dev.tidemark.app;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.model.Ids;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.Workspace;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.fx.PulseExecutor;
import dev.tidemark.ui.fx.UpdateCoalescer;
import dev.tidemark.ui.sessions.SessionListView;
import dev.tidemark.ui.sessions.SessionListViewModel;
import dev.tidemark.ui.theme.Styles;
import javafx.collections.FXCollections;
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
import org.controlsfx.control.StatusBar;

import java.time.Clock;
import java.util.concurrent.Executor;

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

    private final ChatService chat;
    private final SessionListViewModel sessions;
    private final ConversationViewModel conversation;
    private final StatusBar status = new StatusBar();
    private final Scene scene;

    public MainWindow(Workspace workspace, ProviderCatalog providers, Executor fx, Clock clock) {
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
        ComboBox<String> provider = new ComboBox<>(FXCollections.observableArrayList(ProviderCatalog.IDS));
        provider.setId(PROVIDER_ID);
        provider.valueProperty().bindBidirectional(conversation.providerIdProperty());

        Label modelLabel = new Label("Model");
        modelLabel.getStyleClass().add(Styles.TOOLBAR_LABEL);
        TextField model = new TextField();
        model.setId(MODEL_ID);
        model.setPromptText("provider default");
        model.setPrefColumnCount(16);
        model.textProperty().bindBidirectional(conversation.modelProperty());

        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(newSession, spacer, providerLabel, provider, modelLabel, model);
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
