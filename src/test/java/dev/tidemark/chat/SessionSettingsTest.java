package dev.tidemark.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void aSessionsModelSystemPromptTemperatureAndMaxTokensGoWithItsRequestsAndSurviveARestart() throws Exception {
        String id;
        try (MockWebServer server = new MockWebServer();
             Workspace workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            server.enqueue(SlowSseBody.openAi(List.of("ok"), Duration.ZERO).response());
            server.start();
            ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
            Session session = chat.createSession();
            id = session.id();
            chat.updateSettings(id, new SessionSettings("openai", "gpt-x", "You are terse.", 0.3, 256));
            chat.send(id, "hi", new OpenAiProvider(new OkHttpClient(), server.url("/v1").toString(), "k-123456"), null)
                    .finished().get(10, TimeUnit.SECONDS);
            JsonNode body = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
            assertThat(body.path("model").asText()).isEqualTo("gpt-x");
            assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
            assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
            assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
            assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("You are terse.");
        }
        try (Workspace again = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            assertThat(again.store().get(id).orElseThrow().settings())
                    .isEqualTo(new SessionSettings("openai", "gpt-x", "You are terse.", 0.3, 256));
        }
    }

    @Test
    void nonsenseValuesAreRefusedInWords() {
        assertThatThrownBy(() -> new SessionSettings(null, null, null, 3.0, null)).hasMessageContaining("between 0 and 2");
        assertThatThrownBy(() -> new SessionSettings(null, null, null, null, 0)).hasMessageContaining("at least 1");
        assertThat(new SessionSettings(" ", "", null, null, null).isDefault()).isTrue();
    }
}
