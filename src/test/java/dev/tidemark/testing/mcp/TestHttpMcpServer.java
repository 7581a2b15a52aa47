package dev.tidemark.testing.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ServerConnector;

import java.util.EnumSet;

/**
 * The test MCP server over Streamable HTTP: {@link TestTools}' tools served by the SDK's servlet
 * transport in Jetty, on a free loopback port. Optionally it requires a header (an API key): a
 * request without it, or with another value, is answered 401.
 */
public final class TestHttpMcpServer implements AutoCloseable {

    /** The endpoint's path. */
    public static final String PATH = "/mcp";

    private final org.eclipse.jetty.server.Server jetty;
    private final McpSyncServer mcp;
    private final int port;

    private TestHttpMcpServer(String header, String value) throws Exception {
        McpJsonMapper json = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json).mcpEndpoint(PATH).build();
        mcp = McpServer.sync(transport)
                .serverInfo("tidemark-test-http-server", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(TestTools.all(json))
                .build();
        jetty = new org.eclipse.jetty.server.Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/*");
        if (header != null) {
            Filter key = (request, response, chain) -> {
                if (!value.equals(((HttpServletRequest) request).getHeader(header))) {
                    ((HttpServletResponse) response).sendError(401, "Unauthorized");
                    return;
                }
                chain.doFilter(request, response);
            };
            FilterHolder filter = new FilterHolder(key);
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    /** A server anyone may call. */
    public static TestHttpMcpServer start() throws Exception {
        return new TestHttpMcpServer(null, null);
    }

    /** A server that answers 401 unless each request carries {@code header: value}. */
    public static TestHttpMcpServer requiring(String header, String value) throws Exception {
        return new TestHttpMcpServer(header, value);
    }

    /** The Streamable HTTP endpoint, {@code http://127.0.0.1:PORT/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + port + PATH;
    }

    @Override
    public void close() throws Exception {
        try {
            mcp.closeGracefully();
        } finally {
            jetty.stop();
        }
    }
}
