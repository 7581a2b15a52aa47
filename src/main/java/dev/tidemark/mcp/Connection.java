package dev.tidemark.mcp;

import dev.tidemark.chat.ToolHost.ToolProgress;
import dev.tidemark.model.ToolResult;
import io.modelcontextprotocol.client.McpAsyncClient;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One start of one server: its SDK client, its transport (and, over stdio, its process), and the
 * calls in flight on it. A restart makes a new one; callbacks of an old one are ignored.
 */
final class Connection {

    /** A call in flight, found by its progress token. */
    static final class Call {
        final String token;
        final String tool;
        final ToolProgress progress;
        final CompletableFuture<ToolResult> result = new CompletableFuture<>();
        volatile Disposable subscription;

        Call(String token, String tool, ToolProgress progress) {
            this.token = token;
            this.tool = tool;
            this.progress = progress;
        }
    }

    final Map<String, Call> calls = new ConcurrentHashMap<>();
    volatile McpAsyncClient client;
    volatile CallTap tap;
    volatile StdioTransport stdio;
    volatile ProcessHandle handle;
    volatile Process process;
    volatile boolean stopping;

    /** The process's end (its exit code when known), or a future that never completes (HTTP). */
    CompletableFuture<?> exit() {
        if (process != null) {
            return process.onExit();
        }
        return handle != null ? handle.onExit() : new CompletableFuture<>();
    }

    /** "exited with code 3", or "exited" when only the handle is known. */
    String exitWords() {
        Process p = process;
        if (p != null && !p.isAlive()) {
            return "exited with code " + p.exitValue();
        }
        return "exited";
    }

    /** Ends every call in flight with {@code text} (an error). */
    void failCalls(String text) {
        for (Call call : List.copyOf(calls.values())) {
            call.result.complete(ToolResult.failure(text));
            Disposable subscription = call.subscription;
            if (subscription != null) {
                subscription.dispose();
            }
        }
        calls.clear();
    }

    /** Stops the process tree (stdio) and closes the client; waits a few seconds at most. Idempotent. */
    void stop() {
        stopping = true;
        ProcessTree.stop(handle, process);
        McpAsyncClient c = client;
        if (c != null) {
            try {
                c.closeGracefully().block(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                c.close(); // the process is gone already: nothing is left to wait for
            }
        }
    }
}
