package dev.tidemark.settings;

import dev.tidemark.chat.ProviderCatalog;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Headers named like credentials ({@code Helicone-Auth}, {@code Ocp-Apim-Subscription-Key}, …):
 * saved with the keys, never in settings.json, and sent with every request.
 */
class CredentialHeadersTest {

    private static final String HELICONE = "Bearer sk-helicone-SECRET0123456789abcdef";
    private static final String APIM = "apim0SECRET0123456789abcdef";

    @TempDir
    Path dataDir;

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
    private final List<String> problems = new ArrayList<>();

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ProviderSettings open() {
        ApiKeys keys = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        return ProviderSettings.of(dataDir, Settings.load(dataDir, p -> problems.add(p.message())), keys, Runnable::run);
    }

    private String settingsFile() throws Exception {
        return new String(Files.readAllBytes(dataDir.resolve(Settings.FILE_NAME)), StandardCharsets.UTF_8);
    }

    private RecordedRequest listModelsThrough(ProviderSettings settings) throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"object\":\"list\",\"data\":[{\"id\":\"m\"}]}").build());
        new ProviderCatalog(http, Map.of(), Duration.ofMillis(1), settings).create("gateway", null)
                .listModels().get(5, TimeUnit.SECONDS);
        return server.takeRequest(5, TimeUnit.SECONDS);
    }

    private ProviderConfig gateway(Map<String, String> headers) {
        return new ProviderConfig("gateway", "Gateway", "custom", Protocol.OPENAI_COMPATIBLE,
                server.url("/v1").toString(), AuthStyle.BEARER, null, "m", headers, ProxyChoice.DIRECT);
    }

    @Test
    void credentialHeadersAreSavedWithTheKeysNotInSettingsJsonAndStillSent() throws Exception {
        server.start();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Helicone-Auth", HELICONE);
        headers.put("Ocp-Apim-Subscription-Key", APIM);
        headers.put("X-Title", "Tidemark");
        open().update(List.of(gateway(headers)), Map.of(), Set.of()).get(5, TimeUnit.SECONDS);

        String file = settingsFile();
        assertThat(file).doesNotContain("SECRET").doesNotContain("sk-helicone")
                .contains("\"X-Title\" : \"Tidemark\"").contains("Helicone-Auth").contains("savedWithKeys");
        assertThat(Files.readString(dataDir.resolve(KeyFile.FILE_NAME))).contains(HELICONE).contains(APIM);

        ProviderSettings reopened = open(); // a new run: the values come back from the key file
        assertThat(reopened.find("gateway").orElseThrow().headers()).containsExactlyInAnyOrderEntriesOf(headers);
        RecordedRequest request = listModelsThrough(reopened);
        assertThat(request.getHeaders().get("Helicone-Auth")).isEqualTo(HELICONE);
        assertThat(request.getHeaders().get("Ocp-Apim-Subscription-Key")).isEqualTo(APIM);
        assertThat(request.getHeaders().get("X-Title")).isEqualTo("Tidemark");
        assertThat(problems).isEmpty();
    }

    @Test
    void anOldSettingsFileWithTheValueInPlainTextWorksAsItIsAndLosesTheValueAtTheNextSave() throws Exception {
        server.start();
        Files.writeString(dataDir.resolve(Settings.FILE_NAME), "{\"schemaVersion\":2,\"providers\":[{\"id\":\"gateway\","
                + "\"preset\":\"custom\",\"baseUrl\":\"" + server.url("/v1") + "\",\"model\":\"m\","
                + "\"headers\":{\"X-Auth-Token\":\"" + APIM + "\"},\"proxy\":{\"mode\":\"direct\"}}]}");
        ProviderSettings settings = open();
        assertThat(listModelsThrough(settings).getHeaders().get("X-Auth-Token")).isEqualTo(APIM);

        settings.updateAppearance(new Appearance(Appearance.Theme.DARK, 14)).get(5, TimeUnit.SECONDS); // any save
        assertThat(settingsFile()).doesNotContain(APIM).doesNotContain("SECRET").contains("X-Auth-Token")
                .contains("savedWithKeys");
        assertThat(Files.readString(dataDir.resolve(KeyFile.FILE_NAME))).contains(APIM);
        assertThat(listModelsThrough(open()).getHeaders().get("X-Auth-Token")).isEqualTo(APIM);
        assertThat(problems).isEmpty();
    }

    @Test
    void aCredentialHeaderRemovedOrChangedInSettingsLeavesTheKeyStoreToo() throws Exception {
        server.start();
        ProviderSettings settings = open();
        settings.update(List.of(gateway(Map.of("Helicone-Auth", HELICONE))), Map.of(), Set.of()).get(5, TimeUnit.SECONDS);
        settings.update(List.of(gateway(Map.of("Helicone-Auth", "Bearer sk-helicone-NEW0123456789"))), Map.of(),
                Set.of()).get(5, TimeUnit.SECONDS);
        assertThat(Files.readString(dataDir.resolve(KeyFile.FILE_NAME))).doesNotContain(HELICONE)
                .contains("sk-helicone-NEW0123456789");
        settings.update(List.of(gateway(Map.of())), Map.of(), Set.of()).get(5, TimeUnit.SECONDS);
        assertThat(Files.readString(dataDir.resolve(KeyFile.FILE_NAME))).doesNotContain("sk-helicone");
    }

    @Test
    void whatLooksLikeACredentialIsTheWordsAuthKeyTokenSecret() {
        assertThat(List.of("Helicone-Auth", "Ocp-Apim-Subscription-Key", "X-Auth-Token", "api-key", "x-goog-api-key",
                "X-Client-Secret", "Cookie")).allMatch(ProviderConfig::isCredentialHeader);
        assertThat(List.of("HTTP-Referer", "X-Title", "OpenAI-Organization", "anthropic-version"))
                .noneMatch(ProviderConfig::isCredentialHeader);
    }

    @Test
    void aServiceThatEchoesACredentialHeaderHasItHiddenFromTheError() throws Exception {
        server.enqueue(new MockResponse.Builder().code(403).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Subscription key " + APIM + " is not valid.\"}}").build());
        server.start();
        ProviderSettings settings = open();
        settings.update(List.of(gateway(Map.of("Ocp-Apim-Subscription-Key", APIM))), Map.of(), Set.of())
                .get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> new ProviderCatalog(http, Map.of(), Duration.ofMillis(1), settings)
                .create("gateway", null).listModels().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(e.getCause().getMessage()).contains("HTTP 403").contains("is not valid")
                        .doesNotContain(APIM).doesNotContain("SECRET"));
    }
}
