package dev.tidemark.chat;

import dev.tidemark.model.ToolResult;
import dev.tidemark.testing.mcp.TestMcpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The test MCP server as a {@link ToolHost}, through the SDK's own client over stdio: until
 * {@code mcp.McpServers} serves stdio, the loop's tests drive the real child process with this.
 */
public final class SdkToolHost implements ToolHost, AutoCloseable {

    public static final String SERVER = "test";

    private final JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
    private final McpSyncClient client;
    private final Map<Object, ToolProgress> progress = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-tool-call");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Void> ready;
    private volatile List<OfferedTool> offered = List.of();

    public SdkToolHost() {
        List<String> command = TestMcpServer.command();
        StdioClientTransport transport = new StdioClientTransport(ServerParameters.builder(command.get(0))
                .args(command.subList(1, command.size())).build(), json);
        client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .progressConsumer(p -> progress.getOrDefault(p.progressToken(), ToolProgress.NONE)
                        .progress(p.progress(), p.total(), p.message()))
                .build();
        ready = CompletableFuture.runAsync(() -> {
            client.initialize();
            offered = client.listTools().tools().stream().map(t -> new OfferedTool(t.name(), SERVER, t.name(),
                    t.description() == null ? "" : t.description(), toJson(t.inputSchema()))).toList();
        }, calls).exceptionally(e -> null);
    }

    private String toJson(Object schema) {
        try {
            return json.writeValueAsString(schema);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletableFuture<Void> ready() {
        return ready;
    }

    @Override
    public List<OfferedTool> offered() {
        return offered;
    }

    @Override
    public ToolRun call(OfferedTool tool, String arguments, ToolProgress told) {
        CompletableFuture<ToolResult> result = new CompletableFuture<>();
        String token = UUID.randomUUID().toString();
        progress.put(token, told);
        calls.execute(() -> {
            try {
                McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder().name(tool.tool())
                        .arguments(json, arguments).progressToken(token).build());
                StringBuilder text = new StringBuilder();
                r.content().forEach(c -> {
                    if (c instanceof McpSchema.TextContent t) {
                        text.append(text.isEmpty() ? "" : "\n").append(t.text());
                    }
                });
                result.complete(new ToolResult(text.toString(), Boolean.TRUE.equals(r.isError()), List.of()));
            } catch (RuntimeException e) {
                result.complete(ToolResult.failure("The call failed: " + e.getMessage()));
            } finally {
                progress.remove(token);
            }
        });
        return new ToolRun() {
            @Override
            public CompletableFuture<ToolResult> result() {
                return result;
            }

            @Override
            public void cancel() {
                result.complete(ToolResult.failure("Cancelled; it may have partly run."));
            }
        };
    }

    @Override
    public void close() {
        client.closeGracefully();
        calls.shutdownNow();
    }
}
