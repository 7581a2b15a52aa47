package dev.tidemark.ui.sessions;

import java.util.Objects;

/**
 * The chat list's and the chat settings pane's style classes, and their stylesheet
 * ({@code sessions.css}), which {@link SessionsPane} and {@link SessionSettingsPane} load. The
 * list's common side-bar look is {@link dev.tidemark.ui.theme.SideBarStyles}.
 */
public final class SessionStyles {

    public static final String STYLESHEET = Objects.requireNonNull(
            SessionStyles.class.getResource("/dev/tidemark/ui/sessions/sessions.css")).toExternalForm();

    public static final String SESSION_CELL = "session-cell";
    public static final String SESSION_TITLE = "session-title";
    public static final String SESSION_GROUP = "session-group";
    public static final String SESSION_DAMAGED = "session-damaged";
    public static final String SESSION_PINNED = "session-pinned";
    public static final String SESSION_RENAME = "session-rename";
    public static final String SIDE_PANE = "side-pane";
    public static final String FORM_LABEL = "form-label";
    public static final String FORM_HINT = "form-hint";
    public static final String FORM_ERROR = "form-error";

    private SessionStyles() {
    }
}
