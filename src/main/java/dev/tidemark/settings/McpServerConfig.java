package dev.tidemark.settings;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One MCP server as configured: an entry of {@code "mcpServers"} in {@code settings.json}, in the
 * shape other clients use — {@code {"command": …, "args": […], "env": {…}, "cwd": …}} for a server
 * run as a child process (stdio), {@code {"url": …, "headers": {…}}} for one reached over
 * Streamable HTTP — plus Tidemark's (and Cline's) switches {@code "disabled"},
 * {@code "disabledTools"} and {@code "alwaysAllow"}.
 *
 * <p>The values of {@code env} and {@code headers} here are the real ones: secrets saved with the
 * keys are filled in before a config reaches the servers ({@code McpServerSettings}). Never log a
 * config or print its values: use {@link #toString()}, which names no value.
 *
 * @param name          the server's name, unique (the key in {@code mcpServers})
 * @param command       the program to run (stdio); null for an HTTP server
 * @param args          its arguments
 * @param env           environment variables added to Tidemark's for it
 * @param cwd           its working directory; null: Tidemark's
 * @param url           the Streamable HTTP endpoint; null for a stdio server
 * @param headers       HTTP headers sent with every request to it
 * @param enabled       false: switched off (never started, no tools offered)
 * @param disabledTools tools of this server switched off (their MCP names)
 * @param alwaysAllow   tools of this server the person allowed to run without asking (their MCP names)
 */
public record McpServerConfig(String name, String command, List<String> args, Map<String, String> env, String cwd,
                              String url, Map<String, String> headers, boolean enabled, Set<String> disabledTools,
                              Set<String> alwaysAllow) {

    public McpServerConfig {
        Objects.requireNonNull(name, "name");
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        headers = headers == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        disabledTools = disabledTools == null ? Set.of()
                : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(disabledTools));
        alwaysAllow = alwaysAllow == null ? Set.of()
                : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(alwaysAllow));
        if ((command == null) == (url == null)) {
            throw new IllegalArgumentException("The MCP server \"" + name + "\" needs either a \"command\" (a program"
                    + " to run) or a \"url\" (a Streamable HTTP endpoint), not both.");
        }
    }

    /** A server run as a child process, talking over its standard input and output. */
    public static McpServerConfig stdio(String name, String command, List<String> args, Map<String, String> env,
                                        String cwd) {
        return new McpServerConfig(name, command, args, env, cwd, null, Map.of(), true, Set.of(), Set.of());
    }

    /** A server reached over Streamable HTTP. */
    public static McpServerConfig http(String name, String url, Map<String, String> headers) {
        return new McpServerConfig(name, null, List.of(), Map.of(), null, url, headers, true, Set.of(), Set.of());
    }

    public boolean isStdio() {
        return command != null;
    }

    public McpServerConfig withEnabled(boolean on) {
        return new McpServerConfig(name, command, args, env, cwd, url, headers, on, disabledTools, alwaysAllow);
    }

    public McpServerConfig withDisabledTools(Set<String> tools) {
        return new McpServerConfig(name, command, args, env, cwd, url, headers, enabled, tools, alwaysAllow);
    }

    public McpServerConfig withAlwaysAllow(Set<String> tools) {
        return new McpServerConfig(name, command, args, env, cwd, url, headers, enabled, disabledTools, tools);
    }

    /** Names the server and how it is reached, never a value of its environment or headers. */
    @Override
    public String toString() {
        return "McpServerConfig[" + name + (isStdio() ? ", command " + command : ", url " + url)
                + (env.isEmpty() ? "" : ", env " + env.keySet()) + (headers.isEmpty() ? "" : ", headers " + headers.keySet())
                + (enabled ? "" : ", disabled") + "]";
    }
}
