package dev.tidemark.settings;

import dev.tidemark.journal.ForcePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The providers part of settings.json: round trip, schema, damage, and never a key. */
class ProviderSettingsFileTest {

    private static final String KEY = "gsk_SECRETkey0123456789abcdefXYZ";

    @TempDir
    Path dataDir;

    private final List<String> problems = new ArrayList<>();

    private Path file() {
        return dataDir.resolve(Settings.FILE_NAME);
    }

    @Test
    void configuredProvidersRoundTripWithHeadersProxyAndModel() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("HTTP-Referer", "https://example.org");
        headers.put("X-Title", "Tidemark");
        ProviderConfig groq = new ProviderConfig("groq", "Groq at work", "groq", Protocol.OPENAI_COMPATIBLE,
                "https://api.groq.com/openai/v1", AuthStyle.BEARER, "GROQ_API_KEY", "llama-3.1-8b-instant", headers,
                ProxyChoice.manual(ProxyChoice.Mode.HTTP, "proxy.example", 3128));
        ProviderConfig local = ProviderConfig.fromPreset(ProviderPresets.OLLAMA, "ollama", null)
                .withModel("qwen3:8b");
        Settings.load(dataDir, p -> problems.add(p.message())).withProviders(List.of(groq, local)).save(dataDir);

        Settings read = Settings.load(dataDir, p -> problems.add(p.message()));
        assertThat(problems).isEmpty();
        assertThat(read.providers()).containsExactly(groq, local);
        assertThat(read.providers().get(0).headers().keySet()).containsExactly("HTTP-Referer", "X-Title");
        assertThat(Files.readString(file())).contains("\"schemaVersion\" : 2");
    }

    @Test
    void savingKeepsTheJournalOptionsAndFieldsThisVersionDoesNotKnow() throws Exception {
        Files.writeString(file(), "{\"journal\":{\"force\":\"always\"},\"theme\":{\"accent\":\"teal\"}}");
        Settings.load(dataDir, p -> problems.add(p.message()))
                .withProviders(List.of(ProviderConfig.fromPreset(ProviderPresets.DEEPSEEK, "deepseek", null)))
                .save(dataDir);

        Settings read = Settings.load(dataDir, p -> problems.add(p.message()));
        assertThat(read.journal().policy()).isEqualTo(ForcePolicy.ALWAYS);
        assertThat(read.providers()).extracting(ProviderConfig::id).containsExactly("deepseek");
        assertThat(Files.readString(file())).contains("\"accent\" : \"teal\"");
        assertThat(problems).isEmpty();
    }

    @Test
    void anUnreadableFileIsReportedNotFatalAndKeptAsideBeforeItIsReplaced() throws Exception {
        Files.writeString(file(), "{\"providers\": [ {\"id\": \"oops\"");
        Settings broken = Settings.load(dataDir, p -> problems.add(p.message()));
        assertThat(broken.providers()).isEmpty();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).contains("using the default settings"));

        broken.withProviders(List.of(ProviderConfig.fromPreset(ProviderPresets.MISTRAL, "mistral", null)))
                .save(dataDir);
        assertThat(Files.readString(dataDir.resolve(Settings.UNREADABLE_COPY))).isEqualTo("{\"providers\": [ {\"id\": \"oops\"");
        assertThat(Settings.load(dataDir, p -> problems.add(p.message())).providers()).extracting(ProviderConfig::id)
                .containsExactly("mistral");
    }

    @Test
    void aBadProviderEntryIsSkippedWithAReasonAndKeptInTheFile() throws Exception {
        Files.writeString(file(), """
                {"schemaVersion": 2, "providers": [
                  {"id": "good", "preset": "groq"},
                  {"id": "Bad Id!", "baseUrl": "http://x/v1"},
                  {"id": "noproto", "protocol": "smoke-signals", "baseUrl": "http://x/v1"}
                ]}""");
        Settings read = Settings.load(dataDir, p -> problems.add(p.message()));
        assertThat(read.providers()).extracting(ProviderConfig::id).containsExactly("good");
        assertThat(read.providers().get(0).baseUrl()).isEqualTo(ProviderPresets.GROQ.baseUrl());
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("provider 2 is skipped").contains("lower-case");
        assertThat(problems.get(1)).contains("provider 3 is skipped").contains("smoke-signals");

        read.save(dataDir);
        assertThat(Files.readString(file())).contains("Bad Id!").contains("smoke-signals");
    }

    @Test
    void aFileFromANewerTidemarkIsReadButNotOverwritten() throws Exception {
        Files.writeString(file(), "{\"schemaVersion\": 99, \"providers\": [{\"id\": \"groq\", \"preset\": \"groq\"}]}");
        Settings read = Settings.load(dataDir, p -> problems.add(p.message()));
        assertThat(read.providers()).extracting(ProviderConfig::id).containsExactly("groq");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).contains("newer Tidemark"));
        assertThatThrownBy(() -> read.withProviders(List.of()).save(dataDir))
                .hasMessageContaining("does not overwrite");
        assertThat(Files.readString(file())).contains("99");
    }

    @Test
    void aKeyWrittenIntoTheFileByHandIsNotReadAndLeavesAtTheNextSave() throws Exception {
        Files.writeString(file(), "{\"providers\": [{\"id\": \"groq\", \"preset\": \"groq\", \"apiKey\": \"" + KEY
                + "\"}]}");
        Settings read = Settings.load(dataDir, p -> problems.add(p.message()));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).contains("never reads keys")
                .doesNotContain(KEY));
        read.save(dataDir);
        assertThat(Files.readString(file())).doesNotContain(KEY).contains("\"groq\"");
    }

    @Test
    void savingProvidersAndKeysNeverPutsAKeyInSettingsJson() throws Exception {
        ApiKeys keys = ApiKeys.with(java.util.Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        ProviderSettings settings = ProviderSettings.of(dataDir, Settings.load(dataDir, p -> problems.add(p.message())), keys,
                Runnable::run);
        settings.update(List.of(ProviderConfig.fromPreset(ProviderPresets.GROQ, "groq", null)),
                Map.of("groq", KEY), Set.of()).get();

        assertThat(Files.readString(file())).contains("groq").doesNotContain(KEY).doesNotContain("SECRET");
        assertThat(keys.saved("groq")).get().extracting(ApiKeys.Resolved::value).isEqualTo(KEY);
        assertThat(problems).isEmpty();
    }

    @Test
    void theHeadersThatCarryTheProvidersOwnKeyAreRefusedForTheKeyField() {
        for (String name : List.of("Authorization", "x-api-key", "Proxy-Authorization")) {
            assertThatThrownBy(() -> new ProviderConfig("x", null, null, Protocol.OPENAI_COMPATIBLE, "http://h/v1",
                    AuthStyle.BEARER, null, null, Map.of(name, "Bearer " + KEY), ProxyChoice.SYSTEM))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("key field")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        }
    }

    @Test
    void badUrlsIdsAndProxiesAreRefusedInWords() {
        assertThatThrownBy(() -> ProviderConfig.fromPreset(ProviderPresets.CUSTOM, "mine", "localhost:11434"))
                .hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> ProviderConfig.fromPreset(ProviderPresets.CUSTOM, "mine", null))
                .hasMessageContaining("needs a base URL");
        assertThatThrownBy(() -> ProviderConfig.fromPreset(ProviderPresets.CUSTOM, "demo", "http://h/v1"))
                .hasMessageContaining("built-in offline demo");
        assertThatThrownBy(() -> ProviderConfig.fromPreset(ProviderPresets.CUSTOM, "x", "http://user:" + KEY + "@h/v1"))
                .hasMessageContaining("no user name or password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        assertThatThrownBy(() -> ProxyChoice.manual(ProxyChoice.Mode.SOCKS, "h", 70000))
                .hasMessageContaining("1 to 65535");
    }
}
