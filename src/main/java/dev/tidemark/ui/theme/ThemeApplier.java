package dev.tidemark.ui.theme;

import javafx.scene.Parent;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Puts the current scheme's stylesheet and the text size on the roots it is given (the window,
 * its dialogs), now and whenever the appearance changes. Roots that are gone are forgotten. FX thread.
 *
 * <p>Text sizes in the CSS are in em and follow the root's font size. Icon sizes cannot (ikonli's
 * {@code -fx-icon-size} takes pixels), so a tiny generated stylesheet (a {@code data:} URI) sets
 * them in proportion to the text.
 */
public final class ThemeApplier {

    private static final Pattern FONT_SIZE = Pattern.compile("-fx-font-size:[^;]*;?");
    private static final String SIZES_PREFIX = "data:text/css;base64,";

    private final AppearanceViewModel appearance;
    private final List<WeakReference<Parent>> roots = new ArrayList<>();

    public ThemeApplier(AppearanceViewModel appearance) {
        this.appearance = appearance;
        appearance.schemeProperty().addListener((obs, old, now) -> applyAll());
        appearance.fontSizeProperty().addListener((obs, old, now) -> applyAll());
    }

    /** Themes {@code root} from now on. */
    public void apply(Parent root) {
        roots.removeIf(r -> r.get() == null || r.get() == root);
        roots.add(new WeakReference<>(root));
        applyTo(root);
    }

    private void applyAll() {
        roots.removeIf(r -> r.get() == null);
        roots.forEach(r -> applyTo(r.get()));
    }

    private void applyTo(Parent root) {
        if (root == null) {
            return;
        }
        ColorScheme scheme = appearance.schemeProperty().get();
        List<String> sheets = root.getStylesheets();
        if (sheets.isEmpty() || !sheets.get(0).equals(scheme.stylesheet())) {
            sheets.removeAll(ColorScheme.allStylesheets());
            sheets.add(0, scheme.stylesheet()); // the variables first; feature sheets only refer to them
        }
        int size = appearance.fontSizeProperty().get();
        String sizes = iconSizes(size);
        if (!sheets.contains(sizes)) {
            sheets.removeIf(sheet -> sheet.startsWith(SIZES_PREFIX));
            sheets.add(sizes);
        }
        for (ColorScheme other : ColorScheme.values()) {
            root.getStyleClass().remove(other.styleClass());
        }
        root.getStyleClass().add(scheme.styleClass());
        // a value the user sets, so inline; every other size in the CSS is in em and follows it
        String style = root.getStyle() == null ? "" : FONT_SIZE.matcher(root.getStyle()).replaceAll("").strip();
        root.setStyle((style.isEmpty() ? "" : style + " ") + "-fx-font-size: " + size + "px;");
    }

    /** Icons a little larger than the text; in menus, the status bar and fields, as large as the text. */
    static String iconSizes(int fontSize) {
        long icon = Math.round(fontSize * 1.25);
        String css = "." + Styles.ICON + " { -fx-icon-size: " + icon + "px; }\n"
                + ".menu-item ." + Styles.ICON + ", .status-bar ." + Styles.ICON + ", .text-field ." + Styles.ICON
                + " { -fx-icon-size: " + fontSize + "px; }\n";
        return SIZES_PREFIX + Base64.getEncoder().encodeToString(css.getBytes(StandardCharsets.UTF_8));
    }
}
