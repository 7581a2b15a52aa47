package dev.tidemark.testing.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The test server answers the SDK's own client over stdio, and is gone once that client closes. */
class TestMcpServerTest {

    @Test
    void servesItsToolsOverStdioAndIsGoneOnceTheClientCloses() {
        List<String> command = TestMcpServer.command();
        StdioClientTransport transport = new StdioClientTransport(ServerParameters.builder(command.get(0))
                .args(command.subList(1, command.size())).build(),
                new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()));
        long before = ProcessHandle.current().children().count();
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build()) {
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .containsExactly("echo", "add", "fail", "slow", "append", "picture");
            McpSchema.CallToolResult sum = client.callTool(new McpSchema.CallToolRequest("add", Map.of("a", 2, "b", 40)));
            assertThat(((McpSchema.TextContent) sum.content().get(0)).text()).isEqualTo("42");
            McpSchema.CallToolResult failed = client.callTool(new McpSchema.CallToolRequest("fail", Map.of("message", "no")));
            assertThat(failed.isError()).isTrue();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> ProcessHandle.current().children().filter(ProcessHandle::isAlive).count() <= before);
    }
}
