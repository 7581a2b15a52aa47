package dev.tidemark.ui.theme;

import javafx.event.ActionEvent;
import javafx.scene.input.KeyCombination;
import org.controlsfx.control.action.Action;
import org.kordamp.ikonli.feather.Feather;

import java.util.function.Consumer;

/**
 * Makes the ControlsFX {@link Action}s behind Tidemark's menus, tool bar and notices, so that
 * every one is built the same way: its text and handler, and optionally a Feather icon, a
 * shortcut and a longer text (the tooltip), which then names the shortcut.
 */
public final class Actions {

    private Actions() {
    }

    /** An action with only a text, e.g. a notice's button. */
    public static Action create(String text, Consumer<ActionEvent> handler) {
        return new Action(text, handler);
    }

    /**
     * @param icon     null: none
     * @param key      null: no shortcut
     * @param longText null: no tooltip; otherwise the tooltip, with the shortcut after it in brackets
     */
    public static Action create(String text, Feather icon, KeyCombination key, String longText,
                                Consumer<ActionEvent> handler) {
        Action action = new Action(text, handler);
        if (icon != null) {
            action.setGraphic(Icons.of(icon));
        }
        action.setAccelerator(key);
        if (longText != null) {
            action.setLongText(key == null ? longText : longText + " (" + key.getDisplayText() + ")");
        }
        return action;
    }
}
