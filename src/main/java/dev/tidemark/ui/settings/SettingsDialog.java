package dev.tidemark.ui.settings;

import dev.tidemark.ui.theme.Styles;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The settings window (Ctrl/Cmd+,): today the providers. Save applies the changes at once (the disk
 * follows in the background) and closes; a form that is wrong keeps the dialog open and says why.
 */
public final class SettingsDialog {

    public static final String SAVE_ID = "save-settings";
    public static final String CANCEL_ID = "cancel-settings";

    private static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    private final Dialog<ButtonType> dialog = new Dialog<>();

    /**
     * @param saved called on the FX thread after a successful save, with the id of the provider that
     *              was selected (the window switches to it)
     */
    public SettingsDialog(Window owner, ProvidersViewModel model, Consumer<Optional<String>> saved) {
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle("Settings — Providers");
        dialog.setResizable(true);
        dialog.getDialogPane().getStylesheets().add(Styles.STYLESHEET);
        dialog.getDialogPane().setContent(new ProvidersView(model));
        dialog.getDialogPane().setPrefSize(820, 600);
        dialog.getDialogPane().getButtonTypes().setAll(SAVE, ButtonType.CANCEL);
        Button save = (Button) dialog.getDialogPane().lookupButton(SAVE);
        save.setId(SAVE_ID);
        dialog.getDialogPane().lookupButton(ButtonType.CANCEL).setId(CANCEL_ID);
        save.addEventFilter(ActionEvent.ACTION, e -> {
            Optional<String> selected = model.save();
            if (!model.errorProperty().get().isEmpty()) {
                e.consume(); // stay open: the pane shows what is wrong
                return;
            }
            saved.accept(selected);
        });
        model.start();
    }

    /** Shows the dialog and returns at once. */
    public void show() {
        dialog.show();
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }
}
