package dev.tidemark.ui.chat;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Where the user writes: the conversation's notice, the banner shown while a message is being
 * edited, and the text area with Send (Stop while a reply streams). Enter sends, Shift+Enter is a
 * new line, Esc cancels an edit. Only binds to the conversation's view model.
 */
final class ComposerView extends VBox {

    private final ConversationViewModel model;
    private final Runnable beforeSend;
    private final TextArea text = new TextArea();
    /** The chat the composer should take the keyboard focus for once it can, or null. FX thread. */
    private String focusFor;

    /** @param beforeSend runs just before a message is sent (the conversation then follows the reply) */
    ComposerView(ConversationViewModel model, Runnable beforeSend) {
        super(6);
        this.model = model;
        this.beforeSend = beforeSend;
        ModelPicksView picks = new ModelPicksView(model.compared());
        HBox row = new HBox(8, textArea(), picks.addButton(), buttons());
        row.setAlignment(Pos.BOTTOM_LEFT);
        getChildren().setAll(notice(), plainHttpQuestion(), editBanner(), picks, row);
        getStyleClass().add(ChatStyles.COMPOSER);
    }

    private TextArea textArea() {
        text.setId(ConversationView.COMPOSER_ID);
        text.setPromptText("Message (Enter to send, Shift+Enter for a new line)");
        text.setWrapText(true);
        text.setPrefRowCount(3);
        text.textProperty().bindBidirectional(model.composerTextProperty());
        text.disableProperty().bind(Bindings.createBooleanBinding(
                () -> switch (model.stateProperty().get()) {
                    case NO_SESSION, LOADING, READ_ONLY -> true;
                    case IDLE, STREAMING -> false;
                }, model.stateProperty()));
        text.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        model.editingIdProperty().addListener((obs, old, now) -> {
            if (now != null) {
                text.requestFocus();
                text.end();
            }
        });
        text.disabledProperty().addListener((obs, was, is) -> takeFocusIfWanted());
        text.sceneProperty().addListener((obs, was, is) -> takeFocusIfWanted());
        HBox.setHgrow(text, Priority.ALWAYS);
        return text;
    }

    /**
     * Gives the text area the keyboard focus as soon as it can take it (now, or once the chat on
     * screen has been read), so a person can type at once: at start and after New chat. Dropped
     * when another chat is shown first, or when the person has meanwhile typed into another field.
     */
    void focusWhenReady() {
        focusFor = model.sessionIdProperty().get();
        takeFocusIfWanted();
    }

    private void takeFocusIfWanted() {
        if (focusFor == null) {
            return;
        }
        if (!focusFor.equals(model.sessionIdProperty().get())) {
            focusFor = null;
            return;
        }
        if (text.isDisabled() || text.getScene() == null) {
            return;
        }
        focusFor = null;
        if (text.getScene().getFocusOwner() instanceof TextInputControl other && other != text
                && !other.getText().isEmpty()) {
            return; // typing elsewhere already (a search): leave it there
        }
        text.requestFocus();
        text.end();
    }

    private void onKey(KeyEvent event) {
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
            text.replaceSelection("\n");
        } else {
            send();
        }
    }

    private void send() {
        beforeSend.run();
        model.send();
    }

    /** Send, or Stop in its place while a reply streams. */
    private StackPane buttons() {
        Button send = new Button("Send");
        send.setId(ConversationView.SEND_ID);
        send.setDefaultButton(false);
        send.disableProperty().bind(model.canSend().not());
        send.setOnAction(e -> send());
        Button stop = new Button("Stop");
        stop.setId(ConversationView.STOP_ID);
        stop.setOnAction(e -> model.stop());
        stop.visibleProperty().bind(model.stateProperty().isEqualTo(ConversationViewModel.State.STREAMING));
        stop.managedProperty().bind(stop.visibleProperty());
        send.visibleProperty().bind(stop.visibleProperty().not());
        send.managedProperty().bind(send.visibleProperty());
        StackPane buttons = new StackPane(send, stop);
        buttons.setAlignment(Pos.BOTTOM_RIGHT);
        return buttons;
    }

    private Label notice() {
        Label notice = new Label();
        notice.getStyleClass().add(ChatStyles.MESSAGE_DETAIL);
        notice.textProperty().bind(model.noticeProperty());
        notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        return notice;
    }

    /** Asked before a key would go unencrypted to a public host: send anyway, or not. */
    private HBox plainHttpQuestion() {
        Label question = new Label();
        question.setWrapText(true);
        question.textProperty().bind(model.plainHttpQuestionProperty());
        HBox.setHgrow(question, Priority.ALWAYS);
        Button sendAnyway = new Button("Send anyway");
        sendAnyway.setId(ConversationView.PLAIN_HTTP_SEND_ID);
        sendAnyway.setOnAction(e -> model.answerPlainHttp(true));
        Button cancel = new Button("Don't send");
        cancel.setId(ConversationView.PLAIN_HTTP_CANCEL_ID);
        cancel.setOnAction(e -> model.answerPlainHttp(false));
        HBox bar = new HBox(8, question, sendAnyway, cancel);
        bar.setId(ConversationView.PLAIN_HTTP_ID);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add(ChatStyles.EDIT_BANNER);
        bar.visibleProperty().bind(model.plainHttpQuestionProperty().isNotEmpty());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    private Label editBanner() {
        Label editing = new Label("Editing your message: Enter sends it again and replaces what came after it;"
                + " Esc cancels.");
        editing.setId(ConversationView.EDIT_BANNER_ID);
        editing.getStyleClass().add(ChatStyles.EDIT_BANNER);
        editing.visibleProperty().bind(model.editingIdProperty().isNotNull());
        editing.managedProperty().bind(editing.visibleProperty());
        return editing;
    }
}
