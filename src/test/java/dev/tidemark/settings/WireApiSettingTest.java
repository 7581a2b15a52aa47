package dev.tidemark.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider's {@code api} and {@code background} in settings.json (issue 18): saved, read back, left
 * out when they are the defaults; a value this version cannot use is said, read as the default, and
 * written back as it was. The offer of background runs is remembered.
 */
class WireApiSettingTest {

    @TempDir
    Path dataDir;

    private final List<String> problems = new ArrayList<>();

    private static ProviderConfig box() {
        return new ProviderConfig("box", "Box", "custom", Protocol.OPENAI_COMPATIBLE, "http://127.0.0.1:8080/v1",
                AuthStyle.NONE, null, "m", Map.of(), ProxyChoice.DIRECT, AttachmentSupport.GUESS);
    }

    private Settings load() {
        return Settings.load(dataDir, p -> problems.add(p.message()));
    }

    private String file() throws Exception {
        return Files.readString(dataDir.resolve(Settings.FILE_NAME));
    }

    @Test
    void theApiAndBackgroundAreSavedAndReadBack() throws Exception {
        load().withProviders(List.of(box().withApi(WireApi.RESPONSES, true))).save(dataDir);
        assertThat(file()).contains("\"api\" : \"responses\"").contains("\"background\" : true");

        ProviderConfig read = load().providers().get(0);
        assertThat(read.api()).isEqualTo(WireApi.RESPONSES);
        assertThat(read.background()).isTrue();
        assertThat(read.usesResponses()).isTrue();
        assertThat(problems).isEmpty();

        load().withProviders(List.of(read.withApi(WireApi.CHAT, false))).save(dataDir);
        assertThat(load().providers().get(0).api()).isEqualTo(WireApi.CHAT);
        assertThat(file()).contains("\"api\" : \"chat\"").doesNotContain("background");
    }

    @Test
    void automaticAndNoBackgroundAreLeftOutSoOlderFilesStayAsTheyWere() throws Exception {
        load().withProviders(List.of(box())).save(dataDir);
        assertThat(file()).doesNotContain("\"api\"").doesNotContain("background");
        ProviderConfig read = load().providers().get(0);
        assertThat(read.api()).isEqualTo(WireApi.AUTO);
        assertThat(read.background()).isFalse();
    }

    @Test
    void valuesThisVersionCannotUseAreSaidReadAsTheDefaultsAndKeptInTheFile() throws Exception {
        Files.writeString(dataDir.resolve(Settings.FILE_NAME), "{\"schemaVersion\": 2, \"providers\": ["
                + "{\"id\": \"odd\", \"preset\": \"custom\", \"protocol\": \"openai-compatible\","
                + " \"baseUrl\": \"http://127.0.0.1:2/v1\", \"auth\": \"none\", \"api\": \"realtime\","
                + " \"background\": \"yes\"}]}");

        Settings read = load();

        assertThat(read.providers()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("odd");
            assertThat(p.api()).isEqualTo(WireApi.AUTO);
            assertThat(p.background()).isFalse();
        });
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("odd").contains("api").contains("\"realtime\"")
                .contains("auto, chat, responses").contains("choosing automatically");
        assertThat(problems.get(1)).contains("odd").contains("background").contains("\"yes\"")
                .contains("not true or false");

        read.withProviders(read.providers()).save(dataDir);
        assertThat(file()).contains("\"api\" : \"realtime\"").contains("\"background\" : \"yes\"");

        // chosen here, the new choice replaces what was not understood
        read.withProviders(List.of(read.providers().get(0).withApi(WireApi.RESPONSES, true))).save(dataDir);
        assertThat(file()).contains("\"api\" : \"responses\"").contains("\"background\" : true")
                .doesNotContain("realtime").doesNotContain("\"yes\"");
    }

    @Test
    void theOfferOfBackgroundRunsIsRememberedAndTurningThemOnSavesThem() throws Exception {
        load().withProviders(List.of(box())).save(dataDir);
        ProviderSettings settings = ProviderSettings.of(dataDir, load(), ApiKeys.environmentOnly(Map.of()),
                Runnable::run);
        assertThat(settings.backgroundRunsOffered()).isFalse();

        settings.markBackgroundRunsOffered().get(10, TimeUnit.SECONDS);
        settings.turnOnBackgroundRuns("box").get(10, TimeUnit.SECONDS);

        assertThat(settings.find("box").orElseThrow().background()).isTrue();
        Settings again = load();
        assertThat(again.backgroundRunsOffered()).isTrue();
        assertThat(again.providers().get(0).api()).as("Chat Completions elsewhere: switched to the Responses API")
                .isEqualTo(WireApi.RESPONSES);
        assertThat(again.providers().get(0).background()).isTrue();
        assertThat(problems).isEmpty();
    }
}
