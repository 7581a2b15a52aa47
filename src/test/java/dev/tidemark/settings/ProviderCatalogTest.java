package dev.tidemark.settings;

import dev.tidemark.chat.LazyHttpClient;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ProviderException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Presets and configured providers, built into the real adapters and exercised over loopback HTTP. */
class ProviderCatalogTest {

    private static final String KEY = "gsk_SECRETkey0123456789abcdefXYZ";

    @TempDir
    Path dataDir;

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
    private final List<String> problems = new ArrayList<>();

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ProviderCatalog catalog(Map<String, String> env, List<ProviderConfig> configured, Map<String, String> keys)
            throws Exception {
        ProviderSettings settings = ProviderSettings.of(dataDir, Settings.defaults(),
                ApiKeys.with(Optional.empty(), dataDir, env, p -> problems.add(p.message())), Runnable::run);
        settings.update(configured, keys, Set.of()).get();
        return new ProviderCatalog(http, env, Duration.ofMillis(1), settings);
    }

    @Test
    void everyPresetHasTheDocumentedUrlAuthAndKeyVariable() {
        record Row(String id, String url, Protocol protocol, AuthStyle auth, String variable) {
        }
        List<Row> expected = List.of(
                new Row("openai", "https://api.openai.com/v1", Protocol.OPENAI_COMPATIBLE, AuthStyle.BEARER, "OPENAI_API_KEY"),
                new Row("anthropic", "https://api.anthropic.com", Protocol.ANTHROPIC, AuthStyle.X_API_KEY, "ANTHROPIC_API_KEY"),
                new Row("openrouter", "https://openrouter.ai/api/v1", Protocol.OPENAI_COMPATIBLE, AuthStyle.BEARER, "OPENROUTER_API_KEY"),
                new Row("groq", "https://api.groq.com/openai/v1", Protocol.OPENAI_COMPATIBLE, AuthStyle.BEARER, "GROQ_API_KEY"),
                new Row("deepseek", "https://api.deepseek.com", Protocol.OPENAI_COMPATIBLE, AuthStyle.BEARER, "DEEPSEEK_API_KEY"),
                new Row("mistral", "https://api.mistral.ai/v1", Protocol.OPENAI_COMPATIBLE, AuthStyle.BEARER, "MISTRAL_API_KEY"),
                new Row("gemini", "https://generativelanguage.googleapis.com/v1beta/openai", Protocol.OPENAI_COMPATIBLE,
                        AuthStyle.BEARER, "GEMINI_API_KEY"),
                new Row("ollama", "http://localhost:11434/v1", Protocol.OPENAI_COMPATIBLE, AuthStyle.NONE, null),
                new Row("lmstudio", "http://localhost:1234/v1", Protocol.OPENAI_COMPATIBLE, AuthStyle.NONE, null),
                new Row("llamacpp", "http://localhost:8080/v1", Protocol.OPENAI_COMPATIBLE, AuthStyle.NONE, null),
                new Row("vllm", "http://localhost:8000/v1", Protocol.OPENAI_COMPATIBLE, AuthStyle.NONE, null),
                new Row("custom", null, Protocol.OPENAI_COMPATIBLE, AuthStyle.BEARER, null));
        assertThat(ProviderPresets.ALL).hasSameSizeAs(expected);
        for (Row row : expected) {
            ProviderPreset p = ProviderPresets.find(row.id()).orElseThrow();
            assertThat(p.baseUrl()).as(row.id()).isEqualTo(row.url());
            assertThat(p.protocol()).as(row.id()).isEqualTo(row.protocol());
            assertThat(p.auth()).as(row.id()).isEqualTo(row.auth());
            assertThat(p.keyVariable()).as(row.id()).isEqualTo(row.variable());
            assertThat(p.local()).as(row.id()).isEqualTo(row.url() != null && row.url().startsWith("http://localhost"));
            assertThat(p.defaultModelName().isPresent()).as(row.id() + " has a default model")
                    .isEqualTo(!p.local() && !p.isCustom());
            if (!p.isCustom()) {
                assertThat(ProviderConfig.fromPreset(p, p.id(), null).proxy()).as(row.id() + " proxy")
                        .isEqualTo(p.local() ? ProxyChoice.DIRECT : ProxyChoice.SYSTEM);
            }
        }
    }

    @Test
    void aPresetByIdSendsItsEnvironmentKeyAsABearerTokenToItsPaths() throws Exception {
        server.enqueue(models("llama-3.3-70b-versatile", "gemma2-9b-it"));
        server.start();
        ProviderCatalog catalog = catalog(Map.of("GROQ_API_KEY", KEY), List.of(), Map.of());
        ChatProvider groq = catalog.create("groq", server.url("/openai/v1").toString());

        assertThat(groq.id()).isEqualTo("groq");
        assertThat(groq.defaultModel()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(groq.listModels().get(5, TimeUnit.SECONDS)).containsExactly("gemma2-9b-it", "llama-3.3-70b-versatile");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/openai/v1/models");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void theHttpClientIsBuiltOnlyWhenAProviderOtherThanTheDemoIsAskedForOrPrepared() throws Exception {
        server.enqueue(models("m1"));
        server.start();
        AtomicInteger builds = new AtomicInteger();
        LazyHttpClient lazy = new LazyHttpClient(() -> {
            builds.incrementAndGet();
            return http;
        });
        ProviderSettings settings = ProviderSettings.of(dataDir, Settings.defaults(),
                ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message())), Runnable::run);
        ProviderCatalog catalog = new ProviderCatalog(lazy, Map.of(), Duration.ofMillis(1), settings);

        assertThat(catalog.create(ProviderCatalog.DEMO_ID, null).id()).isEqualTo(ProviderCatalog.DEMO_ID);
        assertThat(catalog.offersMoreThanDemo()).isFalse();
        assertThat(builds).as("the demo needs no HTTP client").hasValue(0);

        ChatProvider local = catalog.create("ollama", server.url("/v1").toString());
        assertThat(builds).hasValue(1);
        assertThat(local.listModels().get(5, TimeUnit.SECONDS)).containsExactly("m1");
        catalog.create("ollama", server.url("/v1").toString());
        assertThat(builds).as("built once, then shared").hasValue(1);

        LazyHttpClient other = new LazyHttpClient(() -> http);
        List<Runnable> queued = new ArrayList<>();
        new ProviderCatalog(other, Map.of(), Duration.ofMillis(1), settings).prepareHttp(queued::add);
        assertThat(other.isBuilt()).isFalse();
        assertThat(queued).hasSize(1);
        queued.get(0).run();
        assertThat(other.isBuilt()).as("prepared on the executor it was given").isTrue();
        assertThat(new ProviderCatalog(other, Map.of("GROQ_API_KEY", KEY), Duration.ofMillis(1),
                ProviderSettings.of(dataDir, Settings.defaults(), ApiKeys.with(Optional.empty(), dataDir,
                        Map.of("GROQ_API_KEY", KEY), p -> problems.add(p.message())), Runnable::run)).offersMoreThanDemo()).isTrue();
    }

    @Test
    void anAnthropicConfigurationSendsXApiKeyToTheHostRoot() throws Exception {
        server.enqueue(models("claude-sonnet-4-5"));
        server.start();
        ProviderConfig config = ProviderConfig.fromPreset(ProviderPresets.ANTHROPIC, "claude", server.url("/").toString());
        ProviderCatalog catalog = catalog(Map.of(), List.of(config), Map.of("claude", KEY));

        assertThat(catalog.create("claude", null).listModels().get(5, TimeUnit.SECONDS)).containsExactly("claude-sonnet-4-5");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/v1/models");
        assertThat(request.getHeaders().get("x-api-key")).isEqualTo(KEY);
        assertThat(request.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void aConfiguredProviderSendsItsSavedKeyAndHeadersAndUsesItsModel() throws Exception {
        server.enqueue(models("m1"));
        server.start();
        ProviderConfig config = new ProviderConfig("work", "Work gateway", "custom", Protocol.OPENAI_COMPATIBLE,
                server.url("/v1").toString(), AuthStyle.BEARER, "WORK_KEY", "m1",
                Map.of("HTTP-Referer", "https://tidemark.dev", "X-Title", "Tidemark"), ProxyChoice.DIRECT);
        ProviderCatalog catalog = catalog(Map.of("WORK_KEY", "sk-from-the-environment-000000"), List.of(config),
                Map.of("work", KEY));
        ChatProvider work = catalog.create("work", null);
        assertThat(work.displayName()).isEqualTo("Work gateway");
        assertThat(work.defaultModel()).isEqualTo("m1");
        work.listModels().get(5, TimeUnit.SECONDS);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("Authorization")).as("the saved key wins").isEqualTo("Bearer " + KEY);
        assertThat(request.getHeaders().get("HTTP-Referer")).isEqualTo("https://tidemark.dev");
        assertThat(request.getHeaders().get("X-Title")).isEqualTo("Tidemark");
    }

    @Test
    void aWrongKeyGivesTheServicesOwnPlainMessageWithoutTheKey() throws Exception {
        // OpenAI echoes the key it was given, partly masked, in its 401 message
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ". You can find your API key"
                        + " at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
                        + "\"code\":\"invalid_api_key\"}}").build());
        server.start();
        ProviderCatalog catalog = catalog(Map.of("OPENAI_API_KEY", KEY), List.of(), Map.of());
        ChatProvider openai = catalog.create("openai", server.url("/v1").toString());

        assertThatThrownBy(() -> openai.listModels().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ProviderException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("HTTP 401").contains("Incorrect API key provided").contains("Check the API key")
                        .doesNotContain(KEY).doesNotContain("SECRET").doesNotContain("Exception").doesNotContain("\tat "));
    }

    @Test
    void aManualHttpProxyCarriesTheRequests() throws Exception {
        server.enqueue(models("via-proxy"));
        server.start(); // plays the proxy: it receives the absolute URL of the real service
        ProviderConfig config = ProviderConfig.fromPreset(ProviderPresets.MISTRAL, "mistral", null);
        config = new ProviderConfig(config.id(), config.name(), config.preset(), config.protocol(),
                "http://mistral.invalid/v1", config.auth(), config.keyVariable(), config.model(), Map.of(),
                ProxyChoice.manual(ProxyChoice.Mode.HTTP, server.getHostName(), server.getPort()));
        ProviderCatalog catalog = catalog(Map.of(), List.of(config), Map.of("mistral", KEY));

        assertThat(catalog.create("mistral", null).listModels().get(5, TimeUnit.SECONDS)).containsExactly("via-proxy");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getRequestLine()).isEqualTo("GET http://mistral.invalid/v1/models HTTP/1.1");
    }

    @Test
    void theOldContractHoldsDemoOpenAiAnthropicAndTheirEnvironmentBaseUrls() throws Exception {
        ProviderCatalog catalog = catalog(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:9/v1",
                "ANTHROPIC_BASE_URL", "http://127.0.0.1:9", "OPENAI_API_KEY", KEY), List.of(), Map.of());
        assertThat(catalog.create(null, null).id()).isEqualTo("demo");
        assertThat(catalog.create("demo", null).id()).isEqualTo("demo");
        assertThat(catalog.configFor("openai", null).orElseThrow().baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
        assertThat(catalog.configFor("anthropic", null).orElseThrow().baseUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(catalog.configFor("openai", "http://other/v1").orElseThrow().baseUrl()).isEqualTo("http://other/v1");
        assertThat(catalog.create("OpenAI", null).id()).isEqualTo("openai");
        assertThatThrownBy(() -> catalog.create("openai", "not a url")).hasMessageContaining("not an http(s) URL");
    }

    @Test
    void aCloudPresetWithoutAKeyIsRefusedBeforeAnyRequestWhereverItsUrlPoints() throws Exception {
        server.enqueue(models("m"));
        server.start();
        String url = server.url("/v1").toString();
        ProviderCatalog catalog = catalog(Map.of(), List.of(
                ProviderConfig.fromPreset(ProviderPresets.GROQ, "groq", url)), Map.of());

        assertThatThrownBy(() -> catalog.create("openai", url))
                .isInstanceOf(dev.tidemark.chat.MissingKeyException.class)
                .hasMessage("OpenAI needs an API key and none is set, so nothing was sent: set OPENAI_API_KEY, or"
                        + " add OpenAI with its key in Settings (Ctrl+, in the window).");
        assertThatThrownBy(() -> catalog.create("anthropic", url)).isInstanceOf(dev.tidemark.chat.MissingKeyException.class);
        assertThatThrownBy(() -> catalog.create("groq", null))
                .isInstanceOf(dev.tidemark.chat.MissingKeyException.class)
                .hasMessageContaining("set GROQ_API_KEY, or paste a key for 'groq' in Settings (Ctrl+, in the window).");
        assertThat(catalog.hasKey("groq")).isFalse();

        // local servers and custom URLs need no key
        catalog.create("ollama", url).listModels().get(5, TimeUnit.SECONDS);
        assertThat(catalog.create("custom", url).id()).isEqualTo("custom");
        assertThat(catalog.hasKey("ollama")).isTrue();
        assertThat(server.getRequestCount()).as("only the local server's model list").isEqualTo(1);
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
    }

    @Test
    void anUnknownIdListsWhatExists() throws Exception {
        ProviderCatalog catalog = catalog(Map.of(), List.of(
                ProviderConfig.fromPreset(ProviderPresets.CUSTOM, "work-vllm", "http://gpu.lan:8000/v1")), Map.of());
        assertThatThrownBy(() -> catalog.create("nope", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown provider 'nope'")
                .hasMessageContaining("groq").hasMessageContaining("ollama").hasMessageContaining("work-vllm");
        assertThatThrownBy(() -> catalog.create("custom", null)).hasMessageContaining("needs --base-url");
        assertThat(catalog.create("custom", "http://127.0.0.1:9/v1").id()).isEqualTo("custom");
    }

    @Test
    void theChooserOffersTheDemoTheConfiguredAndPresetsWithAnEnvironmentKey() throws Exception {
        ProviderCatalog catalog = catalog(Map.of("GROQ_API_KEY", KEY, "OPENAI_API_KEY", KEY),
                List.of(ProviderConfig.fromPreset(ProviderPresets.OLLAMA, "ollama", null),
                        ProviderConfig.fromPreset(ProviderPresets.OPENAI, "openai", null)), Map.of());
        assertThat(catalog.choices()).extracting(ProviderCatalog.Choice::id)
                .containsExactly("demo", "ollama", "openai", "groq");
        assertThat(catalog.choices().get(3).label()).contains("GROQ_API_KEY").doesNotContain(KEY);
        assertThat(catalog.hasKey("ollama")).isTrue();
        assertThat(catalog.hasKey("groq")).isTrue();
        assertThat(catalog.hasKey("mistral")).isFalse();
    }

    private static MockResponse models(String... ids) {
        StringBuilder body = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < ids.length; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i]).append("\",\"object\":\"model\"}");
        }
        return new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body(body.append("]}").toString()).build();
    }
}
