package dev.tidemark.mcp;

import dev.tidemark.chat.ToolHost.ToolProgress;
import dev.tidemark.chat.ToolHost.ToolRun;
import dev.tidemark.chat.ToolLoop;
import dev.tidemark.mcp.McpServers.State;
import dev.tidemark.mcp.McpServers.Status;
import dev.tidemark.mcp.McpServers.ToolInfo;
import dev.tidemark.model.ToolResult;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.settings.McpServerConfig;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One configured server: its state, its tools, the tail of its standard error, and its current
 * {@link Connection}. Starting and stopping run on the servers' own daemon threads.
 *
 * <p>A call waits up to {@link #CALL_TIMEOUT} (10 minutes) for its answer, not the SDK's default
 * 20 seconds: tools may take minutes. Progress resets nothing; the person can cancel sooner.
 */
final class Server {

    static final Duration INIT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);
    static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());

    private final AttachmentStore images;
    private final Executor executor;
    private final Consumer<Server> changed;
    private final StderrTail stderr = new StderrTail();
    private final AtomicLong tokens = new AtomicLong();

    private volatile McpServerConfig config;
    // guarded by this
    private State state;
    private List<ToolInfo> tools = List.of();
    private String error;
    private Connection connection;
    private CompletableFuture<Void> starting = CompletableFuture.completedFuture(null);

    Server(McpServerConfig config, AttachmentStore images, Executor executor, Consumer<Server> changed) {
        this.config = config;
        this.images = images;
        this.executor = executor;
        this.changed = changed;
        this.state = config.enabled() ? State.STOPPED : State.DISABLED;
    }

    String name() {
        return config.name();
    }

    McpServerConfig config() {
        return config;
    }

    /** Takes new tool switches (the same server otherwise). */
    void switches(McpServerConfig newer) {
        config = newer;
        changed.accept(this);
    }

    synchronized ProcessHandle process() {
        return connection == null ? null : connection.handle;
    }

    String log() {
        return stderr.text();
    }

    synchronized Status status() {
        McpServerConfig c = config;
        List<ToolInfo> shown = new ArrayList<>();
        for (ToolInfo tool : tools) {
            shown.add(new ToolInfo(tool.name(), tool.description(), tool.inputSchema(),
                    !c.disabledTools().contains(tool.name())));
        }
        return new Status(c.name(), state, shown, state == State.FAILED ? error : null);
    }

    synchronized State state() {
        return state;
    }

    /** Starts the server unless it is started, starting, failed or switched off; completes when it is ready or failed. */
    CompletableFuture<Void> start() {
        Connection fresh;
        CompletableFuture<Void> done;
        synchronized (this) {
            if (state != State.STOPPED) {
                return state == State.STARTING ? starting : CompletableFuture.completedFuture(null);
            }
            fresh = new Connection();
            connection = fresh;
            state = State.STARTING;
            error = null;
            tools = List.of();
            done = new CompletableFuture<>();
            starting = done;
        }
        changed.accept(this);
        executor.execute(() -> run(fresh, done));
        return done;
    }

    /** Stops the server and its process tree (waits a few seconds at most); it starts again when next needed. */
    void stop() {
        Connection old;
        synchronized (this) {
            old = connection;
            connection = null;
            state = config.enabled() ? State.STOPPED : State.DISABLED;
            tools = List.of();
            error = null;
        }
        if (old != null) {
            old.stopping = true;
            old.failCalls(stoppedWhileRunning());
            old.stop();
        }
        changed.accept(this);
    }

    private void run(Connection c, CompletableFuture<Void> done) {
        String failure = null;
        List<ToolInfo> listed = null;
        try {
            connect(c);
            listed = listTools(c);
        } catch (Failed e) {
            failure = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "`" + name() + "` was not started: Tidemark is closing.";
        } catch (RuntimeException e) {
            failure = Failures.ofStart(name(), config.url(), e);
        }
        boolean current;
        synchronized (this) {
            current = connection == c && !c.stopping;
            if (current && failure == null) {
                state = State.READY;
                tools = listed;
            } else if (current) {
                state = State.FAILED;
                error = failure;
                connection = null;
            }
        }
        if (!current || failure != null) {
            c.stop();
        } else {
            c.exit().thenRunAsync(() -> exited(c), executor);
        }
        if (current) {
            changed.accept(this);
        }
        done.complete(null);
    }

    private void connect(Connection c) throws Failed, InterruptedException {
        McpServerConfig cfg = config;
        Transports.Made made = cfg.isStdio() ? Transports.stdio(cfg, JSON, stderr) : Transports.http(cfg, JSON);
        c.stdio = made.stdio();
        c.tap = new CallTap(made.transport());
        c.client = McpClient.async(c.tap)
                .requestTimeout(CALL_TIMEOUT)
                .initializationTimeout(INIT_TIMEOUT)
                .clientInfo(new McpSchema.Implementation("Tidemark", "1"))
                .toolsChangeConsumer(list -> {
                    toolsChanged(c, list);
                    return Mono.empty();
                })
                .progressConsumer(notification -> {
                    progress(c, notification);
                    return Mono.empty();
                })
                .build();
        CompletableFuture<McpSchema.InitializeResult> init = c.client.initialize().toFuture();
        if (c.stdio != null) {
            try {
                c.handle = c.stdio.started().get(INIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                c.process = c.stdio.process();
            } catch (ExecutionException e) {
                throw new Failed(stderr.explain("Could not start `" + cfg.command() + "`: "
                        + Failures.ofStart(name(), null, e.getCause())));
            } catch (TimeoutException e) {
                throw new Failed("Could not start `" + cfg.command() + "`: it did not start within "
                        + INIT_TIMEOUT.toSeconds() + " seconds.");
            }
            if (c.stopping) {
                throw new Failed("stopped");
            }
        }
        await(c, init);
    }

    private List<ToolInfo> listTools(Connection c) throws Failed, InterruptedException {
        List<McpSchema.Tool> all = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1_000; page++) {
            McpSchema.ListToolsResult result = await(c, c.client.listTools(cursor).toFuture());
            all.addAll(result.tools() == null ? List.of() : result.tools());
            cursor = result.nextCursor();
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        return infos(all);
    }

    /** Waits for a start-up step, failing in words when the process exits or the step takes too long. */
    private <T> T await(Connection c, CompletableFuture<T> step) throws Failed, InterruptedException {
        CompletableFuture<?> exit = c.exit();
        try {
            CompletableFuture.anyOf(step, exit).get(INIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // the step failed: told below
        } catch (TimeoutException e) {
            throw new Failed(stderr.explain("`" + name() + "` did not answer within " + INIT_TIMEOUT.toSeconds()
                    + " seconds of starting."));
        }
        if (!step.isDone() && exit.isDone()) {
            stderr.awaitQuiet(200, 2_000);
            throw new Failed(stderr.explain("`" + config.command() + "` " + c.exitWords() + " before it was ready."));
        }
        try {
            return step.get();
        } catch (ExecutionException e) {
            if (exit.isDone()) {
                stderr.awaitQuiet(200, 2_000);
                throw new Failed(stderr.explain("`" + config.command() + "` " + c.exitWords() + " before it was ready."));
            }
            throw new Failed(stderr.explain(Failures.ofStart(name(), config.url(), e.getCause())));
        }
    }

    private void exited(Connection c) {
        synchronized (this) {
            if (connection != c || c.stopping) {
                return;
            }
        }
        try {
            stderr.awaitQuiet(200, 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (connection != c || c.stopping) {
                return;
            }
            connection = null;
            state = State.FAILED;
            tools = List.of();
            error = stderr.explain("`" + name() + "` stopped: its program " + c.exitWords() + ".");
        }
        c.stopping = true;
        c.failCalls(stoppedWhileRunning());
        c.stop();
        changed.accept(this);
    }

    private void toolsChanged(Connection c, List<McpSchema.Tool> list) {
        List<ToolInfo> fresh = infos(list);
        synchronized (this) {
            if (connection != c || state != State.READY) {
                return;
            }
            tools = fresh;
        }
        changed.accept(this);
    }

    private static List<ToolInfo> infos(List<McpSchema.Tool> list) {
        List<ToolInfo> infos = new ArrayList<>();
        for (McpSchema.Tool tool : list) {
            String schema;
            try {
                schema = tool.inputSchema() == null ? "{\"type\":\"object\"}" : JSON.writeValueAsString(tool.inputSchema());
            } catch (IOException e) {
                schema = "{\"type\":\"object\"}";
            }
            infos.add(new ToolInfo(tool.name(), tool.description() == null ? "" : tool.description(), schema, true));
        }
        return List.copyOf(infos);
    }

    private void progress(Connection c, McpSchema.ProgressNotification notification) {
        Connection.Call call = c.calls.get(String.valueOf(notification.progressToken()));
        if (call != null && !call.result.isDone()) {
            try {
                call.progress.progress(notification.progress() == null ? 0 : notification.progress(),
                        notification.total(), notification.message());
            } catch (RuntimeException e) {
                // a listener's fault must not end the server's reading
            }
        }
    }

    /** Sends a call (arguments already checked to be an object). */
    ToolRun call(String tool, Map<String, Object> arguments, ToolProgress progress) {
        Connection c;
        String why;
        synchronized (this) {
            c = state == State.READY ? connection : null;
            why = state == State.FAILED ? error : null;
        }
        if (c == null) {
            return Runs.done(ToolResult.failure("The server `" + name() + "` is not running"
                    + (why == null ? "." : ": " + why)));
        }
        Connection.Call call = new Connection.Call("tidemark-" + tokens.incrementAndGet(), tool,
                progress == null ? ToolProgress.NONE : progress);
        c.calls.put(call.token, call);
        call.result.whenComplete((result, e) -> {
            c.calls.remove(call.token);
            c.tap.forget(call.token);
        });
        McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(tool, arguments,
                Map.of("progressToken", call.token));
        call.subscription = c.client.callTool(request).subscribe(
                result -> executor.execute(() -> answered(call, result)),
                e -> executor.execute(() -> failed(c, call, e)));
        if (call.result.isDone()) {
            call.subscription.dispose();
        }
        return new ToolRun() {
            @Override
            public CompletableFuture<ToolResult> result() {
                return call.result;
            }

            @Override
            public void cancel() {
                if (call.result.complete(ToolResult.failure(ToolLoop.CANCELLED_RESULT))) {
                    c.tap.cancel(call.token, "The person cancelled it.");
                    reactor.core.Disposable subscription = call.subscription;
                    if (subscription != null) {
                        subscription.dispose();
                    }
                }
            }
        };
    }

    private void answered(Connection.Call call, McpSchema.CallToolResult result) {
        if (!call.result.isDone()) {
            call.result.complete(ToolResults.of(call.tool, result, images));
        }
    }

    private void failed(Connection c, Connection.Call call, Throwable e) {
        if (call.result.isDone()) {
            return;
        }
        if (!c.stopping && c.exit().isDone()) {
            exited(c); // fails every call of c in words
        }
        call.result.complete(ToolResult.failure(c.stopping || c.exit().isDone() ? stoppedWhileRunning()
                : Failures.ofCall(name(), call.tool, config.url(), e)));
    }

    private String stoppedWhileRunning() {
        return "The server `" + name() + "` stopped while the tool ran; it may have run.";
    }

    /** A start-up failure already in words. */
    static final class Failed extends Exception {
        Failed(String words) {
            super(words, null, false, false);
        }
    }
}
