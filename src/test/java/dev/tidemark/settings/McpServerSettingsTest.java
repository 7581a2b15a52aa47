package dev.tidemark.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MCP servers in settings.json, their secrets in the key store (the key file here), on the settings writer. */
class McpServerSettingsTest {

    private static final String GITHUB_TOKEN = "ghp_0123456789abcdefSECRETtoken";
    private static final String API_KEY = "sk-mcp-SECRETapikey-987654";
    private static final String BEARER = "Bearer SECRETheader-abcdef123";

    @TempDir
    Path dataDir;

    private final List<String> problems = new CopyOnWriteArrayList<>();

    private ProviderSettings open() {
        ApiKeys keys = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        return ProviderSettings.of(dataDir, Settings.load(dataDir, p -> problems.add(p.message())), keys,
                Runnable::run);
    }

    private static McpServerConfig github() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GITHUB_PERSONAL_ACCESS_TOKEN", GITHUB_TOKEN);
        env.put("OPENAI_API_KEY", API_KEY);
        env.put("LOG_LEVEL", "debug");
        return McpServerConfig.stdio("github", "npx", List.of("-y", "@modelcontextprotocol/server-github"), env,
                "/srv/work");
    }

    private static McpServerConfig remote() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", BEARER);
        headers.put("X-Team", "blue-team-42");
        return McpServerConfig.http("remote", "https://mcp.example.org/mcp", headers);
    }

    @Test
    void secretsGoToTheKeyStoreTheFileSaysSavedWithKeysAndLoadingFillsThemIn() throws Exception {
        ProviderSettings settings = open();
        settings.mcpServers().update(List.of(github(), remote())).get(5, TimeUnit.SECONDS);

        String file = Files.readString(dataDir.resolve(Settings.FILE_NAME));
        assertThat(file).doesNotContain(GITHUB_TOKEN).doesNotContain(API_KEY).doesNotContain("SECRETheader")
                .doesNotContain("blue-team-42") // every header value is a secret
                .contains("\"GITHUB_PERSONAL_ACCESS_TOKEN\" : {\n          \"savedWithKeys\" : true")
                .contains("\"OPENAI_API_KEY\" : {\n          \"savedWithKeys\" : true")
                .contains("\"Authorization\" : {\n          \"savedWithKeys\" : true")
                .contains("\"LOG_LEVEL\" : \"debug\"").contains("\"command\" : \"npx\"")
                .contains("\"url\" : \"https://mcp.example.org/mcp\"");
        String keyFile = Files.readString(dataDir.resolve(KeyFile.FILE_NAME));
        assertThat(keyFile).contains(GITHUB_TOKEN).contains(API_KEY).contains(BEARER).contains("blue-team-42")
                .contains("mcp:github:env:GITHUB_PERSONAL_ACCESS_TOKEN").contains("mcp:remote:header:authorization");

        ProviderSettings again = open();
        assertThat(again.mcpServers().configs()).containsExactly(github(), remote());
        assertThat(McpServerSettings.resolve(Settings.load(dataDir, p -> { }),
                ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> { }))).containsExactly(github(), remote());
        assertThat(Settings.load(dataDir, p -> { }).mcpServers().get(0).env())
                .containsEntry("GITHUB_PERSONAL_ACCESS_TOKEN", "").containsEntry("LOG_LEVEL", "debug");
        assertThat(problems).isEmpty();
    }

    @Test
    void aHandWrittenConfigWorksAsItIsUntilSettingsSavesItThenItsSecretsMove() throws Exception {
        Files.writeString(dataDir.resolve(Settings.FILE_NAME), """
                {"mcpServers": {"github": {"command": "npx", "args": ["-y", "server-github"], "type": "stdio",
                  "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "%s", "LOG_LEVEL": "debug"}, "timeout": 30}},
                 "theme": {"accent": "teal"}}""".formatted(GITHUB_TOKEN));
        ProviderSettings settings = open();
        assertThat(settings.mcpServers().configs().get(0).env()).containsEntry("GITHUB_PERSONAL_ACCESS_TOKEN",
                GITHUB_TOKEN);
        settings.updateAppearance(Appearance.DEFAULTS.withFontSize(15)).get(5, TimeUnit.SECONDS);
        assertThat(Files.exists(dataDir.resolve(KeyFile.FILE_NAME))).isFalse(); // nothing of the servers changed

        settings.mcpServers().setToolEnabled("github", "delete_repo", false).get(5, TimeUnit.SECONDS);
        String file = Files.readString(dataDir.resolve(Settings.FILE_NAME));
        assertThat(file).doesNotContain(GITHUB_TOKEN).contains("\"savedWithKeys\" : true")
                .contains("\"timeout\" : 30").contains("\"type\" : \"stdio\"").contains("\"accent\" : \"teal\"")
                .contains("\"disabledTools\" : [ \"delete_repo\" ]").contains("\"fontSize\" : 15");
        assertThat(Files.readString(dataDir.resolve(KeyFile.FILE_NAME))).contains(GITHUB_TOKEN);
        assertThat(open().mcpServers().configs().get(0).env()).containsEntry("GITHUB_PERSONAL_ACCESS_TOKEN",
                GITHUB_TOKEN);
    }

    @Test
    void removingAServerForgetsItsSecretsAndAnUnreadableEntryIsKept() throws Exception {
        Files.writeString(dataDir.resolve(Settings.FILE_NAME),
                "{\"mcpServers\": {\"broken\": {\"command\": 42}}}");
        ProviderSettings settings = open();
        assertThat(problems).singleElement().asString().contains("mcpServers.broken");
        settings.mcpServers().update(List.of(github(), remote())).get(5, TimeUnit.SECONDS);
        settings.mcpServers().remove("github").get(5, TimeUnit.SECONDS);

        String keyFile = Files.readString(dataDir.resolve(KeyFile.FILE_NAME));
        assertThat(keyFile).doesNotContain(GITHUB_TOKEN).doesNotContain(API_KEY).contains(BEARER);
        String file = Files.readString(dataDir.resolve(Settings.FILE_NAME));
        assertThat(file).contains("\"broken\"").contains("\"command\" : 42").doesNotContain("\"github\"");
        assertThat(open().mcpServers().configs()).containsExactly(remote());
    }

    @Test
    void aProviderChangeNeverOverwritesAServerChangeOnTheOneWriter() throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            ApiKeys keys = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
            ProviderSettings settings = ProviderSettings.of(dataDir, Settings.defaults(), keys, writer);
            settings.mcpServers().put(remote());
            settings.update(List.of(ProviderConfig.fromPreset(ProviderPresets.DEEPSEEK, "deepseek", null)),
                    Map.of(), Set.of());
            settings.mcpServers().alwaysAllow("remote", "search");
            settings.updateAppearance(Appearance.DEFAULTS.withFontSize(16));
            settings.flush().get(5, TimeUnit.SECONDS);

            ProviderSettings read = open();
            assertThat(read.providers()).extracting(ProviderConfig::id).containsExactly("deepseek");
            assertThat(read.mcpServers().configs()).containsExactly(remote().withAlwaysAllow(Set.of("search")));
            assertThat(read.mcpServers().isAlwaysAllowed("remote", "search")).isTrue();
            assertThat(read.appearance().fontSize()).isEqualTo(16);
        } finally {
            writer.shutdown();
        }
    }

    @Test
    void switchesAndEditsKeepTheOrderAndTellListeners() throws Exception {
        ProviderSettings settings = open();
        List<List<McpServerConfig>> told = new ArrayList<>();
        settings.mcpServers().addListener(told::add);
        McpServerSettings servers = settings.mcpServers();
        servers.update(List.of(github(), remote()));
        servers.setEnabled("github", false);
        servers.replace("github", github().withEnabled(false));
        McpServerConfig renamed = McpServerConfig.stdio("gh", "npx", List.of(), Map.of(), null);
        servers.replace("github", renamed).get(5, TimeUnit.SECONDS);
        assertThat(servers.configs()).extracting(McpServerConfig::name).containsExactly("gh", "remote");
        assertThat(told).hasSize(4);
        servers.put(remote()); // the same name: replaced where it is
        assertThatThrownBy(() -> servers.update(List.of(remote(), remote())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Two MCP servers are named");
        assertThat(servers.configs()).hasSize(2);
        assertThat(open().mcpServers().configs()).containsExactly(renamed, remote());
        // the old name's secrets are gone with it
        assertThat(Files.readString(dataDir.resolve(KeyFile.FILE_NAME))).doesNotContain(GITHUB_TOKEN);
    }

    @Test
    void aSecretMissingFromTheKeyStoreIsSaidInWordsAndLeftEmpty() throws Exception {
        open().mcpServers().update(List.of(github())).get(5, TimeUnit.SECONDS);
        Files.delete(dataDir.resolve(KeyFile.FILE_NAME));
        ProviderSettings again = open();
        assertThat(again.mcpServers().configs().get(0).env()).containsEntry("GITHUB_PERSONAL_ACCESS_TOKEN", "");
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("GITHUB_PERSONAL_ACCESS_TOKEN")
                .contains("MCP server 'github'").contains("Settings"));
    }

    @Test
    void configsAndTheSecretValuesNeverShowAValue() throws Exception {
        ProviderSettings settings = open();
        settings.mcpServers().update(List.of(github(), remote())).get(5, TimeUnit.SECONDS);
        assertThat(settings.mcpServers().configs().toString()).doesNotContain(GITHUB_TOKEN).doesNotContain(API_KEY)
                .doesNotContain("SECRETheader").contains("GITHUB_PERSONAL_ACCESS_TOKEN");
        assertThat(settings.mcpServers().secretValues()).containsExactlyInAnyOrder(GITHUB_TOKEN, API_KEY, BEARER,
                "blue-team-42");
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(KeyFile.FILE_NAME)).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain("SECRET");
            }
        }
    }

    @Test
    void secretNamesAreWordsOfTheName() {
        assertThat(List.of("GITHUB_PERSONAL_ACCESS_TOKEN", "API_KEY", "OPENAI_API_KEY", "apiKey", "db-password",
                "SLACK_BOT_TOKEN", "AWS_SECRET_ACCESS_KEY", "BRAVE_API_KEY", "GITLAB_PAT", "auth", "PG_PASSWORD",
                "X_AUTH", "GOOGLE_CREDENTIALS", "PASSWD"))
                .allSatisfy(n -> assertThat(McpSecrets.isSecretEnvName(n)).as(n).isTrue());
        assertThat(List.of("PATH", "KEYBOARD", "MONKEY_MODE", "HOME", "LOG_LEVEL", "AUTHOR", "TOKENIZER",
                "PATTERN", "NODE_ENV", "SECRETARY"))
                .allSatisfy(n -> assertThat(McpSecrets.isSecretEnvName(n)).as(n).isFalse());
    }
}
