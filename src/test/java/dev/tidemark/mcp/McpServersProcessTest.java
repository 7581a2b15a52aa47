package dev.tidemark.mcp;

import dev.tidemark.chat.ToolHost.ToolRun;
import dev.tidemark.model.ToolResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tidemark.mcp.McpServersStdioTest.server;
import static dev.tidemark.mcp.McpServersStdioTest.tool;
import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stdio server's whole process tree (the test server started with {@code --grandchild} has a
 * {@code sleep} child, as an {@code npx} server has its {@code node}) ends with {@link McpServers#close()}
 * and with a restart; a server that dies mid-call ends that call in words.
 */
class McpServersProcessTest {

    private static final Pattern GRANDCHILD = Pattern.compile("grandchild (\\d+)");

    private McpServers servers;

    @AfterEach
    void closeServers() {
        if (servers != null) {
            servers.close();
        }
    }

    private long grandchild(String server, Set<Long> not) {
        long[] pid = new long[1];
        patiently().until(() -> {
            Matcher matcher = GRANDCHILD.matcher(servers.log(server));
            while (matcher.find()) {
                long found = Long.parseLong(matcher.group(1));
                if (!not.contains(found)) {
                    pid[0] = found;
                    return true;
                }
            }
            return false;
        });
        return pid[0];
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void closeEndsTheServerAndItsGrandchild() throws Exception {
        servers = new McpServers(List.of(server("tree", Map.of(), null, "--grandchild")), null);
        servers.ready().get(60, TimeUnit.SECONDS);
        long pid = grandchild("tree", Set.of());
        List<ProcessHandle> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
        assertThat(alive(pid)).isTrue();

        servers.close();

        patiently().until(() -> !alive(pid));
        patiently().until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void restartEndsTheOldTreeAndStartsAFreshOne() throws Exception {
        servers = new McpServers(List.of(server("tree", Map.of(), null, "--grandchild")), null);
        servers.ready().get(60, TimeUnit.SECONDS);
        long first = grandchild("tree", Set.of());

        McpServers.Status status = servers.restart("tree").get(60, TimeUnit.SECONDS);

        assertThat(status.state()).isEqualTo(McpServers.State.READY);
        patiently().until(() -> !alive(first));
        long second = grandchild("tree", Set.of(first));
        assertThat(alive(second)).isTrue();
        assertThat(MCP.echo(servers)).isEqualTo(ToolResult.text("again"));
    }

    @Test
    void aServerThatDiesMidCallEndsTheCallInWordsAndFails() throws Exception {
        servers = new McpServers(List.of(server("mortal", Map.of(), null)), null);
        servers.ready().get(60, TimeUnit.SECONDS);
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        ToolRun run = servers.call(tool(servers, "slow"), "{\"millis\":20000}", (d, t, m) -> progress.add(m));
        patiently().until(() -> !progress.isEmpty());
        ProcessHandle serverProcess = servers.process("mortal");

        serverProcess.destroyForcibly();

        assertThat(run.result().get(20, TimeUnit.SECONDS)).isEqualTo(
                ToolResult.failure("The server `mortal` stopped while the tool ran; it may have run."));
        patiently().until(() -> servers.statuses().get(0).state() == McpServers.State.FAILED);
        assertThat(servers.statuses().get(0).error()).contains("`mortal` stopped");
        assertThat(servers.offered()).isEmpty();
    }

    /** A small call to see a server answers. */
    private static final class MCP {
        static ToolResult echo(McpServers servers) throws Exception {
            return servers.call(tool(servers, "echo"), "{\"text\":\"again\"}", null).result().get(60, TimeUnit.SECONDS);
        }
    }
}
