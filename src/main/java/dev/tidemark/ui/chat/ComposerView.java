package dev.tidemark.ui.chat;

import dev.tidemark.ui.theme.Icons;
import dev.tidemark.ui.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.FlowPane;
import org.kordamp.ikonli.feather.Feather;

import java.io.File;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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

    /** Ctrl+V, Cmd+V on macOS. */
    private static final KeyCombination PASTE = new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN);

    private final ConversationViewModel model;
    private final Runnable beforeSend;
    private final TextArea text = new TextArea();
    /** The chat the composer should take the keyboard focus for once it can, or null. FX thread. */
    private String focusFor;

    /**
     * @param beforeSend runs just before a message is sent (the conversation then follows the reply)
     * @param chooseFiles asks the person for files to attach (a file chooser); empty when none were chosen
     */
    ComposerView(ConversationViewModel model, Runnable beforeSend, Supplier<List<Path>> chooseFiles) {
        super(6);
        this.model = model;
        this.beforeSend = beforeSend;
        ModelPicksView picks = new ModelPicksView(model.compared());
        HBox row = new HBox(8, textArea(), attachButton(chooseFiles), toolsSwitch(), picks.addButton(), buttons());
        row.setAlignment(Pos.BOTTOM_LEFT);
        getChildren().setAll(notice(), plainHttpQuestion(), refusal(), editBanner(), picks, chips(), row);
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
        if (PASTE.match(event) && pasteFiles(Clipboard.getSystemClipboard())) {
            event.consume();
            return;
        }
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

    /**
     * Ctrl+V (Cmd+V) with files copied in a file manager attaches them; with an image and no text
     * (a screenshot tool's), attaches the image as a PNG. Text pastes as text.
     *
     * @return true when the paste attached something
     */
    private boolean pasteFiles(Clipboard clipboard) {
        if (clipboard.hasFiles() && !clipboard.getFiles().isEmpty()) {
            model.attachments().attach(clipboard.getFiles().stream().map(File::toPath).toList());
            return true;
        }
        if (clipboard.hasImage() && (!clipboard.hasString() || clipboard.getString().isBlank())) {
            Image image = clipboard.getImage();
            if (image != null) {
                model.attachments().attachImage(image);
                return true;
            }
        }
        return false;
    }

    /** The paperclip: a file chooser, for files to attach. */
    private Button attachButton(Supplier<List<Path>> chooseFiles) {
        Button attach = new Button(null, Icons.of(Feather.PAPERCLIP));
        attach.setId(ConversationView.ATTACH_ID);
        attach.getStyleClass().addAll(Styles.ICON_BUTTON, ChatStyles.ATTACH_BUTTON);
        attach.setTooltip(new Tooltip("Attach files: images, PDFs, text (or paste them, or drop them here)"));
        attach.setAccessibleText("Attach files");
        attach.disableProperty().bind(model.stateProperty().isNotEqualTo(ConversationViewModel.State.IDLE)
                .and(model.stateProperty().isNotEqualTo(ConversationViewModel.State.STREAMING)));
        attach.setOnAction(e -> {
            List<Path> chosen = chooseFiles.get();
            if (!chosen.isEmpty()) {
                model.attachments().attach(chosen);
            }
        });
        return attach;
    }

    /**
     * Tools on or off for this chat (its settings keep it), shown once an MCP server is configured;
     * the tooltip says how many tools the model is offered.
     */
    private ToggleButton toolsSwitch() {
        ConversationTools tools = model.tools();
        ToggleButton toggle = new ToggleButton(null, Icons.of(Feather.TOOL));
        toggle.setId(ConversationView.TOOLS_SWITCH_ID);
        toggle.getStyleClass().addAll(Styles.ICON_BUTTON, ChatStyles.TOOLS_SWITCH);
        toggle.setSelected(tools.onProperty().get());
        tools.onProperty().addListener((obs, was, now) -> toggle.setSelected(now));
        Tooltip tip = new Tooltip();
        tip.setOnShowing(e -> tip.setText(tools.describe()));
        toggle.setTooltip(tip);
        Runnable words = () -> {
            tip.setText(tools.describe());
            toggle.setAccessibleText(tools.onProperty().get() ? "Tools: on for this chat" : "Tools: off for this chat");
        };
        words.run();
        tools.onProperty().addListener((obs, was, now) -> words.run());
        toggle.setOnAction(e -> tools.setOn(toggle.isSelected()));
        toggle.visibleProperty().bind(tools.configuredServersProperty().greaterThan(0));
        toggle.managedProperty().bind(toggle.visibleProperty());
        toggle.disableProperty().bind(model.stateProperty().isNotEqualTo(ConversationViewModel.State.IDLE)
                .and(model.stateProperty().isNotEqualTo(ConversationViewModel.State.STREAMING)));
        return toggle;
    }

    /** The chips of the files attached to the next message. */
    private FlowPane chips() {
        FlowPane chips = new FlowPane(6, 6);
        chips.setId(ConversationView.ATTACHMENT_CHIPS_ID);
        chips.getStyleClass().add(ChatStyles.ATTACHMENT_CHIPS);
        ComposerAttachments attachments = model.attachments();
        Map<ComposerAttachments.Pending, AttachmentChip> made = new IdentityHashMap<>();
        Runnable show = () -> {
            made.keySet().retainAll(attachments.pending());
            chips.getChildren().setAll(attachments.pending().stream().map(p -> made.computeIfAbsent(p,
                    q -> new AttachmentChip(q, () -> attachments.remove(q)))).toList());
        };
        attachments.pending().addListener((ListChangeListener<ComposerAttachments.Pending>) c -> {
            boolean addedOrRemoved = false;
            while (c.next()) {
                addedOrRemoved |= c.wasAdded() || c.wasRemoved();
            }
            if (addedOrRemoved) {
                show.run();
            }
        });
        chips.visibleProperty().bind(Bindings.isNotEmpty(attachments.pending()));
        chips.managedProperty().bind(chips.visibleProperty());
        return chips;
    }

    /** Instead of sending: the model will not take these files; send the text only, or cancel. */
    private HBox refusal() {
        ComposerAttachments attachments = model.attachments();
        Label words = new Label();
        words.setWrapText(true);
        words.textProperty().bind(attachments.refusalProperty());
        HBox.setHgrow(words, Priority.ALWAYS);
        Button textOnly = new Button("Send the text only");
        textOnly.setId(ConversationView.SEND_TEXT_ONLY_ID);
        textOnly.setOnAction(e -> {
            beforeSend.run();
            attachments.sendTextOnly();
        });
        Button cancel = new Button("Cancel");
        cancel.setId(ConversationView.REFUSAL_CANCEL_ID);
        cancel.setOnAction(e -> attachments.cancelRefusal());
        HBox bar = new HBox(8, words, textOnly, cancel);
        bar.setId(ConversationView.ATTACHMENT_REFUSAL_ID);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().addAll(ChatStyles.EDIT_BANNER, ChatStyles.ATTACHMENT_REFUSAL);
        bar.visibleProperty().bind(attachments.refusalProperty().isNotEmpty());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
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
