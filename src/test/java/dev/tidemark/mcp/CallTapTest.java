package dev.tidemark.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling sends MCP's {@code notifications/cancelled} with the JSON-RPC id of the call — an id
 * the SDK keeps to itself, noted as the request goes by. (The test server runs on the SDK's server
 * side, which ignores the notification, so the message itself is what is checked here.)
 */
class CallTapTest {

    /** The SDK's side of a transport, recording what is sent. */
    private static final class Recording implements McpClientTransport {
        final List<McpSchema.JSONRPCMessage> sent = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            sent.add(message);
            return Mono.empty();
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void cancellingSendsTheCallsRequestIdOnce() {
        Recording wire = new Recording();
        CallTap tap = new CallTap(wire);
        tap.sendMessage(new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_CALL, "req-7",
                new McpSchema.CallToolRequest("slow", Map.of(), Map.of("progressToken", "tidemark-1")))).block();

        tap.cancel("tidemark-1", "The person cancelled it.");
        tap.cancel("tidemark-1", "The person cancelled it.");
        tap.cancel("tidemark-2", "never sent");

        assertThat(wire.sent).hasSize(2);
        McpSchema.JSONRPCNotification cancelled = (McpSchema.JSONRPCNotification) wire.sent.get(1);
        assertThat(cancelled.method()).isEqualTo("notifications/cancelled");
        assertThat(cancelled.params()).isEqualTo(Map.of("requestId", "req-7", "reason", "The person cancelled it."));
    }
}
