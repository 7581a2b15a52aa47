package dev.tidemark.ui.settings;

import dev.tidemark.ui.theme.Styles;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The settings window (Ctrl/Cmd+,): the providers, and the tools (MCP servers) on a page beside
 * them. Save applies the providers at once (the disk follows in the background) and closes; a form
 * that is wrong keeps the dialog open and says why. The Tools page applies its changes at once.
 */
public final class SettingsDialog {

    public static final String SAVE_ID = "save-settings";
    public static final String CANCEL_ID = "cancel-settings";

    private static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    public static final String PROVIDERS_TAB_ID = "settings-providers";
    public static final String TOOLS_TAB_ID = "settings-tools";

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final TabPane pages = new TabPane();
    private Tab toolsTab;
    private final ProvidersViewModel providers;
    private final ToolsViewModel tools;

    /**
     * @param saved called on the FX thread after a successful save, with the id of the provider that
     *              was selected (the window switches to it)
     */
    public SettingsDialog(Window owner, ProvidersViewModel model, Consumer<Optional<String>> saved) {
        this(owner, model, null, saved);
    }

    /**
     * @param tools the Tools page (MCP servers), beside Providers; null: providers only
     */
    public SettingsDialog(Window owner, ProvidersViewModel model, ToolsViewModel tools,
                          Consumer<Optional<String>> saved) {
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle("Settings");
        dialog.setResizable(true);
        dialog.getDialogPane().getStylesheets().add(Styles.STYLESHEET);
        if (tools == null) {
            dialog.getDialogPane().setContent(new ProvidersView(model));
        } else {
            Tab providersTab = new Tab("Providers", new ProvidersView(model));
            providersTab.setId(PROVIDERS_TAB_ID);
            toolsTab = new Tab("Tools", new ToolsView(tools));
            toolsTab.setId(TOOLS_TAB_ID);
            pages.getTabs().setAll(providersTab, toolsTab);
            pages.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            dialog.getDialogPane().setContent(pages);
            dialog.setOnHidden(e -> tools.stop());
        }
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
        this.providers = model;
        this.tools = tools;
    }

    /** Turns to the Tools page (when there is one). */
    public void showTools() {
        if (toolsTab != null) {
            pages.getSelectionModel().select(toolsTab);
        }
    }

    /** Shows the dialog and returns at once. */
    public void show() {
        dialog.show();
        // once it is drawn: probing for local servers has a short timeout, and a busy FX thread must not eat it
        providers.start();
        if (tools != null) {
            tools.start();
        }
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }
}
