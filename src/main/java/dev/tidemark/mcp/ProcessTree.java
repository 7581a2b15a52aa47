package dev.tidemark.mcp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a stdio server and everything it started (an {@code npx} server's {@code node}): its
 * descendants are taken first (once the server is gone they are no longer its children), its
 * standard input is closed (the polite way to end an MCP stdio server), and after a moment the
 * descendants and the server are destroyed forcibly.
 */
final class ProcessTree {

    static final long POLITE_MILLIS = 1_000;
    static final long FORCED_MILLIS = 2_000;

    private ProcessTree() {
    }

    static void stop(ProcessHandle root, Process process) {
        if (root == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        if (process != null) {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // already closed: the server is on its way out
            }
            await(root.onExit(), POLITE_MILLIS);
        }
        root.descendants().forEach(handle -> {
            if (!tree.contains(handle)) {
                tree.add(handle);
            }
        });
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
                exits.add(handle.onExit());
            }
        }
        if (root.isAlive()) {
            root.destroyForcibly();
        }
        exits.add(root.onExit());
        await(CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)), FORCED_MILLIS);
    }

    private static void await(CompletableFuture<?> future, long millis) {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // gone or not: we go on either way
        }
    }
}
