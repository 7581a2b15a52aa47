package dev.tidemark.ui.chat;

import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SkinBase;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;

import java.util.function.Consumer;

/**
 * Renders a {@link ConversationView}: the virtualized list of messages (a long one cut into
 * rows), the button back to the latest when scrolled up, and the {@link ComposerView} below. Only
 * binds to the view model; following the newest text is the {@link LatestFollower}'s job.
 */
final class ConversationViewSkin extends SkinBase<ConversationView> {

    private final ComposerView composer;
    private final ConversationViewModel model;
    private final ListView<MessagePart> list = new ListView<>();
    private final LatestFollower follower;
    /** True once a session has been loading for longer than {@link ConversationView#SLOW_LOAD}: then it says so. */
    private final BooleanProperty slowLoad = new SimpleBooleanProperty(this, "slowLoad");

    ConversationViewSkin(ConversationView view, Consumer<String> linkOpener) {
        super(view);
        model = view.model();
        follower = new LatestFollower(list, view.followingProperty());
        setUpList(linkOpener);
        list.setPlaceholder(placeholder());
        // follow the newest text while the view is at the bottom; a new session starts at the bottom
        model.messages().addListener((ListChangeListener<MessageItem>) change -> follower.followIfAtBottom());
        model.changesProperty().addListener((obs, old, now) -> follower.followIfAtBottom());
        model.toolChangesProperty().addListener((obs, old, now) -> follower.followAfterLayout());
        model.sessionIdProperty().addListener((obs, old, now) -> follower.follow());

        Button jump = jumpToLatest();
        StackPane center = new StackPane(list, jump);
        StackPane.setAlignment(jump, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(jump, new Insets(0, 28, 16, 0));
        composer = new ComposerView(model, follower::follow, () -> view.fileChooserProperty().get()
                .apply(view.getScene() == null ? null : view.getScene().getWindow()));
        getChildren().add(new BorderPane(center, branchedFrom(), null, composer, null));
        acceptDroppedFiles(view);
    }

    /**
     * Files dragged over the conversation or the composer can be dropped to attach them; while they
     * are over it, the conversation is highlighted. Only files are taken (dragged text goes where
     * the text area puts it).
     */
    private void acceptDroppedFiles(ConversationView view) {
        view.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles() && canAttach()) {
                e.acceptTransferModes(TransferMode.COPY);
                view.pseudoClassStateChanged(ChatStyles.DROP_TARGET, true);
                e.consume();
            }
        });
        view.addEventHandler(DragEvent.DRAG_EXITED, e -> view.pseudoClassStateChanged(ChatStyles.DROP_TARGET, false));
        view.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            view.pseudoClassStateChanged(ChatStyles.DROP_TARGET, false);
            if (e.getDragboard().hasFiles() && canAttach()) {
                model.attachments().attach(e.getDragboard().getFiles().stream().map(java.io.File::toPath).toList());
                e.setDropCompleted(true);
                e.consume();
            }
        });
    }

    private boolean canAttach() {
        ConversationViewModel.State state = model.stateProperty().get();
        return state == ConversationViewModel.State.IDLE || state == ConversationViewModel.State.STREAMING;
    }

    ComposerView composer() {
        return composer;
    }

    private void setUpList(Consumer<String> linkOpener) {
        list.setId(ConversationView.LIST_ID);
        list.getStyleClass().add(ChatStyles.CONVERSATION);
        list.setItems(new PartRows(model.messages()).rows());
        MessageCell.Tooltips tips = new MessageCell.Tooltips(); // one set of action tooltips for all rows
        list.setCellFactory(view -> new MessageCell(view, model, ConversationViewSkin::copyToClipboard, linkOpener,
                tips));
        list.setSkin(new ConversationListSkin<>(list));
        list.setFocusTraversable(false);
        switchVersionsWithKeys();
        list.getSelectionModel().selectedItemProperty().addListener(
                (obs, old, now) -> model.selectedProperty().set(now == null ? null : now.item()));
    }

    /** "Branched from <title>" above a chat made by Branch from here; opens the original. */
    private Hyperlink branchedFrom() {
        Hyperlink link = new Hyperlink();
        link.setId(ConversationView.BRANCHED_FROM_ID);
        link.getStyleClass().add(ChatStyles.BRANCHED_FROM);
        MessageActionsViewModel actions = model.actions();
        link.textProperty().bind(Bindings.createStringBinding(() -> actions.originProperty().get() == null ? ""
                : "Branched from \u201c" + actions.originProperty().get().title() + "\u201d",
                actions.originProperty()));
        link.visibleProperty().bind(actions.originProperty().isNotNull());
        link.managedProperty().bind(link.visibleProperty());
        link.setOnAction(e -> actions.openOrigin());
        return link;
    }

    /**
     * Alt+Left and Alt+Right show the version before or after of the message whose switcher has
     * the focus, else of the selected message; the new version stays selected.
     */
    private void switchVersionsWithKeys() {
        // a message clicked has the keyboard: the list takes the focus (a button in it then takes it over)
        list.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> list.requestFocus());
        list.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (!e.isAltDown() || (e.getCode() != KeyCode.LEFT && e.getCode() != KeyCode.RIGHT)) {
                return;
            }
            MessageItem focused = focusedMessage();
            if (focused != null) {
                e.consume();
                model.switchVersion(focused, e.getCode() == KeyCode.LEFT ? -1 : 1).ifPresent(now -> select(now.id()));
            }
        });
    }

    private MessageItem focusedMessage() {
        for (Node n = list.getScene() == null ? null : list.getScene().getFocusOwner(); n != null; n = n.getParent()) {
            if (n instanceof MessageCell cell && cell.getItem() != null) {
                return cell.getItem().item();
            }
        }
        return model.selectedProperty().get();
    }

    private void select(String messageId) {
        for (int i = 0; i < list.getItems().size(); i++) {
            if (list.getItems().get(i).item().id().equals(messageId)) {
                list.getSelectionModel().clearAndSelect(i);
                return;
            }
        }
    }

    /** What an empty conversation says; a session being read says so only when the read is slow. */
    private Label placeholder() {
        Label empty = new Label();
        empty.getStyleClass().add(ChatStyles.EMPTY_STATE);
        empty.textProperty().bind(Bindings.createStringBinding(() -> switch (model.stateProperty().get()) {
            case NO_SESSION -> "Start a new chat with Ctrl+N, or pick one on the left.";
            case LOADING -> slowLoad.get() ? "Opening this chat\u2026" : "";
            case READ_ONLY -> "Nothing here yet.";
            case IDLE, STREAMING -> "Say something. The offline demo answers without a key or network.";
        }, model.stateProperty(), slowLoad));
        PauseTransition delay = new PauseTransition(ConversationView.SLOW_LOAD);
        delay.setOnFinished(e -> slowLoad.set(model.stateProperty().get() == ConversationViewModel.State.LOADING));
        model.stateProperty().addListener((obs, old, now) -> {
            if (now == ConversationViewModel.State.LOADING) {
                delay.playFromStart();
            } else {
                delay.stop();
                slowLoad.set(false);
            }
        });
        return empty;
    }

    private Button jumpToLatest() {
        Button jump = new Button("\u2193 Latest");
        jump.setId(ConversationView.JUMP_ID);
        jump.getStyleClass().add(ChatStyles.JUMP_TO_LATEST);
        jump.visibleProperty().bind(getSkinnable().followingProperty().not()
                .and(Bindings.isNotEmpty(model.messages())));
        jump.setOnAction(e -> follower.follow());
        return jump;
    }

    ListView<MessagePart> list() {
        return list;
    }

    /** See {@link ConversationView#reveal}. */
    boolean reveal(String messageId) {
        list.layout(); // the rows of a session just shown are counted by the list's next layout: count them now
        for (int i = 0; i < list.getItems().size(); i++) {
            if (list.getItems().get(i).item().id().equals(messageId)) {
                getSkinnable().followingProperty().set(false);
                list.getSelectionModel().clearAndSelect(i);
                list.scrollTo(i);
                return true;
            }
        }
        return false;
    }

    private static void copyToClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
