package dev.tidemark.ui.theme;

import java.util.Objects;

/**
 * Style-class names used from Java, and the stylesheet that defines them. Colours are not here:
 * they are the {@code -color-*} variables of {@link ColorScheme}'s stylesheets.
 */
public final class Styles {

    public static final String STYLESHEET = Objects.requireNonNull(
            Styles.class.getResource("/dev/tidemark/ui/theme/tidemark.css")).toExternalForm();

    public static final String SESSION_LIST = "session-list";
    public static final String SESSION_CELL = "session-cell";
    public static final String SESSION_TITLE = "session-title";
    public static final String SESSION_META = "session-meta";
    public static final String SESSION_GROUP = "session-group";
    public static final String SESSION_DAMAGED = "session-damaged";
    public static final String SESSION_PINNED = "session-pinned";
    public static final String SESSION_RENAME = "session-rename";
    public static final String CONVERSATION = "conversation";
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
    public static final String JUMP_TO_LATEST = "jump-to-latest";
    public static final String EDIT_BANNER = "edit-banner";
    public static final String MESSAGE_TOOLS = "message-tools";
    public static final String REASONING_CARD = "reasoning-card";
    public static final String REASONING_TOGGLE = "reasoning-toggle";
    public static final String TOOL_CALL = "tool-call";
    public static final String TOOL_NAME = "tool-name";
    public static final String TOOL_ARGUMENTS = "tool-arguments";
    public static final String RECOVERED_BADGE = "recovered-badge";
    public static final String STATUS_BADGE = "status-badge";
    public static final String STATUS_STOPPED = "status-stopped";
    public static final String STATUS_ERROR = "status-error";
    public static final String STATUS_STREAMING = "status-streaming";
    public static final String COMPOSER = "composer";
    public static final String EMPTY_STATE = "empty-state";
    public static final String TOOLBAR_LABEL = "toolbar-label";

    /** On the root while the light or the dark scheme is applied. */
    public static final String THEME_LIGHT = "theme-light";
    public static final String THEME_DARK = "theme-dark";
    public static final String ICON = "icon";
    public static final String ICON_BUTTON = "icon-button";
    public static final String PRIMARY_BUTTON = "primary-button";
    public static final String SESSIONS_PANE = "sessions-pane";
    public static final String SESSION_SEARCH = "session-search";
    public static final String SIDE_PANE = "side-pane";
    public static final String SIDE_PANE_TITLE = "side-pane-title";
    public static final String FORM_LABEL = "form-label";
    public static final String FORM_HINT = "form-hint";
    public static final String FORM_ERROR = "form-error";
    public static final String STATUS_ITEM = "status-item";
    public static final String STATUS_PROBLEM = "status-problem";
    public static final String STATUS_OK = "status-ok";

    private Styles() {
    }
}
