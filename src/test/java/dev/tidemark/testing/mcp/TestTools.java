package dev.tidemark.testing.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The tools of the test MCP server, served over stdio ({@link TestMcpServer}) and over Streamable
 * HTTP alike: {@code echo}, {@code add}, {@code fail}, {@code slow} (takes its time, reporting
 * progress), {@code append} (appends a line to a file — the side effect a test counts — and then
 * waits) and {@code picture} (returns a small PNG).
 */
public final class TestTools {

    /** A 1×1 red PNG. */
    public static final byte[] RED_PIXEL_PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    private TestTools() {
    }

    public static List<SyncToolSpecification> all(McpJsonMapper json) {
        return List.of(
                tool(json, "echo", "Says the text back.",
                        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}",
                        (exchange, args, token) -> text(String.valueOf(args.get("text")))),
                tool(json, "add", "Adds two numbers.",
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}},"
                                + "\"required\":[\"a\",\"b\"]}",
                        (exchange, args, token) -> text(format(number(args, "a") + number(args, "b")))),
                tool(json, "fail", "Always fails, with the message given.",
                        "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}}}",
                        (exchange, args, token) -> McpSchema.CallToolResult.builder()
                                .addTextContent(String.valueOf(args.getOrDefault("message", "It failed.")))
                                .isError(true).build()),
                tool(json, "slow", "Takes its time (millis), reporting progress every tenth of it.",
                        "{\"type\":\"object\",\"properties\":{\"millis\":{\"type\":\"integer\"}}}",
                        TestTools::slow),
                tool(json, "append", "Appends a line to a file, then waits (millis) before answering.",
                        "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},\"line\":{\"type\":\"string\"},"
                                + "\"millis\":{\"type\":\"integer\"}},\"required\":[\"path\",\"line\"]}",
                        TestTools::append),
                tool(json, "picture", "Returns a small red picture.",
                        "{\"type\":\"object\",\"properties\":{}}",
                        (exchange, args, token) -> McpSchema.CallToolResult.builder()
                                .addTextContent("A red pixel.")
                                .addContent(new McpSchema.ImageContent(null,
                                        Base64.getEncoder().encodeToString(RED_PIXEL_PNG), "image/png"))
                                .build()));
    }

    private interface Handler {
        McpSchema.CallToolResult call(McpSyncServerExchange exchange, Map<String, Object> args, Object progressToken)
                throws Exception;
    }

    private static SyncToolSpecification tool(McpJsonMapper json, String name, String description, String schema,
                                              Handler handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(json, schema).build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
            try {
                return handler.call(exchange, args, request.meta() == null ? null : request.meta().get("progressToken"));
            } catch (Exception e) {
                return McpSchema.CallToolResult.builder().addTextContent("The test tool broke: " + e)
                        .isError(true).build();
            }
        }).build();
    }

    private static McpSchema.CallToolResult slow(McpSyncServerExchange exchange, Map<String, Object> args,
                                                 Object token) throws InterruptedException {
        long millis = args.get("millis") instanceof Number n ? n.longValue() : 1_000;
        // progress is reported when the client asked for it (a progress token in the request's _meta)
        for (int i = 1; i <= 10; i++) {
            Thread.sleep(millis / 10);
            if (token != null) {
                exchange.progressNotification(new McpSchema.ProgressNotification(token, i, 10.0, "step " + i));
            }
        }
        return text("slept " + millis + " ms");
    }

    private static McpSchema.CallToolResult append(McpSyncServerExchange exchange, Map<String, Object> args,
                                                   Object token) throws IOException, InterruptedException {
        Path file = Path.of(String.valueOf(args.get("path")));
        String line = String.valueOf(args.get("line"));
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        long millis = args.get("millis") instanceof Number n ? n.longValue() : 0;
        Thread.sleep(millis);
        return text("appended \"" + line + "\"");
    }

    private static McpSchema.CallToolResult text(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).isError(false).build();
    }

    private static double number(Map<String, Object> args, String name) {
        Object value = args.get(name);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(name + " is not a number: " + value);
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
