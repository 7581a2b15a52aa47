package dev.tidemark.ui.settings;

import dev.tidemark.mcp.McpServers;
import dev.tidemark.settings.McpServerConfig;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.util.List;
import java.util.Optional;

/**
 * Settings → Tools: the MCP servers on the left, each with a state dot and words; the selected
 * one on the right — its state, why it failed (the tail of its stderr, selectable, monospace),
 * on/off, Restart, Edit, Remove, and its tools with a switch each and their descriptions. Add,
 * Paste config and Import… below the list; a line for what just happened, with Undo after a
 * removal. Builds nodes and binds them to {@link ToolsViewModel}; holds no logic of its own.
 */
public final class ToolsView extends BorderPane {

    public static final String LIST_ID = "mcp-servers";
    public static final String ADD_ID = "add-mcp-server";
    public static final String ADD_STDIO_ID = "add-mcp-stdio";
    public static final String ADD_HTTP_ID = "add-mcp-http";
    public static final String PASTE_ID = "paste-mcp-config";
    public static final String PASTE_TEXT_ID = "paste-mcp-text";
    public static final String PASTE_OK_ID = "paste-mcp-ok";
    public static final String IMPORT_ID = "import-mcp-config";
    public static final String STATE_ID = "mcp-server-state";
    public static final String ERROR_ID = "mcp-server-error";
    public static final String ENABLED_ID = "mcp-server-enabled";
    public static final String RESTART_ID = "restart-mcp-server";
    public static final String EDIT_ID = "edit-mcp-server";
    public static final String REMOVE_ID = "remove-mcp-server";
    public static final String TOOLS_ID = "mcp-tools";
    public static final String MESSAGE_ID = "mcp-message";
    public static final String UNDO_ID = "undo-remove-mcp-server";
    /** A tool's switch is {@code TOOL_ID_PREFIX + its MCP name}. */
    public static final String TOOL_ID_PREFIX = "mcp-tool-";

    private final ToolsViewModel model;
    private final Label title = new Label();
    private final Region dot = new Region();
    private final Label state = new Label();
    private final TextArea error = new TextArea();
    private final CheckBox enabled = new CheckBox("On");
    private final VBox tools = new VBox(6);
    private final Label toolsHint = new Label();
    private final javafx.beans.value.ChangeListener<Object> repaint = (obs, old, now) -> showSelected();
    private final ListChangeListener<McpServers.ToolInfo> toolsChanged = c -> showTools();
    private ServerItem shown;

    public ToolsView(ToolsViewModel model) {
        this.model = model;
        getStyleClass().add(SettingsStyles.TOOLS_PANE);
        getStylesheets().add(SettingsStyles.STYLESHEET);
        setLeft(serverList());
        setCenter(details());
        setBottom(footer());
        model.selectedProperty().addListener((obs, old, now) -> showSelected());
        model.setClashAsker(this::askAboutClashes);
        showSelected();
    }

    private VBox serverList() {
        ListView<ServerItem> list = new ListView<>(model.servers());
        list.setId(LIST_ID);
        list.setPrefWidth(220);
        list.setPlaceholder(new Label("No MCP servers yet"));
        list.setCellFactory(v -> new ServerCell());
        SettingsForms.bindSelection(list, model.selectedProperty());

        MenuButton add = new MenuButton("Add");
        add.setId(ADD_ID);
        MenuItem stdio = new MenuItem(McpServerForm.Kind.STDIO.label);
        stdio.setId(ADD_STDIO_ID);
        stdio.setOnAction(e -> openForm(null, McpServerForm.Kind.STDIO));
        MenuItem http = new MenuItem(McpServerForm.Kind.HTTP.label);
        http.setId(ADD_HTTP_ID);
        http.setOnAction(e -> openForm(null, McpServerForm.Kind.HTTP));
        add.getItems().setAll(stdio, http);
        Button paste = new Button("Paste config");
        paste.setId(PASTE_ID);
        paste.setOnAction(e -> openPaste());
        Button importFile = new Button("Import…");
        importFile.setId(IMPORT_ID);
        importFile.setOnAction(e -> chooseFile());
        HBox buttons = new HBox(6, add, paste, importFile);
        VBox box = new VBox(6, list, buttons);
        box.setPadding(new Insets(0, 12, 0, 0));
        return box;
    }

    private StackPane details() {
        title.getStyleClass().add(SettingsStyles.SERVER_TITLE);
        dot.getStyleClass().add(SettingsStyles.STATE_DOT);
        state.setId(STATE_ID);
        HBox stateLine = new HBox(8, dot, state);
        stateLine.setAlignment(Pos.CENTER_LEFT);
        enabled.setId(ENABLED_ID);
        enabled.setOnAction(e -> {
            if (shown != null) {
                model.setEnabled(shown, enabled.isSelected());
            }
        });
        Button restart = new Button("Restart");
        restart.setId(RESTART_ID);
        restart.setOnAction(e -> model.restart(shown));
        restart.disableProperty().bind(enabled.selectedProperty().not());
        Button edit = new Button("Edit…");
        edit.setId(EDIT_ID);
        edit.setOnAction(e -> openForm(shown.configProperty().get(), null));
        Button remove = new Button("Remove");
        remove.setId(REMOVE_ID);
        remove.setOnAction(e -> model.remove(shown));
        HBox actions = new HBox(8, enabled, restart, edit, remove);
        actions.setAlignment(Pos.CENTER_LEFT);

        error.setId(ERROR_ID);
        error.setEditable(false);
        error.setWrapText(true);
        error.setPrefRowCount(6);
        error.getStyleClass().add(SettingsStyles.SERVER_ERROR);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());

        tools.setId(TOOLS_ID);
        toolsHint.getStyleClass().add(SettingsStyles.HINT);
        toolsHint.setWrapText(true);
        Label toolsTitle = new Label("Tools");
        toolsTitle.getStyleClass().add(SettingsStyles.SERVER_TITLE);
        VBox column = new VBox(10, title, stateLine, actions, error, toolsTitle, toolsHint, tools);
        column.setPadding(new Insets(0, 4, 0, 4));
        ScrollPane scroll = new ScrollPane(column);
        scroll.setFitToWidth(true);
        scroll.visibleProperty().bind(model.selectedProperty().isNotNull());
        Label empty = new Label("Add an MCP server, or paste the \"mcpServers\" config of another client"
                + " (Claude Desktop, Cursor, VS Code).");
        empty.getStyleClass().add(SettingsStyles.HINT);
        empty.setWrapText(true);
        empty.visibleProperty().bind(scroll.visibleProperty().not());
        return new StackPane(empty, scroll);
    }

    private VBox footer() {
        Label message = new Label();
        message.setId(MESSAGE_ID);
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        model.messageIsErrorProperty().addListener((obs, old, now) -> {
            message.getStyleClass().remove(SettingsStyles.ERROR);
            if (now) {
                message.getStyleClass().add(SettingsStyles.ERROR);
            }
        });
        Button undo = new Button("Undo");
        undo.setId(UNDO_ID);
        undo.setOnAction(e -> model.undoRemove());
        undo.visibleProperty().bind(model.removedProperty().isNotNull());
        undo.managedProperty().bind(undo.visibleProperty());
        HBox line = new HBox(10, message, undo);
        line.setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label("Changes here apply at once. Header values, and environment values named like a key"
                + " or token, are saved with the keys, not in settings.json.");
        hint.getStyleClass().add(SettingsStyles.HINT);
        hint.setWrapText(true);
        VBox box = new VBox(6, line, hint);
        box.setPadding(new Insets(10, 0, 0, 0));
        return box;
    }

    /** Shows the selected server, and follows its changes. */
    private void showSelected() {
        ServerItem now = model.selectedProperty().get();
        if (now != shown) {
            if (shown != null) {
                shown.summaryProperty().removeListener(repaint);
                shown.errorProperty().removeListener(repaint);
                shown.stateProperty().removeListener(repaint);
                shown.configProperty().removeListener(repaint);
                shown.tools().removeListener(toolsChanged);
            }
            shown = now;
            if (now != null) {
                now.summaryProperty().addListener(repaint);
                now.errorProperty().addListener(repaint);
                now.stateProperty().addListener(repaint);
                now.configProperty().addListener(repaint);
                now.tools().addListener(toolsChanged);
            }
        }
        if (now == null) {
            return;
        }
        McpServerConfig config = now.configProperty().get();
        title.setText(config.name() + "  —  " + (config.isStdio()
                ? config.command() + (config.args().isEmpty() ? "" : " " + String.join(" ", config.args()))
                : config.url()));
        state.setText(now.summaryProperty().get());
        paintDot(dot, now.stateProperty().get());
        error.setText(now.errorProperty().get());
        enabled.setSelected(config.enabled());
        showTools();
    }

    private void showTools() {
        tools.getChildren().clear();
        if (shown == null) {
            return;
        }
        McpServers.State s = shown.stateProperty().get();
        toolsHint.setText(switch (s) {
            case READY -> shown.tools().isEmpty() ? "It offers no tools." : "Switched-off tools are never offered"
                    + " to a model.";
            case DISABLED -> "The server is off: its tools are not offered.";
            case FAILED -> "Its tools appear once it starts; fix what it says above, then Restart.";
            default -> "Its tools appear once it has started.";
        });
        for (McpServers.ToolInfo tool : shown.tools()) {
            CheckBox on = new CheckBox(tool.name());
            on.setId(TOOL_ID_PREFIX + tool.name());
            on.setSelected(shown.toolEnabled(tool.name()));
            ServerItem item = shown;
            on.setOnAction(e -> model.setToolEnabled(item, tool.name(), on.isSelected()));
            Label description = new Label(tool.description());
            description.getStyleClass().add(SettingsStyles.TOOL_DESCRIPTION);
            description.setWrapText(true);
            tools.getChildren().add(tool.description().isBlank() ? on : new VBox(2, on, description));
        }
    }

    static void paintDot(Region dot, McpServers.State state) {
        dot.getStyleClass().removeAll(SettingsStyles.STATE_READY, SettingsStyles.STATE_STARTING,
                SettingsStyles.STATE_FAILED, SettingsStyles.STATE_IDLE);
        dot.getStyleClass().add(switch (state) {
            case READY -> SettingsStyles.STATE_READY;
            case STARTING -> SettingsStyles.STATE_STARTING;
            case FAILED -> SettingsStyles.STATE_FAILED;
            case DISABLED, STOPPED -> SettingsStyles.STATE_IDLE;
        });
    }

    private void openForm(McpServerConfig original, McpServerForm.Kind kind) {
        String oldName = original == null ? null : original.name();
        new McpServerForm(window(), original, kind, config -> model.save(oldName, config)).show();
    }

    /** A box to paste a config into (the clipboard's text already in it), then Add. */
    private void openPaste() {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(window());
        dialog.setTitle("Paste an MCP config");
        dialog.setResizable(true);
        dialog.getDialogPane().getStylesheets().add(SettingsStyles.STYLESHEET);
        TextArea text = new TextArea();
        text.setId(PASTE_TEXT_ID);
        text.getStyleClass().add(SettingsStyles.SERVER_ERROR);
        text.setPromptText("{\"mcpServers\": {\"name\": {\"command\": \"npx\", \"args\": [...]}}}");
        String clip = Clipboard.getSystemClipboard().getString();
        if (clip != null && clip.strip().startsWith("{")) {
            text.setText(clip);
        }
        Label hint = new Label("Paste the \"mcpServers\" of Claude Desktop, Cursor, Cline or Windsurf, VS Code's"
                + " \"servers\", or one server as {\"name\": {...}}.");
        hint.getStyleClass().add(SettingsStyles.HINT);
        hint.setWrapText(true);
        VBox.setVgrow(text, Priority.ALWAYS);
        dialog.getDialogPane().setContent(new VBox(8, hint, text));
        dialog.getDialogPane().setPrefSize(600, 420);
        ButtonType add = new ButtonType("Add servers", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(add, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(add).setId(PASTE_OK_ID);
        dialog.getDialogPane().lookupButton(add).disableProperty().bind(Bindings.createBooleanBinding(
                () -> text.getText() == null || text.getText().isBlank(), text.textProperty()));
        dialog.setOnHidden(e -> {
            if (dialog.getResult() == add) {
                model.paste(text.getText());
            }
        });
        dialog.show();
        text.requestFocus();
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import MCP servers (claude_desktop_config.json, mcp.json)");
        chooser.getExtensionFilters().setAll(new FileChooser.ExtensionFilter("JSON", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(window());
        if (file != null) {
            model.importFile(file.toPath());
        }
    }

    private Optional<ToolsViewModel.Clash> askAboutClashes(List<String> names) {
        ButtonType replace = new ButtonType("Replace", ButtonBar.ButtonData.YES);
        ButtonType keepBoth = new ButtonType("Keep both", ButtonBar.ButtonData.NO);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", replace, keepBoth, ButtonType.CANCEL);
        alert.initOwner(window());
        alert.setHeaderText((names.size() == 1 ? "A server named " : "Servers named ") + String.join(", ", names)
                + (names.size() == 1 ? " is" : " are") + " already configured.");
        alert.setContentText("Replace " + (names.size() == 1 ? "it" : "them") + " with the pasted "
                + (names.size() == 1 ? "one" : "ones") + ", or keep both (the new " + (names.size() == 1 ? "one is"
                : "ones are") + " named like " + names.get(0) + "-2)?");
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isEmpty() || answer.get() == ButtonType.CANCEL) {
            return Optional.empty();
        }
        return Optional.of(answer.get() == replace ? ToolsViewModel.Clash.REPLACE : ToolsViewModel.Clash.KEEP_BOTH);
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /** A server in the list: its state dot, its name, its state in words. */
    private static final class ServerCell extends ListCell<ServerItem> {
        private final Region dot = new Region();
        private final Label name = new Label();
        private final Label summary = new Label();
        private final VBox text = new VBox(1, name, summary);
        private final HBox box = new HBox(8, dot, text);
        private ServerItem bound;
        private final javafx.beans.value.ChangeListener<Object> update = (obs, old, now) -> paint();

        ServerCell() {
            dot.getStyleClass().add(SettingsStyles.STATE_DOT);
            summary.getStyleClass().add(SettingsStyles.HINT);
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(ServerItem item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                bound.summaryProperty().removeListener(update);
                bound.configProperty().removeListener(update);
            }
            bound = empty ? null : item;
            if (bound == null) {
                setGraphic(null);
                return;
            }
            bound.summaryProperty().addListener(update);
            bound.configProperty().addListener(update);
            paint();
            setGraphic(box);
        }

        private void paint() {
            name.setText(bound.name());
            summary.setText(bound.summaryProperty().get());
            paintDot(dot, bound.stateProperty().get());
        }
    }
}
