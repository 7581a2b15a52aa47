package dev.tidemark.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.chat.ToolHost;
import dev.tidemark.model.ToolResult;
import dev.tidemark.settings.McpServerConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The configured MCP servers, through the official Java SDK: started in the background when first
 * needed ({@link #ready()}), each with its state, restarted on request, and stopped with the app —
 * a stdio server's whole process tree included. It is the tool loop's {@link ToolHost}.
 * Safe from any thread; no method blocks but {@link #close()} (a few seconds at most).
 *
 * <p>Servers start, stop and answer on the servers' own daemon threads (and the SDK's), never the
 * caller's. A stdio server's program is found on {@code PATH} as a shell would ({@code npx} too;
 * on Windows {@code npx.cmd} through {@code PATHEXT}, untested there), runs in its {@code cwd}
 * with Tidemark's environment plus its {@code env}. Initialization and each page of
 * {@code tools/list} may take 30 seconds; a tool call 10 minutes (tools may take their time; the
 * person can cancel sooner).
 */
public final class McpServers implements ToolHost, AutoCloseable {

    /** Where a server stands. */
    public enum State {
        /** Switched off in Settings: never started. */
        DISABLED,
        /** Not started yet (servers start when first needed). */
        STOPPED,
        STARTING,
        READY,
        FAILED
    }

    /**
     * A tool as its server lists it.
     *
     * @param name        the MCP tool's own name
     * @param description the server's words ("" when none)
     * @param inputSchema JSON Schema of its arguments, as JSON text
     * @param enabled     false when switched off in Settings
     */
    public record ToolInfo(String name, String description, String inputSchema, boolean enabled) {
    }

    /**
     * A server's state as shown in Settings → Tools and by {@code tools}.
     *
     * @param error why it failed, in words, with the tail of its standard error when it wrote any;
     *              null unless {@code state} is FAILED
     */
    public record Status(String server, State state, List<ToolInfo> tools, String error) {
        public Status {
            tools = List.copyOf(tools);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final dev.tidemark.session.AttachmentStore images;
    private final ExecutorService executor;
    private final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Server> servers;
    private volatile boolean closed;

    /**
     * @param images where images a tool returns are kept (stored, forced, before its result is
     *               handed back); null: images are left out, the result's text says so
     */
    public McpServers(List<McpServerConfig> configs, dev.tidemark.session.AttachmentStore images) {
        this.images = images;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "tidemark-mcp-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<Server> made = new ArrayList<>();
        for (McpServerConfig config : unique(configs)) {
            made.add(new Server(config, images, executor, this::changed));
        }
        this.servers = List.copyOf(made);
    }

    /** Every configured server's state, in the configured order. */
    public List<Status> statuses() {
        return servers.stream().map(Server::status).toList();
    }

    /**
     * The last lines (about 20, 4 KB at most) the server wrote to its standard error, for a person
     * to read (Settings); "" when none, or for an HTTP server. Never logged: it may hold anything.
     */
    public String log(String server) {
        Server found = find(server);
        return found == null ? "" : found.log();
    }

    /** The running stdio server's process, or null (for the tests). */
    ProcessHandle process(String server) {
        Server found = find(server);
        return found == null ? null : found.process();
    }

    /** Told of every change of a server's state, on the servers' threads. */
    public void addListener(Consumer<Status> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(Consumer<Status> listener) {
        listeners.remove(listener);
    }

    /** Stops the server (its process tree) and starts it again; completes with its new state. */
    public CompletableFuture<Status> restart(String server) {
        Server found = find(server);
        if (found == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("There is no MCP server named " + server));
        }
        return CompletableFuture.supplyAsync(() -> {
            found.stop();
            return found.start();
        }, executor).thenCompose(started -> started).thenApply(ignored -> found.status());
    }

    /**
     * Takes a new configuration (Settings saved): servers removed or changed are stopped, changed
     * and new ones start when next needed; tool switches apply at once.
     */
    public synchronized void reconfigure(List<McpServerConfig> configs) {
        Map<String, Server> old = new LinkedHashMap<>();
        for (Server server : servers) {
            old.put(server.name(), server);
        }
        List<Server> next = new ArrayList<>();
        List<Server> stopped = new ArrayList<>();
        List<Server> fresh = new ArrayList<>();
        for (McpServerConfig config : unique(configs)) {
            Server kept = old.remove(config.name());
            if (kept != null && sameServer(kept.config(), config)) {
                kept.switches(config);
                next.add(kept);
            } else {
                if (kept != null) {
                    stopped.add(kept);
                }
                Server made = new Server(config, images, executor, this::changed);
                next.add(made);
                fresh.add(made);
            }
        }
        stopped.addAll(old.values());
        servers = List.copyOf(next);
        for (Server server : stopped) {
            executor.execute(server::stop);
        }
        for (Server server : fresh) {
            changed(server);
        }
    }

    /** The same program or URL, the same environment, headers and switch: only tool switches differ. */
    private static boolean sameServer(McpServerConfig a, McpServerConfig b) {
        return a.enabled() == b.enabled() && Objects.equals(a.command(), b.command()) && a.args().equals(b.args())
                && a.env().equals(b.env()) && Objects.equals(a.cwd(), b.cwd()) && Objects.equals(a.url(), b.url())
                && a.headers().equals(b.headers());
    }

    @Override
    public CompletableFuture<Void> ready() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (Server server : servers) {
            if (server.config().enabled()) {
                starts.add(server.start());
            }
        }
        return CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
    }

    @Override
    public List<OfferedTool> offered() {
        List<ToolNames.Key> keys = new ArrayList<>();
        List<ToolInfo> infos = new ArrayList<>();
        for (Server server : servers) {
            Status status = server.status();
            if (status.state() != State.READY || !server.config().enabled()) {
                continue;
            }
            for (ToolInfo tool : status.tools()) {
                if (tool.enabled()) {
                    keys.add(new ToolNames.Key(status.server(), tool.name()));
                    infos.add(tool);
                }
            }
        }
        List<String> names = ToolNames.assign(keys);
        List<OfferedTool> offered = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            ToolInfo tool = infos.get(i);
            offered.add(new OfferedTool(names.get(i), keys.get(i).server(), tool.name(), tool.description(),
                    tool.inputSchema()));
        }
        return List.copyOf(offered);
    }

    @Override
    public ToolRun call(OfferedTool tool, String arguments, ToolProgress progress) {
        Map<String, Object> parsed;
        try {
            JsonNode node = JSON.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
            if (node == null || !node.isObject()) {
                return Runs.done(ToolResult.failure("The arguments for `" + tool.wireName()
                        + "` must be a JSON object; the tool was not called."));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.convertValue(node, Map.class);
            parsed = map;
        } catch (JsonProcessingException e) {
            return Runs.done(ToolResult.failure("The arguments for `" + tool.wireName()
                    + "` are not valid JSON; the tool was not called."));
        }
        Server server = find(tool.server());
        if (server == null || closed) {
            return Runs.done(ToolResult.failure("There is no MCP server named `" + tool.server() + "` now."));
        }
        if (server.config().disabledTools().contains(tool.tool())) {
            return Runs.done(ToolResult.failure("The tool `" + tool.tool() + "` of `" + tool.server()
                    + "` is switched off."));
        }
        return server.call(tool.tool(), parsed, progress);
    }

    /** Stops every server and its whole process tree; waits a few seconds at most. */
    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Server server : servers) {
            if (server.state() != State.STOPPED && server.state() != State.DISABLED) {
                stops.add(CompletableFuture.runAsync(server::stop, executor));
            }
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // what could be stopped is stopped; the rest are daemon threads
        }
        executor.shutdown();
    }

    private Server find(String name) {
        for (Server server : servers) {
            if (server.name().equals(name)) {
                return server;
            }
        }
        return null;
    }

    private void changed(Server server) {
        if (!servers.contains(server)) {
            return; // replaced by a reconfiguration: its stopping is no news
        }
        Status status = server.status();
        for (Consumer<Status> listener : listeners) {
            try {
                listener.accept(status);
            } catch (RuntimeException e) {
                // one listener's fault is not the servers'
            }
        }
    }

    private static List<McpServerConfig> unique(List<McpServerConfig> configs) {
        Map<String, McpServerConfig> byName = new LinkedHashMap<>();
        for (McpServerConfig config : configs == null ? List.<McpServerConfig>of() : configs) {
            byName.putIfAbsent(config.name(), config);
        }
        return List.copyOf(byName.values());
    }
}
