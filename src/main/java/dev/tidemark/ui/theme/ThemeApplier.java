package dev.tidemark.ui.theme;

import javafx.scene.Scene;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Styles the scenes it is given (the window, its dialogs) with the current scheme's colour
 * variables, the text size and Tidemark's stylesheet, now and whenever the appearance changes.
 * Scenes that are gone are forgotten. FX thread.
 *
 * <p>Everything goes on the scene, not on its root node, because popups (menus, combo-box lists,
 * tooltips) copy their owner scene's stylesheets and would otherwise have no colours at all. The
 * text size is a generated stylesheet (a {@code data:} URI) setting {@code .root}'s font size, with
 * every other size in the CSS in em; icon sizes are set there too, in pixels, since ikonli's
 * {@code -fx-icon-size} takes no em.
 */
public final class ThemeApplier {

    private static final String SIZES_PREFIX = "data:text/css;base64,";

    private final AppearanceViewModel appearance;
    private final List<WeakReference<Scene>> scenes = new ArrayList<>();

    public ThemeApplier(AppearanceViewModel appearance) {
        this.appearance = appearance;
        appearance.schemeProperty().addListener((obs, old, now) -> applyAll());
        appearance.fontSizeProperty().addListener((obs, old, now) -> applyAll());
    }

    /** Themes {@code scene} from now on. */
    public void apply(Scene scene) {
        scenes.removeIf(r -> r.get() == null || r.get() == scene);
        scenes.add(new WeakReference<>(scene));
        applyTo(scene);
    }

    private void applyAll() {
        scenes.removeIf(r -> r.get() == null);
        scenes.forEach(r -> applyTo(r.get()));
    }

    private void applyTo(Scene scene) {
        if (scene == null) {
            return;
        }
        ColorScheme scheme = appearance.schemeProperty().get();
        // the variables first; the feature sheets only refer to them
        List<String> wanted = List.of(scheme.stylesheet(), sizes(appearance.fontSizeProperty().get()),
                Styles.STYLESHEET);
        List<String> sheets = scene.getStylesheets();
        if (!sheets.subList(0, Math.min(3, sheets.size())).equals(wanted)) {
            sheets.removeAll(ColorScheme.allStylesheets());
            sheets.removeIf(sheet -> sheet.startsWith(SIZES_PREFIX));
            sheets.remove(Styles.STYLESHEET);
            sheets.addAll(0, wanted);
        }
        if (scene.getRoot() != null) {
            for (ColorScheme other : ColorScheme.values()) {
                scene.getRoot().getStyleClass().remove(other.styleClass());
            }
            scene.getRoot().getStyleClass().add(scheme.styleClass());
        }
    }

    /** The text size on the root; icons a little larger, and as large as the text in menus, the status bar and fields. */
    static String sizes(int fontSize) {
        long icon = Math.round(fontSize * 1.25);
        String css = ".root { -fx-font-size: " + fontSize + "px; }\n"
                + "." + Styles.ICON + " { -fx-icon-size: " + icon + "px; }\n"
                + ".menu-item ." + Styles.ICON + ", .status-bar ." + Styles.ICON + ", .text-field ." + Styles.ICON
                + " { -fx-icon-size: " + fontSize + "px; }\n";
        return SIZES_PREFIX + Base64.getEncoder().encodeToString(css.getBytes(StandardCharsets.UTF_8));
    }
}
