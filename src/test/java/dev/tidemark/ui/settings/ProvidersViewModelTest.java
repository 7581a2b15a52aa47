package dev.tidemark.ui.settings;

import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderPresets;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.Settings;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

/** The settings view model without a toolkit: same-thread executors, real files, real HTTP. */
class ProvidersViewModelTest {

    private static final String KEY = "sk-or-SECRETkey0123456789abcdefXYZ";

    @TempDir
    Path dataDir;

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient();
    private final List<String> problems = new ArrayList<>();
    private ProviderSettings settings;

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ProvidersViewModel model(Map<String, String> env) {
        settings = ProviderSettings.of(dataDir, Settings.load(dataDir, p -> problems.add(p.message())),
                ApiKeys.with(Optional.empty(), dataDir, env, p -> problems.add(p.message())), Runnable::run);
        ProviderCatalog catalog = new ProviderCatalog(http, env, Duration.ofMillis(1), settings);
        return new ProvidersViewModel(catalog, new LocalServerDetector(http, Map.of()), Runnable::run, Runnable::run,
                p -> problems.add(p.message()));
    }

    @Test
    void aWrongFormIsNamedSelectedAndNothingIsSaved() {
        ProvidersViewModel model = model(Map.of());
        ProviderForm good = model.add(ProviderPresets.GROQ);
        ProviderForm bad = model.add(ProviderPresets.CUSTOM);
        bad.baseUrlProperty().set("ftp://nowhere");
        model.selectedProperty().set(good);

        assertThat(model.save()).isEmpty();
        assertThat(model.selectedProperty().get()).isSameAs(bad);
        assertThat(model.errorProperty().get()).startsWith("OpenAI-compatible server: ").contains("not an http(s) URL");
        assertThat(settings.providers()).isEmpty();
        assertThat(dataDir.resolve(Settings.FILE_NAME)).doesNotExist();
    }

    @Test
    void savingAppliesAtOnceAndReturnsTheSelectedProvider() throws Exception {
        ProvidersViewModel model = model(Map.of());
        ProviderForm form = model.add(ProviderPresets.OPENROUTER);
        form.keyProperty().set(KEY);
        assertThat(model.save()).contains("openrouter");
        assertThat(settings.providers()).extracting(ProviderConfig::id).containsExactly("openrouter");
        assertThat(settings.keys().resolve("openrouter", null)).get().extracting(ApiKeys.Resolved::value).isEqualTo(KEY);
        assertThat(Files.readString(dataDir.resolve(Settings.FILE_NAME))).doesNotContain(KEY);
    }

    @Test
    void aSecondProviderFromTheSamePresetGetsItsOwnId() {
        ProvidersViewModel model = model(Map.of());
        assertThat(model.add(ProviderPresets.OLLAMA).id()).isEqualTo("ollama");
        assertThat(model.add(ProviderPresets.OLLAMA).id()).isEqualTo("ollama-2");
    }

    @Test
    void removingAProviderOrTickingForgetDropsItsSavedKey() throws Exception {
        settings = null;
        ProvidersViewModel first = model(Map.of());
        first.add(ProviderPresets.GROQ).keyProperty().set(KEY);
        first.add(ProviderPresets.MISTRAL).keyProperty().set(KEY);
        first.save();

        ProvidersViewModel second = model(Map.of());
        assertThat(second.providers()).extracting(ProviderForm::id).containsExactly("groq", "mistral");
        second.remove(second.providers().get(0));
        second.providers().get(0).forgetKeyProperty().set(true);
        second.save();

        ApiKeys reread = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        assertThat(reread.saved("groq")).isEmpty();
        assertThat(reread.saved("mistral")).isEmpty();
    }

    @Test
    void theKeyStatusSaysWhereTheKeyComesFrom() throws Exception {
        ProvidersViewModel model = model(Map.of("GROQ_API_KEY", KEY));
        ProviderForm groq = model.add(ProviderPresets.GROQ);
        assertThat(groq.keyStatusProperty().get()).contains("Using the key in GROQ_API_KEY").doesNotContain(KEY);
        ProviderForm mistral = model.add(ProviderPresets.MISTRAL);
        assertThat(mistral.keyStatusProperty().get()).contains("MISTRAL_API_KEY is not set");
        mistral.keyProperty().set(KEY);
        model.save();
        settings.flush().get(5, TimeUnit.SECONDS);

        ProviderForm reopened = model(Map.of()).providers().get(1);
        assertThat(reopened.keyStatusProperty().get()).contains("saved in").contains("no keychain here")
                .doesNotContain(KEY);
        assertThat(reopened.keyProperty().get()).as("a saved key is never put back in the field").isEmpty();
    }

    @Test
    void aFetchFailureIsThePlainMessageWithoutTheKey() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"No auth credentials found for " + KEY + "\",\"code\":401}}").build());
        server.start();
        ProvidersViewModel model = model(Map.of());
        ProviderForm form = model.add(ProviderPresets.OPENROUTER);
        form.baseUrlProperty().set(server.url("/api/v1").toString());
        form.keyProperty().set(KEY);
        model.fetchModels();
        patiently().until(() -> form.fetchStateProperty().get() == ProviderForm.FetchState.FAILED);
        assertThat(form.fetchMessageProperty().get()).contains("HTTP 401").contains("No auth credentials found")
                .doesNotContain(KEY);
    }

    @Test
    void headersAreNamePerLineAndABadLineIsSaidPlainly() {
        assertThat(ProviderForm.parseHeaders("HTTP-Referer: https://a.b\n\nX-Title:  Tidemark "))
                .containsExactly(Map.entry("HTTP-Referer", "https://a.b"), Map.entry("X-Title", "Tidemark"));
        ProvidersViewModel model = model(Map.of());
        model.add(ProviderPresets.OPENROUTER).headersProperty().set("just words");
        assertThat(model.save()).isEmpty();
        assertThat(model.errorProperty().get()).contains("'Name: value'").contains("header 1")
                .doesNotContain("just words");
    }

    @Test
    void aHeaderValueWithoutANameIsRefusedWithoutShowingTheValue() {
        ProvidersViewModel model = model(Map.of());
        model.add(ProviderPresets.OPENROUTER).headersProperty().set("X-Title: Tidemark\n: Bearer sk-header-secret-123");
        assertThat(model.save()).isEmpty();
        assertThat(model.errorProperty().get()).containsIgnoringCase("header 2").contains("no name")
                .doesNotContain("sk-header-secret-123");
    }
}
