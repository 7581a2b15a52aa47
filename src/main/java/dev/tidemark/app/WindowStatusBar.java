package dev.tidemark.app;

import dev.tidemark.ui.shell.ShellStyles;
import dev.tidemark.ui.shell.StatusViewModel;
import dev.tidemark.ui.theme.Icons;
import javafx.beans.binding.StringExpression;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.feather.Feather;

import java.nio.file.Path;

/**
 * The window's status bar: the journal's state on the left, with a tick or a warning sign, and
 * the provider and model the next reply uses on the right.
 */
final class WindowStatusBar {

    private WindowStatusBar() {
    }

    /**
     * @param dataDir         named in the tooltip: where the chats are kept
     * @param providerAndModel "OpenAI · gpt-4o-mini", kept up to date by the window
     */
    static StatusBar create(StatusViewModel status, Path dataDir, StringExpression providerAndModel) {
        StatusBar bar = new StatusBar();
        bar.setId(MainWindow.STATUS_ID);
        bar.getStylesheets().add(ShellStyles.STYLESHEET);
        bar.textProperty().bind(status.journalProperty());
        Runnable showHealth = () -> {
            var icon = Icons.of(status.troubledProperty().get() ? Feather.ALERT_TRIANGLE : Feather.CHECK_CIRCLE);
            icon.getStyleClass().add(status.troubledProperty().get()
                    ? ShellStyles.STATUS_PROBLEM : ShellStyles.STATUS_OK);
            bar.setGraphic(icon);
        };
        status.troubledProperty().addListener((obs, was, is) -> showHealth.run());
        showHealth.run();
        bar.setTooltip(new Tooltip("Your chats are kept in " + dataDir));

        Label provider = new Label(null, Icons.of(Feather.CPU));
        provider.setId(MainWindow.STATUS_PROVIDER_ID);
        provider.getStyleClass().add(ShellStyles.STATUS_ITEM);
        provider.textProperty().bind(providerAndModel);
        bar.getRightItems().add(provider);
        return bar;
    }
}
