package dev.tidemark.cli;

import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.KeyFile;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.settings.Settings;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.testing.TidemarkProcess;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code chat --provider} with presets and configured providers, on the packaged jar. */
class ProvidersIT {

    private static final String KEY = "gsk_SECRETkey0123456789abcdefXYZ";
    /** Keep child processes off any real keychain of the machine running the tests. */
    private static final List<String> NO_KEYCHAIN = List.of("-D" + ApiKeys.KEYCHAIN_PROPERTY + "=off");

    @TempDir
    Path dataDir;

    private final MockWebServer server = new MockWebServer();

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aPresetTakesItsKeyFromItsVariableAndItsDefaultModel() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("fast ", "answer"), Duration.ZERO).response());
        server.start();
        TidemarkProcess chat = TidemarkProcess.start(Map.of("GROQ_API_KEY", KEY), NO_KEYCHAIN,
                "--data-dir", dataDir.toString(), "chat", "--provider", "groq",
                "--base-url", server.url("/openai/v1").toString(), "hello");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        assertThat(chat.out()).isEqualTo("fast answer\n");
        assertThat(chat.err().lines().findFirst().orElse("")).matches("session [0-9a-z]{12}");

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getTarget()).isEqualTo("/openai/v1/chat/completions");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getBody().utf8()).contains("\"model\":\"llama-3.3-70b-versatile\"");
    }

    @Test
    void aConfiguredProviderUsesItsSavedKeyHeadersAndModelAndSaysWhereTheKeyCameFrom() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("configured"), Duration.ZERO).response());
        server.start();
        configure("work", server.url("/v1").toString(), "m-1");

        TidemarkProcess chat = TidemarkProcess.start(Map.of(), NO_KEYCHAIN,
                "--data-dir", dataDir.toString(), "chat", "--provider", "work", "hi");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        assertThat(chat.out()).isEqualTo("configured\n");
        List<String> err = chat.err().lines().toList();
        assertThat(err.get(0)).matches("session [0-9a-z]{12}");
        assertThat(err.get(1)).contains("the key for 'work' is read from").contains(KeyFile.FILE_NAME)
                .contains("no system keychain").contains("readable only by you");

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getHeaders().get("X-Title")).isEqualTo("Tidemark IT");
        assertThat(request.getBody().utf8()).contains("\"model\":\"m-1\"");
        assertThat(chat.err()).doesNotContain(KEY);
    }

    @Test
    void aLocalServerWithNoModelConfiguredIsAskedForItsModelsAndTheFirstIsUsed() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"object\":\"list\",\"data\":[{\"id\":\"qwen3:8b\"},{\"id\":\"llama3.2:latest\"}]}").build());
        server.enqueue(SlowSseBody.openAi(List.of("local"), Duration.ZERO).response());
        server.start();
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), NO_KEYCHAIN,
                "--data-dir", dataDir.toString(), "chat", "--provider", "ollama",
                "--base-url", server.url("/v1").toString(), "hi");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTarget()).isEqualTo("/v1/models");
        RecordedRequest post = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(post.getHeaders().get("Authorization")).isNull();
        assertThat(post.getBody().utf8()).contains("\"model\":\"llama3.2:latest\"");
    }

    @Test
    void aCloudPresetWithNoKeySaysHowToAddOneExitsOneAndConnectsNowhere() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("must not be asked"), Duration.ZERO).response());
        server.start();
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), NO_KEYCHAIN,
                "--data-dir", dataDir.toString(), "chat", "--provider", "openai",
                "--base-url", server.url("/v1").toString(), "hello");
        assertThat(chat.waitFor()).isEqualTo(1);
        assertThat(chat.err()).isEqualTo("tidemark: OpenAI needs an API key and none is set, so nothing was sent:"
                + " set OPENAI_API_KEY, or add OpenAI with its key in Settings (Ctrl+, in the window)."
                + System.lineSeparator());
        assertThat(chat.out()).isEmpty();
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aKeyGoingOverPlainHttpToAPublicHostIsWarnedAboutInOneLineAndTheChatGoesOn() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("over ", "http"), Duration.ZERO).response());
        server.start(); // plays an HTTP proxy on the way to a public name that is never resolved here
        ProviderConfig config = new ProviderConfig("work", "Work gateway", "custom", Protocol.OPENAI_COMPATIBLE,
                "http://gateway.example.com/v1", AuthStyle.BEARER, null, "m-1", Map.of(),
                ProxyChoice.manual(ProxyChoice.Mode.HTTP, server.getHostName(), server.getPort()));
        Settings.load(dataDir, p -> { }).withProviders(List.of(config)).save(dataDir);
        ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> { }).save("work", KEY);

        TidemarkProcess chat = TidemarkProcess.start(Map.of(), NO_KEYCHAIN,
                "--data-dir", dataDir.toString(), "chat", "--provider", "work", "hi");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        assertThat(chat.out()).isEqualTo("over http\n");
        List<String> warnings = chat.err().lines().filter(l -> l.contains("unencrypted")).toList();
        assertThat(warnings).containsExactly("tidemark: warning: Work gateway would send its key unencrypted (http://)"
                + " to gateway.example.com, which is neither this machine nor a private network: anyone on the way"
                + " can read it. Use https:// if the service offers it.");
        assertThat(chat.err()).doesNotContain(KEY);
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getRequestLine()).isEqualTo("POST http://gateway.example.com/v1/chat/completions HTTP/1.1");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void aKeyGoingOverPlainHttpToThisMachineIsNotWarnedAbout() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("local"), Duration.ZERO).response());
        server.start();
        configure("work", server.url("/v1").toString(), "m-1");
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), NO_KEYCHAIN,
                "--data-dir", dataDir.toString(), "chat", "--provider", "work", "hi");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        assertThat(chat.err()).doesNotContain("unencrypted").doesNotContain("warning");
    }

    @Test
    void anUnknownProviderIsAUsageErrorThatListsPresetsAndConfiguredProviders() throws Exception {
        configure("work-vllm", "http://127.0.0.1:9/v1", "m");
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), NO_KEYCHAIN,
                "--data-dir", dataDir.toString(), "chat", "--provider", "grok", "hi");
        assertThat(chat.waitFor()).isEqualTo(2);
        assertThat(chat.err()).startsWith("tidemark: Unknown provider 'grok'").contains("groq").contains("openrouter")
                .contains("ollama").contains("work-vllm");
        assertThat(chat.out()).isEmpty();
    }

    @Test
    void aWrongSavedKeyFailsInOnePlainLineAndTheKeyIsNowhereButTheKeyFile() throws Exception {
        // the service echoes the key it was given, as OpenAI does
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\",\"type\":"
                        + "\"invalid_request_error\",\"code\":\"invalid_api_key\"}}").build());
        server.start();
        configure("work", server.url("/v1").toString(), "m-1");

        TidemarkProcess chat = TidemarkProcess.start(Map.of(), NO_KEYCHAIN,
                "--data-dir", dataDir.toString(), "chat", "--provider", "work", "hi");
        assertThat(chat.waitFor()).isEqualTo(1);
        String last = chat.err().lines().reduce((a, b) -> b).orElse("");
        assertThat(last).startsWith("tidemark: ").contains("HTTP 401").contains("Incorrect API key provided")
                .contains("Check the API key");
        assertThat(chat.err()).doesNotContain(KEY).doesNotContain("SECRETkey").doesNotContain("Exception");
        String sessionId = chat.err().lines().findFirst().orElseThrow().substring("session ".length());

        TidemarkProcess export = TidemarkProcess.start(Map.of(), NO_KEYCHAIN,
                "--data-dir", dataDir.toString(), "show", sessionId, "--json");
        assertThat(export.waitFor()).isZero();
        assertThat(export.out()).contains("HTTP 401").doesNotContain(KEY).doesNotContain("SECRETkey");

        Path keyFile = dataDir.resolve(KeyFile.FILE_NAME);
        assertThat(Files.readString(keyFile)).contains(KEY);
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.equals(keyFile)).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as(dataDir.relativize(file).toString()).doesNotContain(KEY).doesNotContain("SECRETkey");
            }
        }
    }

    @Test
    void aRedirectToAnotherHostEndsTheChatInWordsAndTheOtherHostSeesNothing() throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            // were the redirect followed, the other host would answer and the chat would end well
            elsewhere.enqueue(SlowSseBody.openAi(List.of("answered elsewhere"), Duration.ZERO).response());
            elsewhere.start();
            String target = elsewhere.url("/v1/chat/completions").newBuilder().host("127.0.0.1").build().toString();
            server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", target).build());
            server.start();
            configure("work", server.url("/v1").toString(), "m-1");

            TidemarkProcess chat = TidemarkProcess.start(Map.of(), NO_KEYCHAIN,
                    "--data-dir", dataDir.toString(), "chat", "--provider", "work", "my private words");
            assertThat(chat.waitFor()).as(chat.err()).isEqualTo(1);
            String last = chat.err().lines().reduce((a, b) -> b).orElse("");
            assertThat(last).startsWith("tidemark: ").contains("redirected the request to another address")
                    .contains("Check the base URL");
            assertThat(chat.err()).doesNotContain(KEY).doesNotContain("Exception");
            assertThat(chat.out()).doesNotContain("answered elsewhere");
            assertThat(server.getRequestCount()).isEqualTo(1);
            assertThat(elsewhere.getRequestCount()).as("requests that reached the other host").isZero();
        }
    }

    /** Writes settings.json and the key file through the app's own classes, as the settings dialog does. */
    private void configure(String id, String baseUrl, String model) throws Exception {
        ProviderConfig config = new ProviderConfig(id, "Work gateway", "custom", Protocol.OPENAI_COMPATIBLE, baseUrl,
                AuthStyle.BEARER, null, model, Map.of("X-Title", "Tidemark IT"), ProxyChoice.DIRECT);
        Settings.load(dataDir, p -> { }).withProviders(List.of(config)).save(dataDir);
        ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> { }).save(id, KEY);
    }
}
