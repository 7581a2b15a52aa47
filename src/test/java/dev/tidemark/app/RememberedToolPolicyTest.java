package dev.tidemark.app;

import dev.tidemark.chat.ToolPolicy;
import dev.tidemark.model.ToolCall;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.McpServerConfig;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's policy: "Always allow" remembered in settings.json's alwaysAllow, nothing else decided. */
class RememberedToolPolicyTest {

    @TempDir
    Path dataDir;

    private final List<String> problems = new CopyOnWriteArrayList<>();

    private ProviderSettings open() {
        return ProviderSettings.of(dataDir, Settings.load(dataDir, p -> problems.add(p.message())),
                ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message())), Runnable::run);
    }

    private static ToolCall call(String server, String tool) {
        return new ToolCall("call-1", server + "__" + tool, "{}").requested(server, tool);
    }

    @Test
    void alwaysAllowIsRememberedInTheSettingsAndDecidesOnlyThatTool() throws Exception {
        ProviderSettings settings = open();
        settings.mcpServers().update(List.of(McpServerConfig.stdio("files", "files-server", List.of(), Map.of(), null),
                McpServerConfig.stdio("mail", "mail-server", List.of(), Map.of(), null))).get(5, TimeUnit.SECONDS);
        ToolPolicy policy = new RememberedToolPolicy(settings.mcpServers(), p -> problems.add(p.message()));
        assertThat(policy.decide(call("files", "read"))).isEmpty();

        policy.alwaysAllow("files", "read");
        assertThat(policy.decide(call("files", "read"))).contains(ToolPolicy.Decision.ALLOWED_BY_RULE);
        assertThat(policy.decide(call("files", "write"))).isEmpty();
        assertThat(policy.decide(call("mail", "read"))).isEmpty();
        assertThat(policy.decide(new ToolCall("call-2", "read", "{}"))).isEmpty(); // not routed: ask

        settings.flush().get(5, TimeUnit.SECONDS);
        assertThat(Files.readString(dataDir.resolve(Settings.FILE_NAME))).contains("\"alwaysAllow\" : [ \"read\" ]");
        ToolPolicy afterRestart = new RememberedToolPolicy(open().mcpServers(), p -> problems.add(p.message()));
        assertThat(afterRestart.decide(call("files", "read"))).contains(ToolPolicy.Decision.ALLOWED_BY_RULE);
        assertThat(afterRestart.decide(call("files", "write"))).isEmpty();
        assertThat(problems).isEmpty();
    }
}
