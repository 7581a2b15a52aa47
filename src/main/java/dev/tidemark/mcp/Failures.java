package dev.tidemark.mcp;

import io.modelcontextprotocol.spec.McpError;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;

/** What went wrong with a server, in words a person can act on (never a Java message on its own). */
final class Failures {

    private Failures() {
    }

    /** Why a server could not be reached or refused to start. */
    static String ofStart(String server, String url, Throwable error) {
        Throwable cause = find(error, TimeoutException.class);
        if (cause != null) {
            return "`" + server + "` did not answer within " + Server.INIT_TIMEOUT.toSeconds() + " seconds of starting.";
        }
        String http = ofHttp(server, url, error);
        if (http != null) {
            return http;
        }
        McpError mcp = find(error, McpError.class);
        if (mcp != null && mcp.getJsonRpcError() != null) {
            return "`" + server + "` refused to start: " + mcp.getJsonRpcError().message();
        }
        return "`" + server + "` could not be started: " + describe(error);
    }

    /** Why a call failed while its server is still there. */
    static String ofCall(String server, String tool, String url, Throwable error) {
        if (find(error, TimeoutException.class) != null) {
            return "The tool `" + tool + "` gave no answer within " + Server.CALL_TIMEOUT.toMinutes()
                    + " minutes; Tidemark stopped waiting (it may still be running).";
        }
        McpError mcp = find(error, McpError.class);
        if (mcp != null && mcp.getJsonRpcError() != null) {
            return "The server `" + server + "` could not run `" + tool + "`: " + mcp.getJsonRpcError().message();
        }
        String http = ofHttp(server, url, error);
        if (http != null) {
            return http;
        }
        return "The call to `" + tool + "` on `" + server + "` failed: " + describe(error);
    }

    private static String ofHttp(String server, String url, Throwable error) {
        if (url == null) {
            return null;
        }
        if (find(error, ConnectException.class) != null || find(error, HttpConnectTimeoutException.class) != null) {
            return "Could not connect to `" + server + "` at " + url + ": nothing answered there. Is the server running,"
                    + " and is the URL right?";
        }
        if (find(error, UnknownHostException.class) != null || find(error, UnresolvedAddressException.class) != null) {
            return "Could not find the host of `" + server + "` (" + url + "). Check the URL.";
        }
        String text = chain(error);
        if (text.contains("Authorization") || text.contains("401") || text.contains("403")) {
            return "`" + server + "` refused Tidemark (HTTP 401/403: not authorized). Check its headers, such as an"
                    + " API key or token.";
        }
        if (text.contains("Status code:404") || text.contains("Not Found")) {
            return "`" + server + "` has no MCP endpoint at " + url + " (HTTP 404). Check the URL.";
        }
        if (text.contains("Status code:")) {
            return "`" + server + "` at " + url + " answered with an error: " + describe(error);
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return (T) t;
            }
        }
        return null;
    }

    private static String chain(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(' ').append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** The innermost message, cut short; no stack trace and no class name unless nothing else is known. */
    private static String describe(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return "an unexpected " + error.getClass().getSimpleName() + ".";
        }
        message = message.strip();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
