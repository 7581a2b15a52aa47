package dev.tidemark.mcp;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

import java.io.File;
import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The SDK's stdio transport with what it lacks: a working directory, and the child process handed
 * out once started ({@link #started()}) so that its whole process tree can be stopped.
 *
 * <p>The environment is Tidemark's plus the config's {@code env}: the SDK's {@link ServerParameters}
 * hold a few inherited variables ({@code HOME}, {@code PATH}…) plus the config's, and it puts them
 * over the process builder's environment, which is Tidemark's whole one — so the config wins.
 *
 * <p>The SDK keeps its {@link Process} private: it is read once, by reflection, after the start; if
 * that is refused (a later SDK renamed the field), the child is the one JVM child that appeared
 * during the start and runs the program.
 */
final class StdioTransport extends StdioClientTransport {

    private final File workingDirectory;
    private final Map<String, String> env;
    private final String program;
    private final CompletableFuture<ProcessHandle> started = new CompletableFuture<>();
    private volatile Process process;

    StdioTransport(ServerParameters params, McpJsonMapper json, File workingDirectory, Map<String, String> env) {
        super(params, json);
        this.workingDirectory = workingDirectory;
        this.env = env;
        this.program = params.getCommand();
    }

    @Override
    protected ProcessBuilder getProcessBuilder() {
        ProcessBuilder builder = new ProcessBuilder();
        if (workingDirectory != null) {
            builder.directory(workingDirectory);
        }
        builder.environment().putAll(env);
        return builder;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        Set<Long> before = children();
        return super.connect(handler)
                .doOnSuccess(ignored -> found(before))
                .doOnError(started::completeExceptionally);
    }

    /** Completes with the child's handle once it runs, exceptionally when it could not start. */
    CompletableFuture<ProcessHandle> started() {
        return started;
    }

    /** The child as a {@link Process} (its exit code, its standard input), or null when only its handle is known. */
    Process process() {
        return process;
    }

    private void found(Set<Long> before) {
        try {
            Field field = StdioClientTransport.class.getDeclaredField("process");
            field.setAccessible(true);
            process = (Process) field.get(this);
        } catch (ReflectiveOperationException | RuntimeException e) {
            process = null;
        }
        if (process != null) {
            started.complete(process.toHandle());
            return;
        }
        List<ProcessHandle> fresh = ProcessHandle.current().children()
                .filter(child -> !before.contains(child.pid())).toList();
        ProcessHandle child = fresh.size() == 1 ? fresh.get(0) : fresh.stream()
                .filter(c -> c.info().command().map(program::equals).orElse(false)).findFirst().orElse(null);
        if (child != null) {
            started.complete(child);
        } else {
            started.completeExceptionally(new IllegalStateException("the started program was not found"));
        }
    }

    private static Set<Long> children() {
        Set<Long> pids = new HashSet<>();
        ProcessHandle.current().children().forEach(child -> pids.add(child.pid()));
        return pids;
    }
}
