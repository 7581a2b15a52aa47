package dev.tidemark.settings;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The configured MCP servers as the running app sees them, their secrets filled in: the
 * {@code "mcpServers"} of settings.json ({@link Settings#mcpServers()}), with every value the file
 * marks {@code {"savedWithKeys": true}} read from the key storage under its {@link McpSecrets} id.
 *
 * <p>Changes (add, edit, remove, switch a server or a tool on or off, always allow a tool) take
 * effect in memory at once, listeners are told on the caller's thread, and the file follows on
 * {@link ProviderSettings}' writer thread — the same writer, so a provider or theme change never
 * overwrites a server change. On every save after a change, each secret (every header value, each
 * {@code env} value named like a key or token) goes to the key storage first and the file names it
 * only; secrets of servers or entries removed are forgotten after the file is written. A pasted
 * or hand-written config with plain values is used as it is until then. Thread-safe.
 */
public final class McpServerSettings {

    private final ProviderSettings owner;
    private final ApiKeys keys;
    private final List<Consumer<List<McpServerConfig>>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<McpServerConfig> configs;
    private volatile boolean changed;         // true once a change was made here: from then on secrets are moved
    private final Set<String> inStore;        // ids of secrets in the key storage (the writer thread changes it)

    McpServerSettings(ProviderSettings owner, ApiKeys keys, Settings settings) {
        this.owner = owner;
        this.keys = keys;
        Set<String> found = new LinkedHashSet<>();
        this.configs = List.copyOf(resolve(settings, keys, found));
        this.inStore = java.util.Collections.synchronizedSet(found);
    }

    /**
     * The servers of {@code settings}, with the values saved with the keys read from {@code keys}
     * (I/O when there are any: not on the FX thread). A value that is missing is reported through
     * the keys' problems and left empty. For the command line, which changes nothing.
     */
    public static List<McpServerConfig> resolve(Settings settings, ApiKeys keys) {
        return resolve(settings, keys, new HashSet<>());
    }

    private static List<McpServerConfig> resolve(Settings settings, ApiKeys keys, Set<String> found) {
        JsonNode json = settings.mcpServersJson();
        List<McpServerConfig> out = new ArrayList<>();
        for (McpServerConfig config : settings.mcpServers()) {
            Map<String, List<String>> marked = McpServerFile.savedWithKeys(json.path(config.name()));
            if (marked.get("env").isEmpty() && marked.get("headers").isEmpty()) {
                out.add(config);
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>(config.env());
            for (String name : marked.get("env")) {
                String id = McpSecrets.envId(config.name(), name);
                keys.savedSecret(id, "the variable " + name + " of the MCP server '" + config.name() + "'")
                        .ifPresent(value -> {
                            env.put(name, value);
                            found.add(id);
                        });
            }
            Map<String, String> headers = new LinkedHashMap<>(config.headers());
            for (String name : marked.get("headers")) {
                String id = McpSecrets.headerId(config.name(), name);
                keys.savedSecret(id, "the header " + name + " of the MCP server '" + config.name() + "'")
                        .ifPresent(value -> {
                            headers.put(name, value);
                            found.add(id);
                        });
            }
            out.add(new McpServerConfig(config.name(), config.command(), config.args(), env, config.cwd(),
                    config.url(), headers, config.enabled(), config.disabledTools(), config.alwaysAllow()));
        }
        return out;
    }

    /** The servers, in the user's order, with their secrets. */
    public List<McpServerConfig> configs() {
        return configs;
    }

    public Optional<McpServerConfig> find(String name) {
        return configs.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** True when the person chose "Always allow" for this server's tool. */
    public boolean isAlwaysAllowed(String server, String tool) {
        return find(server).map(c -> c.alwaysAllow().contains(tool)).orElse(false);
    }

    /** Told of every change, with the new list, on the thread that made it. */
    public void addListener(Consumer<List<McpServerConfig>> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<List<McpServerConfig>> listener) {
        listeners.remove(listener);
    }

    /**
     * Replaces the servers: in memory now, on disk on the writer thread.
     *
     * @return completes when the change is on disk; exceptionally with a message for the user
     * @throws IllegalArgumentException when two servers share a name (nothing changes)
     */
    public CompletableFuture<Void> update(List<McpServerConfig> servers) {
        Set<String> names = new HashSet<>();
        for (McpServerConfig c : servers) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("Two MCP servers are named \"" + c.name() + "\"; give one"
                        + " another name.");
            }
        }
        List<McpServerConfig> next = List.copyOf(servers);
        synchronized (owner) { // the file's servers and these change together
            configs = next;
            changed = true;
            owner.replaceMcpServers(next);
        }
        for (Consumer<List<McpServerConfig>> listener : listeners) {
            listener.accept(next);
        }
        return owner.saveLater();
    }

    /** Changes one server by name (no such server: nothing changes, completed at once). */
    public CompletableFuture<Void> change(String server, UnaryOperator<McpServerConfig> change) {
        synchronized (owner) {
            if (find(server).isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return update(configs.stream().map(c -> c.name().equals(server) ? change.apply(c) : c).toList());
        }
    }

    /** Adds a server at the end, or replaces the one of the same name where it is. */
    public CompletableFuture<Void> put(McpServerConfig server) {
        synchronized (owner) {
            List<McpServerConfig> next = new ArrayList<>(configs);
            int at = indexOf(server.name());
            if (at < 0) {
                next.add(server);
            } else {
                next.set(at, server);
            }
            return update(next);
        }
    }

    /**
     * Replaces the server named {@code oldName} (edited, perhaps renamed) where it is.
     *
     * @throws IllegalArgumentException when the new name is another server's
     */
    public CompletableFuture<Void> replace(String oldName, McpServerConfig server) {
        synchronized (owner) {
            List<McpServerConfig> next = new ArrayList<>(configs);
            int at = indexOf(oldName);
            if (at < 0) {
                next.add(server);
            } else {
                next.set(at, server);
            }
            return update(next);
        }
    }

    public CompletableFuture<Void> remove(String server) {
        synchronized (owner) {
            return update(configs.stream().filter(c -> !c.name().equals(server)).toList());
        }
    }

    public CompletableFuture<Void> setEnabled(String server, boolean on) {
        return change(server, c -> c.withEnabled(on));
    }

    /** Switches one tool of a server on or off (by its MCP name). */
    public CompletableFuture<Void> setToolEnabled(String server, String tool, boolean on) {
        return change(server, c -> {
            Set<String> off = new LinkedHashSet<>(c.disabledTools());
            if (on) {
                off.remove(tool);
            } else {
                off.add(tool);
            }
            return c.withDisabledTools(off);
        });
    }

    /** Remembers "Always allow" for a server's tool, in the server's {@code alwaysAllow}. */
    public CompletableFuture<Void> alwaysAllow(String server, String tool) {
        if (isAlwaysAllowed(server, tool)) {
            return CompletableFuture.completedFuture(null);
        }
        return change(server, c -> {
            Set<String> allowed = new LinkedHashSet<>(c.alwaysAllow());
            allowed.add(tool);
            return c.withAlwaysAllow(allowed);
        });
    }

    /** Every secret value of the servers (for the log to leave out). */
    public Set<String> secretValues() {
        Set<String> out = new HashSet<>();
        for (McpServerConfig c : configs) {
            McpSecrets.of(c).values().stream().map(String::strip).filter(v -> v.length() >= 6).forEach(out::add);
        }
        return out;
    }

    private int indexOf(String name) {
        for (int i = 0; i < configs.size(); i++) {
            if (configs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** On the writer thread, before settings.json is written: the secrets that changed go to the key storage. */
    void saveSecrets() throws IOException {
        if (!changed) {
            return; // the file names only what is already there
        }
        for (McpServerConfig c : configs) {
            for (Map.Entry<String, String> secret : McpSecrets.of(c).entrySet()) {
                Optional<ApiKeys.Resolved> saved = keys.saved(secret.getKey());
                if (saved.isEmpty() || !saved.get().value().equals(secret.getValue().strip())) {
                    keys.save(secret.getKey(), secret.getValue());
                }
                inStore.add(secret.getKey());
            }
        }
    }

    /** On the writer thread, after settings.json is written: secrets no server has any more are forgotten. */
    void forgetRemovedSecrets() throws IOException {
        if (!changed) {
            return;
        }
        Set<String> current = new HashSet<>();
        configs.forEach(c -> current.addAll(McpSecrets.of(c).keySet()));
        for (String id : List.copyOf(inStore)) {
            if (!current.contains(id)) {
                keys.forget(id);
                inStore.remove(id);
            }
        }
    }
}
