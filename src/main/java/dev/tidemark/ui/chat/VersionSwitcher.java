package dev.tidemark.ui.chat;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;

import java.util.function.IntConsumer;

/**
 * The compact "‹ 2 / 3 ›" under a message that has other versions (an edited question, a
 * regenerated reply): its buttons show the version before or after. Both buttons take the
 * keyboard focus and work with Enter and Space; a screen reader hears "version 2 of 3". FX thread.
 */
final class VersionSwitcher extends HBox {

    private final Button previous = new Button("\u2039");
    private final Button next = new Button("\u203A");
    private final Label position = new Label();

    /** @param step asked to show the version {@code -1} before or {@code +1} after the one shown */
    VersionSwitcher(IntConsumer step) {
        super(2);
        getStyleClass().add(ChatStyles.VERSION_SWITCHER);
        setAlignment(Pos.CENTER_LEFT);
        previous.getStyleClass().addAll(ChatStyles.VERSION_STEP, ChatStyles.VERSION_PREVIOUS);
        next.getStyleClass().addAll(ChatStyles.VERSION_STEP, ChatStyles.VERSION_NEXT);
        position.getStyleClass().add(ChatStyles.VERSION_POSITION);
        for (Button b : new Button[] {previous, next}) {
            b.setFocusTraversable(true);
            int direction = b == previous ? -1 : 1;
            b.setOnAction(e -> step.accept(direction));
            b.setOnKeyPressed(e -> { // Space fires a button already; Enter does too here
                if (e.getCode() == KeyCode.ENTER) {
                    b.fire();
                    e.consume();
                }
            });
        }
        getChildren().setAll(previous, position, next);
    }

    /** Shows version {@code number} of {@code count}. */
    void show(int number, int count) {
        position.setText(number + " / " + count);
        String words = "version " + number + " of " + count;
        setAccessibleText(words);
        position.setAccessibleText(words);
        previous.setAccessibleText("Previous version (" + words + ")");
        next.setAccessibleText("Next version (" + words + ")");
        previous.setDisable(number <= 1);
        next.setDisable(number >= count);
    }

    Button previousButton() {
        return previous;
    }

    Button nextButton() {
        return next;
    }
}
