package dev.tidemark.mcp;

import dev.tidemark.chat.ToolHost.OfferedTool;
import dev.tidemark.model.ToolResult;
import dev.tidemark.settings.McpServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.mcp.McpServersStdioTest.server;
import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

/** Two servers with the same tools: their names offered, and a new configuration taken while they run. */
class McpServersReconfigureTest {

    private McpServers servers;

    @AfterEach
    void closeServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void toolSwitchesApplyAtOnceAndChangedOrRemovedServersStop() throws Exception {
        McpServerConfig a = server("a", Map.of(), null);
        McpServerConfig b = server("b", Map.of(), null);
        servers = new McpServers(List.of(a, b), null);
        servers.ready().get(60, TimeUnit.SECONDS);
        assertThat(servers.offered()).extracting(OfferedTool::wireName).containsExactly(
                "a__echo", "a__add", "a__fail", "a__slow", "a__append", "a__picture",
                "b__echo", "b__add", "b__fail", "b__slow", "b__append", "b__picture");
        ProcessHandle aProcess = servers.process("a");
        ProcessHandle bProcess = servers.process("b");
        OfferedTool aFail = servers.offered().get(2);

        servers.reconfigure(List.of(a.withDisabledTools(Set.of("fail")), b));

        assertThat(servers.process("a")).isEqualTo(aProcess);
        assertThat(servers.statuses().get(0).state()).isEqualTo(McpServers.State.READY);
        assertThat(servers.statuses().get(0).tools()).filteredOn(t -> !t.enabled())
                .extracting(McpServers.ToolInfo::name).containsExactly("fail");
        assertThat(servers.offered()).extracting(OfferedTool::wireName).contains("fail").doesNotContain("a__fail");
        assertThat(servers.call(aFail, "{}", null).result().get(10, TimeUnit.SECONDS))
                .isEqualTo(ToolResult.failure("The tool `fail` of `a` is switched off."));

        McpServerConfig bChanged = server("b", Map.of("SOME_SETTING", "1"), null);
        servers.reconfigure(List.of(bChanged));

        patiently().until(() -> !aProcess.isAlive() && !bProcess.isAlive());
        assertThat(servers.statuses()).extracting(McpServers.Status::server, McpServers.Status::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", McpServers.State.STOPPED));
        servers.ready().get(60, TimeUnit.SECONDS);
        assertThat(servers.statuses().get(0).state()).isEqualTo(McpServers.State.READY);
        assertThat(servers.offered()).extracting(OfferedTool::wireName).contains("echo");

        servers.reconfigure(List.of(bChanged.withEnabled(false)));

        assertThat(servers.statuses().get(0).state()).isEqualTo(McpServers.State.DISABLED);
        assertThat(servers.offered()).isEmpty();
    }
}
