package dev.tidemark.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A transport that passes everything through and notes the JSON-RPC id of each {@code tools/call}
 * it sends, by the call's progress token: the SDK (2.2) neither exposes a request's id nor sends
 * {@code notifications/cancelled}, so {@link #cancel} sends it itself.
 */
final class CallTap implements McpClientTransport {

    /** MCP's cancellation notification (the SDK has no constant for it). */
    static final String CANCELLED = "notifications/cancelled";

    private final McpClientTransport delegate;
    private final Map<Object, Object> requestIds = new ConcurrentHashMap<>();

    CallTap(McpClientTransport delegate) {
        this.delegate = delegate;
    }

    McpClientTransport delegate() {
        return delegate;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request && McpSchema.METHOD_TOOLS_CALL.equals(request.method())
                && request.params() instanceof McpSchema.CallToolRequest call && call.meta() != null) {
            Object token = call.meta().get("progressToken");
            if (token != null) {
                requestIds.put(token, request.id());
            }
        }
        return delegate.sendMessage(message);
    }

    /** Tells the server to stop the call with this progress token (when it was sent); returns at once. */
    void cancel(Object token, String reason) {
        Object id = requestIds.remove(token);
        if (id == null) {
            return;
        }
        delegate.sendMessage(new McpSchema.JSONRPCNotification(CANCELLED,
                Map.of("requestId", id, "reason", reason))).subscribe(ignored -> { }, error -> { });
    }

    void forget(Object token) {
        requestIds.remove(token);
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(handler);
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return delegate.unmarshalFrom(data, typeRef);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
