package dev.tidemark.ui.theme;

import java.util.Objects;

/**
 * The window-wide stylesheet (the root and the generic controls: menus, tool bar, buttons, text
 * inputs, split pane, tooltips, scroll bars) and the style-class names of it used from Java. A
 * feature's own classes and stylesheet live beside the feature (its {@code …Styles} class); the
 * side bars' shared look is {@link SideBarStyles}. Colours are not here: they are the
 * {@code -color-*} variables of {@link ColorScheme}'s stylesheets.
 */
public final class Styles {

    public static final String STYLESHEET = Objects.requireNonNull(
            Styles.class.getResource("/dev/tidemark/ui/theme/tidemark.css")).toExternalForm();

    /** On the root while the light or the dark scheme is applied. */
    public static final String THEME_LIGHT = "theme-light";
    public static final String THEME_DARK = "theme-dark";
    public static final String ICON = "icon";
    public static final String ICON_BUTTON = "icon-button";
    public static final String PRIMARY_BUTTON = "primary-button";
    public static final String TOOLBAR_LABEL = "toolbar-label";

    private Styles() {
    }
}
