package dev.tidemark.ui.chat;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import javafx.scene.control.Control;
import javafx.scene.control.ListView;
import javafx.scene.control.Skin;
import javafx.util.Duration;

import java.util.function.Consumer;

/**
 * The conversation: a virtualized list of messages above the composer. While the view is at the
 * bottom it follows the newest text as it streams; scrolled up, it stays put and offers a button
 * to jump back to the latest. A session that is slow to read says it is opening. The nodes are
 * the {@link ConversationViewSkin}'s; this control holds the view model and what the window asks
 * of the conversation. FX thread only.
 */
public final class ConversationView extends Control {

    public static final String LIST_ID = "conversation";
    public static final String COMPOSER_ID = "composer";
    public static final String SEND_ID = "send";
    public static final String STOP_ID = "stop";
    /** The composer's "+ Model" menu (several models at once) and the row of models added. */
    public static final String ADD_MODEL_ID = "add-model";
    public static final String MODEL_PICKS_ID = "model-picks";
    public static final String JUMP_ID = "jump-to-latest";
    public static final String EDIT_BANNER_ID = "edit-banner";
    /** The "Branched from …" link above a chat made by Branch from here. */
    public static final String BRANCHED_FROM_ID = "branched-from";
    /** The question asked before a key goes over plain http to a public host, and its two answers. */
    public static final String PLAIN_HTTP_ID = "plain-http-question";
    public static final String PLAIN_HTTP_SEND_ID = "plain-http-send";
    public static final String PLAIN_HTTP_CANCEL_ID = "plain-http-cancel";
    /** The paperclip, the chips of files attached to the next message, and the warning when a model will not take them. */
    public static final String ATTACH_ID = "attach";
    public static final String ATTACHMENT_CHIPS_ID = "attachment-chips";
    public static final String ATTACHMENT_REFUSAL_ID = "attachment-refusal";
    /** The composer's per-chat tools switch (shown once an MCP server is configured). */
    public static final String TOOLS_SWITCH_ID = "tools-switch";
    public static final String SEND_TEXT_ONLY_ID = "send-text-only";
    public static final String REFUSAL_CANCEL_ID = "attachment-refusal-cancel";
    /** A session that takes longer than this to read says "Opening this chat…"; a quicker one shows nothing. */
    public static final Duration SLOW_LOAD = Duration.millis(100);

    private final ConversationViewModel model;
    private final Consumer<String> linkOpener;
    private final BooleanProperty following = new SimpleBooleanProperty(this, "following", true);
    /** Asks for files to attach (the paperclip); a test puts its own in place of the system's dialog. */
    private final ObjectProperty<Function<Window, List<Path>>> fileChooser = new SimpleObjectProperty<>(this,
            "fileChooser", ConversationView::chooseWithSystemDialog);

    public ConversationView(ConversationViewModel model) {
        this(model, url -> { });
    }

    /** @param linkOpener opens a link from a reply in the system browser (never inside the app) */
    public ConversationView(ConversationViewModel model, Consumer<String> linkOpener) {
        this.model = model;
        this.linkOpener = linkOpener;
        getStylesheets().add(ChatStyles.STYLESHEET);
        getStyleClass().add(ChatStyles.CONVERSATION_VIEW);
        setSkin(createDefaultSkin()); // the window reaches the list before the first CSS pass would make a skin
    }

    /** The list: one row per message, or per part of a long message. */
    public ListView<MessagePart> list() {
        return skin().list();
    }

    /**
     * Selects the message with this id and scrolls it into view, and stops following the newest
     * text (a search result opens here).
     *
     * @return false when the conversation on screen has no such message
     */
    public boolean reveal(String messageId) {
        return skin().reveal(messageId);
    }

    /**
     * Gives the composer the keyboard focus as soon as the chat on screen can take a message (at
     * start and after New chat), so a person can type at once without clicking into it first.
     */
    public void focusComposer() {
        skin().composer().focusWhenReady();
    }

    /** True while the view keeps the newest text in sight. */
    public BooleanProperty followingProperty() {
        return following;
    }

    /** What the paperclip opens to choose files; by default the system's file chooser. */
    public ObjectProperty<Function<Window, List<Path>>> fileChooserProperty() {
        return fileChooser;
    }

    private static List<Path> chooseWithSystemDialog(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Attach files");
        List<File> chosen = chooser.showOpenMultipleDialog(owner);
        return chosen == null ? List.of() : chosen.stream().map(File::toPath).toList();
    }

    ConversationViewModel model() {
        return model;
    }

    private ConversationViewSkin skin() {
        return (ConversationViewSkin) getSkin();
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new ConversationViewSkin(this, linkOpener);
    }
}
