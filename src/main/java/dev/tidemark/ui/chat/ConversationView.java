package dev.tidemark.ui.chat;

import dev.tidemark.ui.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The conversation (a virtualized list of messages) above the composer. */
public final class ConversationView extends BorderPane {

    public static final String LIST_ID = "conversation";
    public static final String COMPOSER_ID = "composer";
    public static final String SEND_ID = "send";
    public static final String STOP_ID = "stop";

    private final ListView<MessageItem> list = new ListView<>();

    public ConversationView(ConversationViewModel model) {
        list.setId(LIST_ID);
        list.getStyleClass().add(Styles.CONVERSATION);
        list.setItems(model.messages());
        list.setCellFactory(view -> new MessageCell(view));
        list.setFocusTraversable(false);

        Label empty = new Label();
        empty.getStyleClass().add(Styles.EMPTY_STATE);
        empty.textProperty().bind(Bindings.createStringBinding(() -> switch (model.stateProperty().get()) {
            case NO_SESSION -> "Start a new chat with Ctrl+N, or pick one on the left.";
            case READ_ONLY -> "Nothing here yet.";
            default -> "Say something. The offline demo answers without a key or network.";
        }, model.stateProperty()));
        list.setPlaceholder(empty);

        // follow the newest message as it grows
        model.messages().addListener((ListChangeListener<MessageItem>) change -> {
            if (!model.messages().isEmpty()) {
                list.scrollTo(model.messages().size() - 1);
            }
        });

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
            if (event.getCode() != KeyCode.ENTER) {
                return;
            }
            event.consume();
            if (event.isShiftDown()) {
                composer.replaceSelection("\n");
            } else {
                model.send();
            }
        });
        HBox.setHgrow(composer, Priority.ALWAYS);

        Button send = new Button("Send");
        send.setId(SEND_ID);
        send.setDefaultButton(false);
        send.disableProperty().bind(model.canSend().not());
        send.setOnAction(e -> model.send());
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

        HBox row = new HBox(8, composer, buttons);
        row.setAlignment(Pos.BOTTOM_LEFT);
        VBox bottom = new VBox(6, notice, row);
        bottom.getStyleClass().add(Styles.COMPOSER);

        setCenter(list);
        setBottom(bottom);
    }

    public ListView<MessageItem> list() {
        return list;
    }
}
