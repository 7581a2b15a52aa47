package dev.tidemark.ui.settings;

import java.util.Objects;

/** The settings dialog's style classes and its stylesheet ({@code settings.css}), which {@link ProvidersView} loads. */
public final class SettingsStyles {

    public static final String STYLESHEET = Objects.requireNonNull(
            SettingsStyles.class.getResource("/dev/tidemark/ui/settings/settings.css")).toExternalForm();

    public static final String PANE = "providers-pane";
    public static final String FORM = "provider-form";
    public static final String HINT = "settings-hint";
    public static final String ERROR = "settings-error";
    public static final String WARNING = "settings-warning";
    public static final String DETECTED = "detected-server";
    public static final String FETCH_FAILED = "fetch-failed";
    /** The name and the value field of a custom header's row ({@link HeadersEditor}). */
    public static final String HEADER_NAME = "header-name";
    public static final String HEADER_VALUE = "header-value";

    /** Settings → Tools: the page, a server's state dot and its state's class, its stderr, a tool's description. */
    public static final String TOOLS_PANE = "tools-pane";
    public static final String STATE_DOT = "state-dot";
    public static final String STATE_READY = "state-ready";
    public static final String STATE_STARTING = "state-starting";
    public static final String STATE_FAILED = "state-failed";
    public static final String STATE_IDLE = "state-idle";
    public static final String SERVER_TITLE = "server-title";
    public static final String SERVER_ERROR = "server-error";
    public static final String TOOL_DESCRIPTION = "tool-description";

    private SettingsStyles() {
    }
}
