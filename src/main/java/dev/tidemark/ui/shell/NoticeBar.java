package dev.tidemark.ui.shell;

import dev.tidemark.ui.theme.Actions;
import dev.tidemark.ui.theme.Icons;
import javafx.animation.PauseTransition;
import javafx.scene.Node;
import org.controlsfx.control.NotificationPane;
import org.kordamp.ikonli.feather.Feather;

import java.time.Duration;

/**
 * A bar that slides over the top of the window's content to say that something happened in the
 * background (the disk is full, a file could not be read, something went wrong). Never modal;
 * it goes away by itself after a while, or with its close button. FX thread.
 */
public final class NoticeBar {

    public static final String ID = "notices";

    private final NotificationPane pane;
    private final PauseTransition autoHide;
    private boolean waitingForSkin; // FX thread

    /**
     * @param content   what the bar slides over
     * @param showFor   how long a notice stays
     */
    public NoticeBar(Node content, Duration showFor) {
        pane = new NotificationPane(content);
        pane.setId(ID);
        pane.getStylesheets().add(ShellStyles.STYLESHEET);
        pane.setShowFromTop(true);
        pane.setCloseButtonVisible(true);
        autoHide = new PauseTransition(javafx.util.Duration.millis(showFor.toMillis()));
        autoHide.setOnFinished(e -> pane.hide());
        pane.skinProperty().addListener((obs, old, skin) -> {
            if (skin != null && waitingForSkin) {
                waitingForSkin = false;
                pane.show();
                autoHide.playFromStart();
            }
        });
    }

    /** Shows {@code text} (replacing a notice on screen) with a warning sign. */
    public void warn(String text) {
        show(text, Feather.ALERT_TRIANGLE);
    }

    /** Shows {@code text} (replacing a notice on screen) with a calm sign: a problem is over. */
    public void inform(String text) {
        show(text, Feather.CHECK_CIRCLE);
    }

    /**
     * Shows {@code text} with one action button (e.g. "Undo"); pressing it runs {@code action}
     * and hides the bar.
     */
    public void offer(String text, String actionText, Runnable action) {
        show(text, Feather.INFO);
        pane.getActions().setAll(Actions.create(actionText, e -> {
            hide();
            action.run();
        }));
    }

    private void show(String text, Feather icon) {
        pane.getActions().clear();
        pane.setText(text);
        pane.setGraphic(Icons.of(icon));
        if (pane.getSkin() == null) {
            // told before the window is on screen (problems met while opening): show once it is
            waitingForSkin = true;
            return;
        }
        if (!pane.isShowing()) {
            pane.show();
        }
        autoHide.playFromStart();
    }

    public void hide() {
        waitingForSkin = false;
        autoHide.stop();
        pane.hide();
    }

    public boolean isShowing() {
        return pane.isShowing();
    }

    public String text() {
        return pane.getText();
    }

    public NotificationPane node() {
        return pane;
    }
}
