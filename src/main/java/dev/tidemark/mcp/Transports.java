package dev.tidemark.mcp;

import dev.tidemark.settings.McpServerConfig;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The SDK transport a config asks for: a child process over stdio, or Streamable HTTP. */
final class Transports {

    /** A transport, and the stdio one again when it is one (null over HTTP). */
    record Made(McpClientTransport transport, StdioTransport stdio) {
    }

    private Transports() {
    }

    /** A child process: its program found as a shell would, in its working directory, with Tidemark's environment plus the config's. */
    static Made stdio(McpServerConfig config, McpJsonMapper json, StderrTail stderr) throws Server.Failed {
        Path cwd = null;
        if (config.cwd() != null && !config.cwd().isBlank()) {
            cwd = Path.of(config.cwd());
            if (!Files.isDirectory(cwd)) {
                throw new Server.Failed("Could not start `" + config.command() + "`: its working directory "
                        + config.cwd() + " is not a folder.");
            }
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(config.env());
        Path program = Commands.find(config.command(), env, cwd);
        if (program == null) {
            throw new Server.Failed("Could not start `" + config.command() + "`: no such program on PATH.");
        }
        ServerParameters params = ServerParameters.builder(program.toString())
                .args(config.args()).env(config.env()).build();
        StdioTransport transport = new StdioTransport(params, json, cwd == null ? null : cwd.toFile(), config.env());
        transport.setStdErrorHandler(stderr::add);
        return new Made(transport, transport);
    }

    /** Streamable HTTP, with the config's headers on every request. */
    static Made http(McpServerConfig config, McpJsonMapper json) throws Server.Failed {
        URI uri;
        try {
            uri = URI.create(config.url().strip());
        } catch (IllegalArgumentException e) {
            throw new Server.Failed("The URL of `" + config.name() + "` is not a URL: " + config.url());
        }
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new Server.Failed("The URL of `" + config.name() + "` must start with http:// or https://: "
                    + config.url());
        }
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String endpoint = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Map<String, String> headers = Map.copyOf(config.headers());
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base)
                .endpoint(endpoint)
                .jsonMapper(json)
                .connectTimeout(Duration.ofSeconds(10))
                .httpRequestCustomizer((request, method, target, body, context) -> headers.forEach(request::setHeader))
                .build();
        return new Made(transport, null);
    }
}
