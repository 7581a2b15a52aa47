package dev.tidemark.mcp;

import dev.tidemark.chat.ToolHost.ToolRun;
import dev.tidemark.model.ToolResult;

import java.util.concurrent.CompletableFuture;

/** Runs that are over before they start (nothing was sent). */
final class Runs {

    private Runs() {
    }

    static ToolRun done(ToolResult result) {
        CompletableFuture<ToolResult> done = CompletableFuture.completedFuture(result);
        return new ToolRun() {
            @Override
            public CompletableFuture<ToolResult> result() {
                return done;
            }

            @Override
            public void cancel() {
            }
        };
    }
}
