package dev.tidemark.testing.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small MCP server for the tests, run as a child process through the real SDK over stdio:
 * {@link TestTools}' tools. Options: {@code --fail-at-start MESSAGE} writes MESSAGE to stderr and
 * exits 3 before serving (a server that fails); {@code --grandchild} starts a long {@code sleep}
 * child first and prints its pid to stderr as {@code grandchild <pid>} (a process tree, as an
 * {@code npx} server's {@code node}). It serves until its standard input closes.
 */
public final class TestMcpServer {

    private TestMcpServer() {
    }

    /** The command line that runs this server with the running JVM's class path, then {@code options}. */
    public static List<String> command(String... options) {
        List<String> command = new ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TestMcpServer.class.getName()));
        command.addAll(List.of(options));
        return command;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--fail-at-start")) {
                System.err.println(args[i + 1]);
                System.err.flush();
                System.exit(3);
            }
            if (args[i].equals("--grandchild")) {
                Process sleeper = new ProcessBuilder("sleep", "600").start();
                System.err.println("grandchild " + sleeper.pid());
                System.err.flush();
            }
        }
        McpJsonMapper json = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
        // The SDK's stdio transport ends its session when stdin closes, but not the process (this
        // thread and its own keep it alive): exit then, as servers on the TypeScript SDK do, so
        // that a server whose client was killed (SIGKILL: nothing could stop it) is gone.
        java.io.InputStream in = new java.io.FilterInputStream(System.in) {
            @Override
            public int read() throws IOException {
                return exitAtEnd(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return exitAtEnd(super.read(b, off, len));
            }
        };
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(json, in, System.out))
                .serverInfo("tidemark-test-server", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(TestTools.all(json))
                .build();
        Thread.currentThread().join(); // the transport's threads serve; the process ends when stdin closes
    }

    private static int exitAtEnd(int read) {
        if (read < 0) {
            System.exit(0);
        }
        return read;
    }
}
