package dev.tidemark.app;

import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderPresets;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** The log file: one line per record, stack traces, no keys, and bounded by rotation. */
class LogFileTest {

    private static final String ODD_KEY = "my-own-proxy-key-7f3a9c";

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
    void keysNeverReachTheFileNotEvenInAStackTrace() throws Exception {
        log = new LogFile(dataDir, new Redactor(() -> List.of(ODD_KEY)), LogFile.LIMIT_BYTES);
        LogRecord record = new LogRecord(Level.SEVERE, "request with " + ODD_KEY + " failed");
        record.setLoggerName(LogFile.LOGGER);
        record.setThrown(new IllegalStateException("HTTP 401: Incorrect API key provided: sk-proj-abcdef123456"));
        log.publish(record);

        String text = Files.readString(dataDir.resolve("logs").resolve("tidemark.log"));
        assertThat(text).contains("SEVERE dev.tidemark: request with [key hidden] failed")
                .contains("java.lang.IllegalStateException: HTTP 401: Incorrect API key provided: [key hidden]")
                .contains("at dev.tidemark.app.LogFileTest")
                .doesNotContain(ODD_KEY).doesNotContain("sk-proj-abcdef123456");
    }

    @Test
    void credentialHeadersOfConfiguredProvidersNeverReachTheFile() throws Exception {
        String helicone = "Bearer hel-0a1b2c3d4e5f"; // shaped like no known key: only its header's name gives it away
        ProviderSettings settings = ProviderSettings.of(dataDir, Settings.defaults(),
                ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> { }), Runnable::run);
        settings.update(List.of(ProviderConfig.fromPreset(ProviderPresets.CUSTOM, "gateway", "http://127.0.0.1:9/v1")
                .withHeaders(Map.of("Helicone-Auth", helicone, "X-Title", "Tidemark"))), Map.of(), Set.of())
                .get(5, TimeUnit.SECONDS);
        log = new LogFile(dataDir, new Redactor(() -> Redactor.secretsOf(settings)), LogFile.LIMIT_BYTES);
        LogRecord record = new LogRecord(Level.WARNING, "gateway answered 401 to Helicone-Auth: " + helicone
                + " (X-Title: Tidemark)");
        record.setLoggerName(LogFile.LOGGER);
        log.publish(record);

        String text = Files.readString(dataDir.resolve("logs").resolve("tidemark.log"));
        assertThat(text).contains("Helicone-Auth: [key hidden] (X-Title: Tidemark)").doesNotContain("hel-0a1b2c3d4e5f");
    }

    @Test
    void aFullFileMovesAsideAndOnlyAFewAreKept() throws Exception {
        log = new LogFile(dataDir, new Redactor(List::of), 2_000);
        for (int i = 0; i < 200; i++) {
            LogRecord record = new LogRecord(Level.INFO, "line " + i + " " + "x".repeat(80));
            record.setLoggerName(LogFile.LOGGER);
            log.publish(record);
        }
        Path logs = dataDir.resolve("logs");
        try (var files = Files.list(logs)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("tidemark.log", "tidemark.log.1", "tidemark.log.2", "tidemark.log.3");
        }
        assertThat(Files.size(logs.resolve("tidemark.log"))).isLessThanOrEqualTo(2_000);
        assertThat(Files.readString(logs.resolve("tidemark.log"))).contains("line 199");
    }

    @Test
    void keysInTheEnvironmentAreKnownByTheirVariableNames() {
        assertThat(Redactor.keysInEnvironment(Map.of("OPENAI_API_KEY", "sk-live-123456789", "GROQ_TOKEN", "abcdefgh",
                "PATH", "/usr/bin:/bin", "MY_SECRET", "x"))).containsExactlyInAnyOrder("sk-live-123456789", "abcdefgh");
    }
}
