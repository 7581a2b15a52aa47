package dev.tidemark.app;

import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.McpServerConfig;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** MCP servers' secrets (env values named like keys, header values) never reach the app's log file. */
class McpSecretsLogTest {

    private static final String ENV_TOKEN = "plain-looking-value-41x7"; // shaped like no known key
    private static final String HEADER = "team=blue;session=8c1f2e";

    @TempDir
    Path dataDir;

    private LogFile log;

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void theLogLeavesOutTheServersSecretsAndAConfigNamesNoValue() throws Exception {
        ProviderSettings settings = ProviderSettings.of(dataDir, Settings.defaults(),
                ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> { }), Runnable::run);
        McpServerConfig stdio = McpServerConfig.stdio("notes", "notes-server", List.of("--verbose"),
                Map.of("NOTES_TOKEN", ENV_TOKEN, "NOTES_DIR", "/srv/notes"), null);
        McpServerConfig http = McpServerConfig.http("remote", "https://mcp.example.org/mcp", Map.of("X-Session", HEADER));
        settings.mcpServers().update(List.of(stdio, http)).get(5, TimeUnit.SECONDS);
        log = new LogFile(dataDir, new Redactor(() -> Redactor.secretsOf(settings)), LogFile.LIMIT_BYTES);

        LogRecord record = new LogRecord(Level.WARNING, "MCP server notes failed: stderr says token " + ENV_TOKEN
                + " refused; remote sent X-Session: " + HEADER + "; configs " + List.of(stdio, http));
        record.setLoggerName(LogFile.LOGGER);
        record.setThrown(new IllegalStateException("handshake with " + HEADER + " failed"));
        log.publish(record);

        String text = Files.readString(dataDir.resolve("logs").resolve("tidemark.log"));
        assertThat(text).contains("MCP server notes failed").contains("NOTES_TOKEN").contains("[key hidden] refused")
                .doesNotContain(ENV_TOKEN).doesNotContain(HEADER).doesNotContain("8c1f2e");
    }
}
