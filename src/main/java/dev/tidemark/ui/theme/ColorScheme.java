package dev.tidemark.ui.theme;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The colours the window is drawn in: one stylesheet of {@code -color-*} variables per scheme. */
public enum ColorScheme {
    LIGHT("light.css"), DARK("dark.css");

    private final String stylesheet;

    ColorScheme(String file) {
        this.stylesheet = Objects.requireNonNull(ColorScheme.class.getResource("/dev/tidemark/ui/theme/" + file),
                file).toExternalForm();
    }

    /** The stylesheet that defines every {@code -color-*} variable for this scheme. */
    public String stylesheet() {
        return stylesheet;
    }

    /** The style class the root carries while this scheme is applied. */
    public String styleClass() {
        return this == DARK ? Styles.THEME_DARK : Styles.THEME_LIGHT;
    }

    static List<String> allStylesheets() {
        return Arrays.stream(values()).map(ColorScheme::stylesheet).toList();
    }
}
