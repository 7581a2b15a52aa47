package dev.tidemark.ui.chat;

import dev.tidemark.ui.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The conversation (a virtualized list of messages) above the composer. While the view is at the
 * bottom it follows the newest text as it streams; scrolled up, it stays put and offers a button
 * to jump back to the latest.
 */
public final class ConversationView extends BorderPane {

    public static final String LIST_ID = "conversation";
    public static final String COMPOSER_ID = "composer";
    public static final String SEND_ID = "send";
    public static final String STOP_ID = "stop";
    public static final String JUMP_ID = "jump-to-latest";
    public static final String EDIT_BANNER_ID = "edit-banner";

    /** The conversation's own styles (colours come from the theme's variables). */
    public static final String STYLESHEET = java.util.Objects.requireNonNull(
            ConversationView.class.getResource("/dev/tidemark/ui/chat/conversation.css")).toExternalForm();

    private final ListView<MessagePart> list = new ListView<>();
    private final PartRows rows;
    private final ConversationViewModel model;
    private final BooleanProperty following = new SimpleBooleanProperty(this, "following", true);

    public ConversationView(ConversationViewModel model) {
        this(model, url -> { });
    }

    /** @param linkOpener opens a link from a reply in the system browser (never inside the app) */
    public ConversationView(ConversationViewModel model, java.util.function.Consumer<String> linkOpener) {
        this.model = model;
        list.setId(LIST_ID);
        list.getStyleClass().add(Styles.CONVERSATION);
        rows = new PartRows(model.messages());
        list.setItems(rows.rows());
        MessageCell.Tooltips tips = new MessageCell.Tooltips();
        list.setCellFactory(view -> new MessageCell(view, model, ConversationView::copyToClipboard, linkOpener, tips));
        list.setSkin(new ConversationListSkin<>(list));
        list.setFocusTraversable(false);
        list.getSelectionModel().selectedItemProperty().addListener(
                (obs, old, now) -> model.selectedProperty().set(now == null ? null : now.item()));

        Label empty = new Label();
        empty.getStyleClass().add(Styles.EMPTY_STATE);
        empty.textProperty().bind(Bindings.createStringBinding(() -> switch (model.stateProperty().get()) {
            case NO_SESSION -> "Start a new chat with Ctrl+N, or pick one on the left.";
            case READ_ONLY -> "Nothing here yet.";
            default -> "Say something. The offline demo answers without a key or network.";
        }, model.stateProperty()));
        list.setPlaceholder(empty);

        // follow the newest text while the view is at the bottom; a new session starts at the bottom
        model.messages().addListener((ListChangeListener<MessageItem>) change -> followIfAtBottom());
        model.changesProperty().addListener((obs, old, now) -> followIfAtBottom());
        model.sessionIdProperty().addListener((obs, old, now) -> {
            following.set(true);
            followIfAtBottom();
        });
        watchScrolling();

        Button jump = new Button("↓ Latest");
        jump.setId(JUMP_ID);
        jump.getStyleClass().add(Styles.JUMP_TO_LATEST);
        jump.visibleProperty().bind(following.not().and(Bindings.isNotEmpty(model.messages())));
        jump.setOnAction(e -> {
            following.set(true);
            followIfAtBottom();
        });
        StackPane center = new StackPane(list, jump);
        StackPane.setAlignment(jump, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(jump, new javafx.geometry.Insets(0, 28, 16, 0));

        TextArea composer = new TextArea();
        composer.setId(COMPOSER_ID);
        composer.setPromptText("Message (Enter to send, Shift+Enter for a new line)");
        composer.setWrapText(true);
        composer.setPrefRowCount(3);
        composer.textProperty().bindBidirectional(model.composerTextProperty());
        composer.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.stateProperty().get() == ConversationViewModel.State.NO_SESSION
                        || model.stateProperty().get() == ConversationViewModel.State.READ_ONLY,
                model.stateProperty()));
        composer.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ESCAPE && model.editingIdProperty().get() != null) {
                event.consume();
                model.cancelEdit();
                return;
            }
            if (event.getCode() != KeyCode.ENTER) {
                return;
            }
            event.consume();
            if (event.isShiftDown()) {
                composer.replaceSelection("\n");
            } else {
                following.set(true);
                model.send();
            }
        });
        model.editingIdProperty().addListener((obs, old, now) -> {
            if (now != null) {
                composer.requestFocus();
                composer.end();
            }
        });
        HBox.setHgrow(composer, Priority.ALWAYS);

        Button send = new Button("Send");
        send.setId(SEND_ID);
        send.setDefaultButton(false);
        send.disableProperty().bind(model.canSend().not());
        send.setOnAction(e -> {
            following.set(true);
            model.send();
        });
        Button stop = new Button("Stop");
        stop.setId(STOP_ID);
        stop.setOnAction(e -> model.stop());
        stop.visibleProperty().bind(model.stateProperty().isEqualTo(ConversationViewModel.State.STREAMING));
        stop.managedProperty().bind(stop.visibleProperty());
        send.visibleProperty().bind(stop.visibleProperty().not());
        send.managedProperty().bind(send.visibleProperty());
        StackPane buttons = new StackPane(send, stop);
        buttons.setAlignment(Pos.BOTTOM_RIGHT);

        Label notice = new Label();
        notice.getStyleClass().add(Styles.MESSAGE_DETAIL);
        notice.textProperty().bind(model.noticeProperty());
        notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());

        Label editing = new Label("Editing your message: Enter sends it again and replaces what came after it;"
                + " Esc cancels.");
        editing.setId(EDIT_BANNER_ID);
        editing.getStyleClass().add(Styles.EDIT_BANNER);
        editing.visibleProperty().bind(model.editingIdProperty().isNotNull());
        editing.managedProperty().bind(editing.visibleProperty());

        HBox row = new HBox(8, composer, buttons);
        row.setAlignment(Pos.BOTTOM_LEFT);
        VBox bottom = new VBox(6, notice, editing, row);
        bottom.getStyleClass().add(Styles.COMPOSER);

        setCenter(center);
        setBottom(bottom);
        getStylesheets().add(STYLESHEET);
    }

    /** The list: one row per message, or per part of a long message. */
    public ListView<MessagePart> list() {
        return list;
    }

    /**
     * Selects the message with this id and scrolls it into view, and stops following the newest
     * text (a search result opens here).
     *
     * @return false when the conversation on screen has no such message
     */
    public boolean reveal(String messageId) {
        for (int i = 0; i < list.getItems().size(); i++) {
            if (list.getItems().get(i).item().id().equals(messageId)) {
                following.set(false);
                list.getSelectionModel().clearAndSelect(i);
                list.scrollTo(i);
                return true;
            }
        }
        return false;
    }

    /** True while the view keeps the newest text in sight. */
    public BooleanProperty followingProperty() {
        return following;
    }

    private VirtualFlow<?> flow() {
        return list.lookup(".virtual-flow") instanceof VirtualFlow<?> flow ? flow : null;
    }

    /**
     * The user scrolling up stops following; scrolling (or dragging the scroll bar) back to the
     * bottom follows again. Only the user's own gestures count: the position also moves when the
     * last message grows, and that must not stop following.
     */
    private void watchScrolling() {
        list.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() > 0) {
                following.set(false);
            }
        });
        list.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() < 0 && atBottom()) {
                following.set(true);
            }
        });
        list.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            if (isOnScrollBar(e.getTarget())) {
                following.set(atBottom());
            }
        });
        list.addEventFilter(MouseEvent.MOUSE_DRAGGED, e -> {
            if (isOnScrollBar(e.getTarget()) && !atBottom()) {
                following.set(false);
            }
        });
    }

    private boolean atBottom() {
        VirtualFlow<?> flow = flow();
        return flow == null || flow.getPosition() >= 0.999;
    }

    private static boolean isOnScrollBar(Object target) {
        for (javafx.scene.Node n = target instanceof javafx.scene.Node node ? node : null; n != null; n = n.getParent()) {
            if (n instanceof javafx.scene.control.ScrollBar) {
                return true;
            }
        }
        return false;
    }

    private void followIfAtBottom() {
        if (!following.get() || model.messages().isEmpty()) {
            return;
        }
        VirtualFlow<?> flow = flow();
        if (flow == null) {
            list.scrollTo(rows.rows().size() - 1);
        } else {
            flow.setPosition(1.0); // the bottom of the last message, however tall it has grown
        }
    }

    private static void copyToClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
