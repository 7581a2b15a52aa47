package dev.tidemark.ui.theme;

import java.util.Objects;

/**
 * The side bars' shared look: a surface-coloured column with a search box over a list of rounded
 * rows, used by the chat list, the message search and the chat settings' title. Each of those
 * panes loads {@link #STYLESHEET}; it lives here because ui features do not use each other's classes.
 */
public final class SideBarStyles {

    public static final String STYLESHEET = Objects.requireNonNull(
            SideBarStyles.class.getResource("/dev/tidemark/ui/theme/sidebar.css")).toExternalForm();

    public static final String SESSIONS_PANE = "sessions-pane";
    public static final String SESSION_SEARCH = "session-search";
    public static final String SESSION_LIST = "session-list";
    public static final String SESSION_META = "session-meta";
    public static final String SIDE_PANE_TITLE = "side-pane-title";

    private SideBarStyles() {
    }
}
