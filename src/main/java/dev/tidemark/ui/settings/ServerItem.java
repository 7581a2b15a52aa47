package dev.tidemark.ui.settings;

import dev.tidemark.mcp.McpServers;
import dev.tidemark.provider.Secrets;
import dev.tidemark.settings.McpSecrets;
import dev.tidemark.settings.McpServerConfig;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One MCP server on the Tools page: its configuration, where it stands in words ("starting…",
 * "ready · 6 tools", "failed"), why it failed (the tail of its stderr, any secret of its own taken
 * out), and its tools. FX thread.
 */
public final class ServerItem {

    private final ObjectProperty<McpServerConfig> config = new SimpleObjectProperty<>(this, "config");
    private final ObjectProperty<McpServers.State> state = new SimpleObjectProperty<>(this, "state",
            McpServers.State.STOPPED);
    private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final ObservableList<McpServers.ToolInfo> tools = FXCollections.observableArrayList();

    ServerItem(McpServerConfig config) {
        this.config.set(config);
        show(null);
    }

    public String name() {
        return config.get().name();
    }

    /** Shows a status from the servers (null: none known yet). */
    void show(McpServers.Status status) {
        McpServerConfig c = config.get();
        McpServers.State now = status != null ? status.state()
                : c.enabled() ? McpServers.State.STOPPED : McpServers.State.DISABLED;
        if (!c.enabled()) {
            now = McpServers.State.DISABLED;
        }
        state.set(now);
        summary.set(words(now, status == null ? 0 : status.tools().size()));
        String why = now == McpServers.State.FAILED && status != null && status.error() != null ? status.error() : "";
        for (String secret : McpSecrets.of(c).values()) {
            why = Secrets.redact(why, secret.strip());
        }
        error.set(why);
        if (status != null && now == McpServers.State.READY) {
            tools.setAll(status.tools());
        } else if (now != McpServers.State.STARTING) {
            tools.clear();
        }
    }

    static String words(McpServers.State state, int tools) {
        return switch (state) {
            case DISABLED -> "off";
            case STOPPED -> "not started";
            case STARTING -> "starting…";
            case READY -> "ready · " + tools + (tools == 1 ? " tool" : " tools");
            case FAILED -> "failed";
        };
    }

    /** True when the tool is switched on in the settings. */
    public boolean toolEnabled(String tool) {
        return !config.get().disabledTools().contains(tool);
    }

    public ObjectProperty<McpServerConfig> configProperty() {
        return config;
    }

    public ObjectProperty<McpServers.State> stateProperty() {
        return state;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObservableList<McpServers.ToolInfo> tools() {
        return tools;
    }

    @Override
    public String toString() {
        return name();
    }
}
