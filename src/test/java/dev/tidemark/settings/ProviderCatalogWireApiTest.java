package dev.tidemark.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.EventCollector;
import dev.tidemark.provider.RequestOrigin;
import dev.tidemark.provider.TestHttp;
import dev.tidemark.testing.responses.ResponsesTestServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which of OpenAI's wire APIs the catalog builds (issue 18): the Responses API on OpenAI's own URL,
 * Chat Completions elsewhere unless chosen, the command line's {@code --api/--background} and what
 * it refuses; the built provider's origin and resumability, and a real request on loopback.
 */
class ProviderCatalogWireApiTest {

    private static final String KEY = "sk-catalog-wire-secret-0123456789";

    @TempDir
    Path dataDir;

    private final ResponsesTestServer server = ResponsesTestServer.start();
    private final OkHttpClient http = TestHttp.newClient();

    @AfterEach
    void tearDown() {
        TestHttp.shutdown(http);
        server.close();
    }

    private ProviderCatalog catalog(Map<String, String> env, List<ProviderConfig> configured) throws Exception {
        ProviderSettings settings = ProviderSettings.of(dataDir, Settings.defaults(),
                ApiKeys.with(Optional.empty(), dataDir, env, p -> { }), Runnable::run);
        settings.update(configured, Map.of(), Set.of()).get();
        return new ProviderCatalog(http, env, Duration.ofMillis(1), settings);
    }

    private static RequestOrigin origin(ChatProvider provider) {
        return provider.origin().orElseThrow();
    }

    @Test
    void theOpenAiPresetOnOpenAisOwnUrlSpeaksTheResponsesApiAndAnyOtherUrlChatCompletions() throws Exception {
        ProviderCatalog own = catalog(Map.of("OPENAI_API_KEY", KEY), List.of());
        ChatProvider openai = own.create("openai", null);
        assertThat(origin(openai)).isEqualTo(new RequestOrigin("responses", "https://api.openai.com/v1", false));
        assertThat(openai.resumable()).isPresent();
        assertThat(openai.resumable().orElseThrow().background()).isFalse();

        ProviderCatalog elsewhere = catalog(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl()), List.of());
        assertThat(origin(elsewhere.create("openai", null)).api()).isEqualTo("chat");
        assertThat(elsewhere.create("openai", null).resumable()).isEmpty();
        assertThat(origin(own.create("openai", server.baseUrl(), null, null)).api())
                .as("--base-url without --api").isEqualTo("chat");
    }

    @Test
    void apiAndBackgroundChosenOnTheCommandLineReachTheWire() throws Exception {
        ProviderCatalog catalog = catalog(Map.of("OPENAI_API_KEY", KEY), List.of());
        server.script(List.of("Hello", " there."), Duration.ZERO);
        ChatProvider provider = catalog.create("openai", server.baseUrl(), WireApi.RESPONSES, true);
        assertThat(origin(provider)).isEqualTo(new RequestOrigin("responses", server.baseUrl(), true));

        EventCollector events = new EventCollector();
        provider.stream(new ChatRequest("gpt-4.1", null, List.of(new ChatRequest.Turn(Role.USER, "Hi"))), events);
        events.awaitDone();
        assertThat(events.text()).isEqualTo("Hello there.");
        assertThat(events.events()).contains(new StreamEvent.Remote(server.lastResponseId()));
        JsonNode body = TestHttp.json(server.requests().get(0).body());
        assertThat(body.path("background").asBoolean()).isTrue();
        assertThat(server.requests().get(0).path()).isEqualTo("/v1/responses");

        ChatProvider plain = catalog.create("openai", server.baseUrl(), WireApi.RESPONSES, false);
        assertThat(origin(plain).background()).isFalse();
        assertThat(origin(catalog.create("openai", null, WireApi.CHAT, null)).api()).isEqualTo("chat");
    }

    @Test
    void aConfiguredProviderChoosesItsApiAndBackgroundInItsSettings() throws Exception {
        ProviderConfig local = ProviderConfig.fromPreset(ProviderPresets.find("custom").orElseThrow(), "local",
                server.baseUrl()).withApi(WireApi.RESPONSES, true);
        ProviderCatalog catalog = catalog(Map.of(), List.of(local));
        ChatProvider provider = catalog.create("local", null);
        assertThat(origin(provider)).isEqualTo(new RequestOrigin("responses", server.baseUrl(), true));
        assertThat(provider.resumable().orElseThrow().background()).isTrue();
        assertThat(origin(catalog.create("local", null, null, false)).background())
                .as("--no-background wins over the setting").isFalse();
    }

    @Test
    void apiOrBackgroundForAProviderThatDoesNotSpeakOpenAisProtocolsIsRefusedInWords() throws Exception {
        ProviderCatalog catalog = catalog(Map.of("ANTHROPIC_API_KEY", KEY), List.of());
        assertThatThrownBy(() -> catalog.create("anthropic", null, WireApi.RESPONSES, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--api and --background are for providers that speak OpenAI's protocols;"
                        + " 'anthropic' speaks Anthropic Messages.");
        assertThatThrownBy(() -> catalog.create("anthropic", null, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Anthropic Messages");
        assertThatThrownBy(() -> catalog.create("demo", null, null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offline demo");
        assertThat(origin(catalog.create("anthropic", null, null, null)).api()).isEqualTo("messages");
    }

    @Test
    void backgroundWithChatCompletionsIsRefusedInWords() throws Exception {
        ProviderCatalog catalog = catalog(Map.of("OPENAI_API_KEY", KEY), List.of());
        assertThatThrownBy(() -> catalog.create("openai", null, WireApi.CHAT, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--background needs the Responses API");
        assertThatThrownBy(() -> catalog.create("openai", server.baseUrl(), null, true))
                .as("--base-url means Chat Completions unless --api responses")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--background needs the Responses API");
    }
}
