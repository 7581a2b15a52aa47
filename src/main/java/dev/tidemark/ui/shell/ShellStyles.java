package dev.tidemark.ui.shell;

import java.util.Objects;

/**
 * The window frame's style classes (the status bar's items and health icon) and the stylesheet
 * ({@code shell.css}) that styles the status bar and the {@link NoticeBar}; each of the two loads it.
 */
public final class ShellStyles {

    public static final String STYLESHEET = Objects.requireNonNull(
            ShellStyles.class.getResource("/dev/tidemark/ui/shell/shell.css")).toExternalForm();

    public static final String STATUS_ITEM = "status-item";
    public static final String STATUS_PROBLEM = "status-problem";
    public static final String STATUS_OK = "status-ok";

    private ShellStyles() {
    }
}
