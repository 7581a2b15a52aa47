package dev.tidemark.ui.settings;

import dev.tidemark.settings.McpSecrets;
import dev.tidemark.settings.McpServerConfig;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Add / Edit form of an MCP server: a command run on this computer (name, command, arguments
 * one per line, environment, working directory) or a Streamable HTTP endpoint (name, URL,
 * headers). Values of env entries named like secrets and every header value are masked. OK checks
 * the form and asks {@code save} (which says why it cannot, or saves); the form stays open until
 * it can. FX thread.
 */
final class McpServerForm {

    static final String KIND_ID = "mcp-kind";
    static final String NAME_ID = "mcp-name";
    static final String COMMAND_ID = "mcp-command";
    static final String ARGS_ID = "mcp-args";
    static final String CWD_ID = "mcp-cwd";
    static final String URL_ID = "mcp-url";
    static final String ENV_ADD_ID = "mcp-add-env";
    static final String HEADER_ADD_ID = "mcp-add-header";
    static final String ERROR_ID = "mcp-form-error";
    static final String OK_ID = "mcp-form-ok";

    enum Kind {
        STDIO("A program on this computer (stdio)"), HTTP("A URL (Streamable HTTP)");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ChoiceBox<Kind> kind = new ChoiceBox<>();
    private final TextField name = new TextField();
    private final TextField command = new TextField();
    private final TextArea args = new TextArea();
    private final StringProperty env = new SimpleStringProperty("");
    private final TextField cwd = new TextField();
    private final TextField url = new TextField();
    private final StringProperty headers = new SimpleStringProperty("");
    private final Label error = new Label();
    private final McpServerConfig original;

    /**
     * @param original the server edited, or null to add one of {@code start} kind
     * @param save     saves the server; returns why it cannot, or empty when saved
     */
    McpServerForm(Window owner, McpServerConfig original, Kind start,
                  Function<McpServerConfig, Optional<String>> save) {
        this.original = original;
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle(original == null ? "Add an MCP server" : "Edit " + original.name());
        dialog.setResizable(true);
        dialog.getDialogPane().getStylesheets().addAll(owner == null || owner.getScene() == null ? List.of()
                : owner.getScene().getStylesheets());
        dialog.getDialogPane().getStylesheets().add(SettingsStyles.STYLESHEET);
        ButtonType ok = new ButtonType(original == null ? "Add" : "Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        Button okButton = (Button) dialog.getDialogPane().lookupButton(ok);
        okButton.setId(OK_ID);
        okButton.addEventFilter(ActionEvent.ACTION, e -> {
            Optional<String> wrong;
            try {
                wrong = save.apply(toConfig());
            } catch (IllegalArgumentException invalid) {
                wrong = Optional.of(invalid.getMessage());
            }
            if (wrong.isPresent()) {
                error.setText(wrong.get());
                e.consume();
            }
        });
        dialog.getDialogPane().setContent(form());
        dialog.getDialogPane().setPrefSize(620, 520);
        fill(original, start);
    }

    private ScrollPane form() {
        GridPane grid = SettingsForms.grid();

        kind.setId(KIND_ID);
        kind.getItems().setAll(Kind.values());
        kind.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Kind k) {
                return k == null ? "" : k.label;
            }

            @Override
            public Kind fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        name.setId(NAME_ID);
        name.setPromptText("e.g. github");
        command.setId(COMMAND_ID);
        command.setPromptText("e.g. npx");
        args.setId(ARGS_ID);
        args.setPromptText("one argument per line, e.g.\n-y\n@modelcontextprotocol/server-github");
        args.setPrefRowCount(4);
        cwd.setId(CWD_ID);
        cwd.setPromptText("the folder it runs in (empty: Tidemark's)");
        url.setId(URL_ID);
        url.setPromptText("https://host/mcp");
        HeadersEditor envEditor = new HeadersEditor(ENV_ADD_ID, "Add variable", "Values of variables named like a"
                + " key, token, secret or password are hidden and saved with the keys, not in settings.json.",
                McpSecrets::isSecretEnvName);
        envEditor.show(env);
        HeadersEditor headerEditor = new HeadersEditor(HEADER_ADD_ID, "Add header", "Header values are hidden and"
                + " saved with the keys, not in settings.json.", header -> true);
        headerEditor.show(headers);
        error.setId(ERROR_ID);
        error.getStyleClass().add(SettingsStyles.ERROR);
        error.setWrapText(true);

        int row = 0;
        grid.addRow(row++, new Label("Kind"), kind);
        grid.addRow(row++, new Label("Name"), name);
        List<javafx.scene.Node> stdio = new ArrayList<>();
        List<javafx.scene.Node> http = new ArrayList<>();
        stdio.addAll(addRow(grid, row++, "Command", command));
        stdio.addAll(addRow(grid, row++, "Arguments", args));
        stdio.addAll(addRow(grid, row++, "Environment", envEditor));
        stdio.addAll(addRow(grid, row++, "Working directory", cwd));
        http.addAll(addRow(grid, row++, "URL", url));
        http.addAll(addRow(grid, row++, "Headers", headerEditor));
        grid.add(error, 1, row);
        kind.valueProperty().addListener((obs, old, now) -> {
            stdio.forEach(n -> show(n, now == Kind.STDIO));
            http.forEach(n -> show(n, now == Kind.HTTP));
        });
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private static List<javafx.scene.Node> addRow(GridPane grid, int row, String label, javafx.scene.Node field) {
        Label l = new Label(label);
        grid.addRow(row, l, field);
        return List.of(l, field);
    }

    private static void show(javafx.scene.Node node, boolean on) {
        node.setVisible(on);
        node.setManaged(on);
    }

    private void fill(McpServerConfig c, Kind start) {
        if (c == null) {
            kind.setValue(start);
            return;
        }
        kind.setValue(c.isStdio() ? Kind.STDIO : Kind.HTTP);
        kind.setDisable(false);
        name.setText(c.name());
        if (c.isStdio()) {
            command.setText(c.command());
            args.setText(String.join("\n", c.args()));
            env.set(lines(c.env()));
            cwd.setText(c.cwd() == null ? "" : c.cwd());
        } else {
            url.setText(c.url());
            headers.set(lines(c.headers()));
        }
    }

    private static String lines(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(out.isEmpty() ? "" : "\n").append(k).append(": ").append(v));
        return out.toString();
    }

    private static Map<String, String> map(String lines, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            String key = (colon < 0 ? line : line.substring(0, colon)).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("A " + what + " needs a name.");
            }
            out.put(key, colon < 0 ? "" : line.substring(colon + 1).strip());
        }
        return out;
    }

    /** The server the form describes (its switches as they were). */
    McpServerConfig toConfig() {
        String n = name.getText() == null ? "" : name.getText().strip();
        if (n.isEmpty()) {
            throw new IllegalArgumentException("Give the server a name.");
        }
        boolean enabled = original == null || original.enabled();
        var disabled = original == null ? java.util.Set.<String>of() : original.disabledTools();
        var always = original == null ? java.util.Set.<String>of() : original.alwaysAllow();
        if (kind.getValue() == Kind.HTTP) {
            String u = url.getText() == null ? "" : url.getText().strip();
            if (!u.startsWith("http://") && !u.startsWith("https://")) {
                throw new IllegalArgumentException("The URL must start with http:// or https://.");
            }
            return new McpServerConfig(n, null, List.of(), Map.of(), null, u, map(headers.get(), "header"), enabled,
                    disabled, always);
        }
        String c = command.getText() == null ? "" : command.getText().strip();
        if (c.isEmpty()) {
            throw new IllegalArgumentException("Say which program to run, e.g. npx, uvx or docker.");
        }
        List<String> arguments = args.getText() == null ? List.of()
                : args.getText().lines().map(String::strip).filter(a -> !a.isEmpty()).toList();
        String dir = cwd.getText() == null || cwd.getText().isBlank() ? null : cwd.getText().strip();
        return new McpServerConfig(n, c, arguments, map(env.get(), "variable"), dir, null, Map.of(), enabled,
                disabled, always);
    }

    void show() {
        dialog.show();
        name.requestFocus();
    }

    Dialog<ButtonType> dialog() {
        return dialog;
    }
}
