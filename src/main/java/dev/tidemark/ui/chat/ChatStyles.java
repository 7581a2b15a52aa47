package dev.tidemark.ui.chat;

import javafx.css.PseudoClass;

import java.util.Objects;

/**
 * The conversation's style classes and pseudo-classes (its list, message cards, badges, actions
 * and composer), and their stylesheet ({@code conversation.css}), which {@link ConversationView} loads.
 */
public final class ChatStyles {

    public static final String STYLESHEET = Objects.requireNonNull(
            ChatStyles.class.getResource("/dev/tidemark/ui/chat/conversation.css")).toExternalForm();

    public static final String CONVERSATION = "conversation";
    /** The conversation control: its list and composer (highlighted while files are dragged over it). */
    public static final String CONVERSATION_VIEW = "conversation-view";
    public static final String MESSAGE = "message";
    public static final String MESSAGE_USER = "message-user";
    public static final String MESSAGE_ASSISTANT = "message-assistant";
    public static final String MESSAGE_ROLE = "message-role";
    public static final String MESSAGE_MODEL = "message-model";
    public static final String MESSAGE_TEXT = "message-text";
    public static final String MESSAGE_DETAIL = "message-detail";
    public static final String MESSAGE_REASONING = "message-reasoning";
    public static final String MESSAGE_FOOTER = "message-footer";
    public static final String MESSAGE_MARKDOWN = "message-markdown";
    public static final String MESSAGE_ACTIONS = "message-actions";
    public static final String MESSAGE_ACTION = "message-action";
    public static final String ACTION_COPY = "action-copy";
    public static final String ACTION_EDIT = "action-edit";
    public static final String ACTION_REGENERATE = "action-regenerate";
    public static final String ACTION_CONTINUE = "action-continue";
    public static final String ACTION_RETRY = "action-retry";
    public static final String ACTION_DELETE = "action-delete";
    public static final String VERSION_SWITCHER = "version-switcher";
    public static final String VERSION_STEP = "version-step";
    public static final String VERSION_PREVIOUS = "version-previous";
    public static final String VERSION_NEXT = "version-next";
    public static final String VERSION_POSITION = "version-position";
    public static final String ACTION_BRANCH = "action-branch";
    public static final String BRANCHED_FROM = "branched-from";
    public static final String JUMP_TO_LATEST = "jump-to-latest";
    public static final String EDIT_BANNER = "edit-banner";
    public static final String MESSAGE_TOOLS = "message-tools";
    public static final String REASONING_CARD = "reasoning-card";
    public static final String REASONING_TOGGLE = "reasoning-toggle";
    public static final String TOOL_CALL = "tool-call";
    public static final String TOOL_NAME = "tool-name";
    public static final String TOOL_ARGUMENTS = "tool-arguments";
    /** A tool call the tool loop runs: its card, icon, state chip, folding toggles, buttons, progress and result. */
    public static final String TOOL_CARD = "tool-card";
    public static final String TOOL_ICON = "tool-icon";
    public static final String TOOL_STATE = "tool-state";
    public static final String TOOL_TOGGLE = "tool-toggle";
    public static final String TOOL_ACTIONS = "tool-actions";
    public static final String TOOL_BUTTON = "tool-button";
    public static final String TOOL_PRIMARY = "tool-primary";
    public static final String TOOL_ALLOW_ONCE = "tool-allow-once";
    public static final String TOOL_ALWAYS_ALLOW = "tool-always-allow";
    public static final String TOOL_DENY = "tool-deny";
    public static final String TOOL_CANCEL = "tool-cancel";
    public static final String TOOL_RETRY = "tool-retry";
    public static final String TOOL_TELL_FAILED = "tool-tell-failed";
    public static final String TOOL_PROGRESS = "tool-progress";
    public static final String TOOL_NOTE = "tool-note";
    public static final String TOOL_RESULT_TEXT = "tool-result-text";
    public static final String TOOL_RESULT_ERROR = "tool-result-error";
    /** A tool call's state chip, by state. */
    public static final String TOOL_STATE_REQUESTED = "tool-state-requested";
    public static final String TOOL_STATE_RUNNING = "tool-state-running";
    public static final String TOOL_STATE_DONE = "tool-state-done";
    public static final String TOOL_STATE_ERROR = "tool-state-error";
    public static final String TOOL_STATE_DENIED = "tool-state-denied";
    public static final String TOOL_STATE_INTERRUPTED = "tool-state-interrupted";
    /** The composer's per-chat tools switch. */
    public static final String TOOLS_SWITCH = "tools-switch";
    public static final String RECOVERED_BADGE = "recovered-badge";
    /** The Recovered badge of a reply a re-attach finished. */
    public static final String RECOVERED_FINISHED = "recovered-finished";
    /** The reply footer while a dropped connection is picked up again. */
    public static final String MESSAGE_FOOTER_NOTE = "message-footer-note";
    public static final String STATUS_BADGE = "status-badge";
    public static final String STATUS_STOPPED = "status-stopped";
    public static final String STATUS_ERROR = "status-error";
    public static final String STATUS_STREAMING = "status-streaming";
    public static final String COMPOSER = "composer";
    /** Several models at once: a compared turn, its columns (or tabs), each column's parts. */
    public static final String COMPARED_TURN = "compared-turn";
    public static final String COMPARED_COLUMNS = "compared-columns";
    public static final String COMPARED_TABS = "compared-tabs";
    public static final String COMPARED_COLUMN = "compared-column";
    public static final String COMPARED_HEADER = "compared-header";
    public static final String COMPARED_MODEL = "compared-model";
    public static final String COMPARED_STOP = "compared-stop";
    public static final String COMPARED_USE = "compared-use";
    /** The composer's row of models added to the next question, each a chip. */
    public static final String MODEL_PICKS = "model-picks";
    public static final String MODEL_PICK = "model-pick";
    public static final String MODEL_PICK_NAME = "model-pick-name";
    public static final String MODEL_PICK_REMOVE = "model-pick-remove";
    public static final String MODEL_PICK_ADD = "model-pick-add";
    public static final String EMPTY_STATE = "empty-state";
    /** Attachments: the composer's paperclip, its chips (each with a thumbnail or icon, name, size or progress, ✕). */
    public static final String ATTACH_BUTTON = "attach-button";
    public static final String ATTACHMENT_CHIPS = "attachment-chips";
    public static final String ATTACHMENT_CHIP = "attachment-chip";
    public static final String ATTACHMENT_GRAPHIC = "attachment-graphic";
    public static final String ATTACHMENT_ICON = "attachment-icon";
    public static final String ATTACHMENT_NAME = "attachment-name";
    public static final String ATTACHMENT_SIZE = "attachment-size";
    public static final String ATTACHMENT_PROGRESS = "attachment-progress";
    public static final String ATTACHMENT_REMOVE = "attachment-remove";
    /** The warning shown instead of sending files a model will not take. */
    public static final String ATTACHMENT_REFUSAL = "attachment-refusal";
    /** A sent message's attachments: image thumbnails and file chips; one whose file is missing or damaged. */
    public static final String ATTACHMENT_STRIP = "attachment-strip";
    public static final String ATTACHMENT_IMAGE = "attachment-image";
    public static final String ATTACHMENT_FILE = "attachment-file";
    public static final String ATTACHMENT_BROKEN = "attachment-broken";
    /** The larger preview of an image, in a window of its own. */
    public static final String ATTACHMENT_PREVIEW = "attachment-preview";
    /** JavaFX's own class of the flow inside a list view, which scrolls its rows. */
    public static final String VIRTUAL_FLOW = "virtual-flow";

    /** On a row and its card when the message goes on in the next row. */
    public static final PseudoClass PART_MORE = PseudoClass.getPseudoClass("part-more");
    /** On a row and its card when the message began in an earlier row. */
    public static final PseudoClass PART_CONTINUED = PseudoClass.getPseudoClass("part-continued");
    /** On the conversation while files are dragged over it (they can be dropped to attach them). */
    public static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");
    /** On a chip while its file is being stored or read. */
    public static final PseudoClass BUSY = PseudoClass.getPseudoClass("busy");
    /** On a tool card while its call waits for the person, after it failed, after it was interrupted. */
    public static final PseudoClass TOOL_WAITING = PseudoClass.getPseudoClass("waiting");
    public static final PseudoClass TOOL_ERROR = PseudoClass.getPseudoClass("error");
    public static final PseudoClass TOOL_INTERRUPTED = PseudoClass.getPseudoClass("interrupted");
    /** On the card of the message the view model has selected. */
    public static final PseudoClass SELECTED_MESSAGE = PseudoClass.getPseudoClass("selected-message");

    private ChatStyles() {
    }
}
