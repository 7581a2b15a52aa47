package dev.tidemark.ui.settings;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.mcp.McpServers;
import dev.tidemark.settings.McpConfigImport;
import dev.tidemark.settings.McpServerConfig;
import dev.tidemark.settings.McpServerSettings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Settings → Tools: the configured MCP servers with their state, their tools and switches; add,
 * edit, remove (with Undo), paste or import a config from another client. Changes apply at once:
 * in the settings (the file follows on the settings writer), then the servers are reconfigured
 * (the app listens to the settings) and started in the background. The servers' state arrives
 * on their threads and is shown through the FX executor. Properties live on the FX thread.
 */
public final class ToolsViewModel {

    /** What to do with pasted servers whose names are taken. */
    public enum Clash { REPLACE, KEEP_BOTH }

    /** Asks the person what to do about names already taken (FX thread); empty: add nothing. */
    @FunctionalInterface
    public interface ClashAsker {
        Optional<Clash> ask(List<String> names);
    }

    /** A server just removed, kept for Undo. */
    public record Removed(McpServerConfig config, int index) {
    }

    private final McpServerSettings settings;
    private final McpServers servers;
    private final Executor fx;
    private final Executor background;
    private final Consumer<Problem> problems;

    private final ObservableList<ServerItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<ServerItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final BooleanProperty messageIsError = new SimpleBooleanProperty(this, "messageIsError", false);
    private final ObjectProperty<Removed> removed = new SimpleObjectProperty<>(this, "removed");
    private final Consumer<McpServers.Status> statusListener;
    private final Consumer<List<McpServerConfig>> settingsListener;
    private ClashAsker clashAsker = names -> Optional.of(Clash.KEEP_BOTH);

    /**
     * @param background starts the servers and reads files to import (never the FX thread)
     * @param problems   where a failed save is reported, FX thread
     */
    public ToolsViewModel(McpServerSettings settings, McpServers servers, Executor fx, Executor background,
                          Consumer<Problem> problems) {
        this.settings = settings;
        this.servers = servers;
        this.fx = fx;
        this.background = background;
        this.problems = problems;
        this.statusListener = status -> fx.execute(() -> showStatus(status));
        this.settingsListener = configs -> fx.execute(this::refresh);
        refresh();
        if (!items.isEmpty()) {
            selected.set(items.get(0));
        }
    }

    /** Listens to the servers and the settings, and starts the enabled servers in the background. */
    public void start() {
        servers.addListener(statusListener);
        settings.addListener(settingsListener);
        refresh();
        startServers();
    }

    /** Stops listening (the dialog closed). */
    public void stop() {
        servers.removeListener(statusListener);
        settings.removeListener(settingsListener);
    }

    public void setClashAsker(ClashAsker asker) {
        this.clashAsker = asker;
    }

    /** The rows from the settings, each with the servers' latest status. */
    private void refresh() {
        Map<String, ServerItem> byName = new HashMap<>();
        items.forEach(i -> byName.put(i.name(), i));
        List<ServerItem> next = new ArrayList<>();
        for (McpServerConfig config : settings.configs()) {
            ServerItem item = byName.get(config.name());
            if (item == null) {
                item = new ServerItem(config);
            } else {
                item.configProperty().set(config);
            }
            next.add(item);
        }
        if (!next.equals(items)) {
            ServerItem was = selected.get();
            items.setAll(next);
            if (was != null && !items.contains(was)) {
                selected.set(items.isEmpty() ? null : items.get(0));
            }
        }
        Map<String, McpServers.Status> statuses = new HashMap<>();
        servers.statuses().forEach(s -> statuses.put(s.server(), s));
        items.forEach(i -> i.show(statuses.get(i.name())));
    }

    private void showStatus(McpServers.Status status) {
        items.stream().filter(i -> i.name().equals(status.server())).findFirst().ifPresent(i -> i.show(status));
    }

    private void startServers() {
        background.execute(servers::ready);
    }

    /** Stops the server and starts it again. */
    public void restart(ServerItem item) {
        servers.restart(item.name());
    }

    public void setEnabled(ServerItem item, boolean on) {
        if (item.configProperty().get().enabled() == on) {
            return;
        }
        saved(settings.setEnabled(item.name(), on));
        refresh();
        startServers();
    }

    public void setToolEnabled(ServerItem item, String tool, boolean on) {
        if (item.toolEnabled(tool) == on) {
            return;
        }
        saved(settings.setToolEnabled(item.name(), tool, on));
        refresh();
    }

    /**
     * Adds a server (oldName null) or replaces the one named {@code oldName} with an edited one.
     *
     * @return why it cannot be saved, or empty when it was
     */
    public Optional<String> save(String oldName, McpServerConfig config) {
        boolean taken = settings.configs().stream().anyMatch(c -> c.name().equals(config.name()))
                && !config.name().equals(oldName);
        if (taken) {
            return Optional.of("There is already a server named \"" + config.name() + "\"; give this one another"
                    + " name.");
        }
        saved(oldName == null ? settings.put(config) : settings.replace(oldName, config));
        refresh();
        items.stream().filter(i -> i.name().equals(config.name())).findFirst().ifPresent(selected::set);
        say((oldName == null ? "Added " : "Saved ") + config.name() + ".", false);
        startServers();
        return Optional.empty();
    }

    /** Removes a server; {@link #undoRemove} brings it back. */
    public void remove(ServerItem item) {
        int index = items.indexOf(item);
        if (index < 0) {
            return;
        }
        McpServerConfig config = item.configProperty().get();
        saved(settings.remove(item.name()));
        refresh();
        removed.set(new Removed(config, index));
        say("Removed " + config.name() + ".", false);
    }

    public void undoRemove() {
        Removed gone = removed.get();
        if (gone == null) {
            return;
        }
        removed.set(null);
        List<McpServerConfig> next = new ArrayList<>(settings.configs());
        if (next.stream().noneMatch(c -> c.name().equals(gone.config().name()))) {
            next.add(Math.min(gone.index(), next.size()), gone.config());
            saved(settings.update(next));
        }
        refresh();
        items.stream().filter(i -> i.name().equals(gone.config().name())).findFirst().ifPresent(selected::set);
        say("", false);
        startServers();
    }

    /** Adds the servers of a pasted config; a config that cannot be read changes nothing and says why. */
    public void paste(String text) {
        try {
            add(McpConfigImport.parse(text));
        } catch (McpConfigImport.ImportException e) {
            say(e.getMessage(), true);
        }
    }

    /** Reads a config file in the background (Claude Desktop's, Cursor's, VS Code's) and adds its servers. */
    public void importFile(Path file) {
        CompletableFuture.supplyAsync(() -> {
            try {
                return McpConfigImport.readFile(file);
            } catch (McpConfigImport.ImportException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, background).whenComplete((parsed, failure) -> fx.execute(() -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                say(cause.getMessage(), true);
            } else {
                add(parsed);
            }
        }));
    }

    private void add(McpConfigImport.Parsed parsed) {
        Set<String> taken = new HashSet<>();
        settings.configs().forEach(c -> taken.add(c.name()));
        List<String> clashes = parsed.servers().stream().map(McpServerConfig::name).filter(taken::contains).toList();
        Clash choice = Clash.KEEP_BOTH;
        if (!clashes.isEmpty()) {
            Optional<Clash> asked = clashAsker.ask(clashes);
            if (asked.isEmpty()) {
                say("Nothing was added.", false);
                return;
            }
            choice = asked.get();
        }
        List<McpServerConfig> next = new ArrayList<>(settings.configs());
        List<String> added = new ArrayList<>();
        for (McpServerConfig server : parsed.servers()) {
            int at = indexOf(next, server.name());
            if (at >= 0 && choice == Clash.REPLACE) {
                next.set(at, server);
                added.add(server.name());
                continue;
            }
            String name = McpConfigImport.freeName(server.name(), taken);
            taken.add(name);
            next.add(renamed(server, name));
            added.add(name);
        }
        if (!added.isEmpty()) {
            saved(settings.update(next));
            refresh();
            items.stream().filter(i -> i.name().equals(added.get(0))).findFirst().ifPresent(selected::set);
            startServers();
        }
        String words = added.isEmpty() ? "No server was added." : "Added " + String.join(", ", added) + ".";
        say(parsed.skipped().isEmpty() ? words : words + " " + String.join(" ", parsed.skipped()),
                !parsed.skipped().isEmpty());
    }

    private static int indexOf(List<McpServerConfig> configs, String name) {
        for (int i = 0; i < configs.size(); i++) {
            if (configs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    static McpServerConfig renamed(McpServerConfig c, String name) {
        return name.equals(c.name()) ? c : new McpServerConfig(name, c.command(), c.args(), c.env(), c.cwd(), c.url(),
                c.headers(), c.enabled(), c.disabledTools(), c.alwaysAllow());
    }

    private void say(String text, boolean error) {
        message.set(text == null ? "" : text);
        messageIsError.set(error);
    }

    /** A failed save goes to the problems sink (the status bar), on the FX thread. */
    private void saved(CompletableFuture<Void> save) {
        save.whenComplete((ok, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                Problem shown = new Problem.CannotWrite(Area.SETTINGS, "the tool settings", Problem.describe(cause));
                fx.execute(() -> problems.accept(shown));
            }
        });
    }

    public ObservableList<ServerItem> servers() {
        return items;
    }

    public ObjectProperty<ServerItem> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public BooleanProperty messageIsErrorProperty() {
        return messageIsError;
    }

    public ObjectProperty<Removed> removedProperty() {
        return removed;
    }
}
