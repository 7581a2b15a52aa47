package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.testing.TidemarkProcess;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/** The command-line contract, exercised on the packaged jar in child JVMs. */
class CliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FAST_DEMO = List.of("-Dtidemark.demo.tokenMillis=1");
    private static final String KEY = "sk-test-SECRET0123456789abcdef";

    @TempDir
    Path dataDir;

    @Test
    void versionPrintsNameAndVersion() throws Exception {
        TidemarkProcess p = TidemarkProcess.start("--version");
        assertThat(p.waitFor()).isZero();
        assertThat(p.out()).matches("tidemark \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }

    @Test
    void demoChatStreamsTheReplyAndStoresIt() throws Exception {
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO,
                "--data-dir", dataDir.toString(), "chat", "hello", "there");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        assertThat(chat.out()).contains("Demo reply").contains("> hello there");
        String sessionId = sessionIdFrom(chat);

        JsonNode session = showJson(sessionId);
        assertThat(session.path("id").asText()).isEqualTo(sessionId);
        assertThat(session.path("title").asText()).isEqualTo("hello there");
        JsonNode messages = session.path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).path("text").asText()).isEqualTo("hello there");
        assertThat(messages.get(0).path("status").asText()).isEqualTo("complete");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("status").asText()).isEqualTo("complete");
        assertThat(messages.get(1).path("text").asText().strip()).isEqualTo(chat.out().strip());
    }

    @Test
    void continuingASessionSendsTheEarlierTurnsAsContext() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(SlowSseBody.openAi(List.of("first ", "answer"), Duration.ZERO).response());
            server.enqueue(SlowSseBody.openAi(List.of("second"), Duration.ZERO).response());
            server.start();
            String base = server.url("/v1").toString();
            TidemarkProcess first = TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(),
                    "--data-dir", dataDir.toString(), "chat", "--provider", "openai", "--base-url", base, "one");
            assertThat(first.waitFor()).as(first.err()).isZero();
            String sessionId = sessionIdFrom(first);
            TidemarkProcess second = TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(),
                    "--data-dir", dataDir.toString(), "chat", "--provider", "openai", "--base-url", base,
                    "--session", sessionId, "two");
            assertThat(second.waitFor()).as(second.err()).isZero();
            assertThat(sessionIdFrom(second)).isEqualTo(sessionId);

            RecordedRequest r1 = server.takeRequest(5, TimeUnit.SECONDS);
            RecordedRequest r2 = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(r1.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
            JsonNode sent = JSON.readTree(r2.getBody().utf8()).path("messages");
            assertThat(sent).hasSize(3);
            assertThat(sent.get(0).path("content").asText()).isEqualTo("one");
            assertThat(sent.get(1).path("role").asText()).isEqualTo("assistant");
            assertThat(sent.get(1).path("content").asText()).isEqualTo("first answer");
            assertThat(sent.get(2).path("content").asText()).isEqualTo("two");
            assertThat(showJson(sessionId).path("messages")).hasSize(4);
        }
    }

    @Test
    void anthropicBaseUrlIsTheHostRoot() throws Exception {
        String stream = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","role":"assistant","content":[]}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello from "}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Claude"}}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn"}}

                event: message_stop
                data: {"type":"message_stop"}

                """;
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(stream).build());
            server.start();
            String root = server.url("/").toString();
            TidemarkProcess chat = TidemarkProcess.start(Map.of("ANTHROPIC_API_KEY", KEY), List.of(),
                    "--data-dir", dataDir.toString(), "chat", "--provider", "anthropic", "--base-url", root,
                    "--model", "claude-test", "hi");
            assertThat(chat.waitFor()).as(chat.err()).isZero();
            assertThat(chat.out().strip()).isEqualTo("Hello from Claude");
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/messages");
            assertThat(request.getHeaders().get("x-api-key")).isEqualTo(KEY);
        }
    }

    @Test
    void providerRefusalExitsOneWithOneLineThatNeverShowsTheKey() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                    .body("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                            + ".\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")
                    .build());
            server.start();
            TidemarkProcess chat = TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(),
                    "--data-dir", dataDir.toString(), "chat", "--provider", "openai",
                    "--base-url", server.url("/v1").toString(), "hi");
            assertThat(chat.waitFor()).isEqualTo(1);
            List<String> errLines = chat.err().lines().toList();
            assertThat(errLines).hasSize(2);
            assertThat(errLines.get(0)).startsWith("session ");
            assertThat(errLines.get(1)).contains("401").contains("API key").doesNotContain(KEY);
            assertThat(chat.err()).doesNotContain("Exception").doesNotContain("\tat ");

            JsonNode reply = showJson(sessionIdFrom(chat)).path("messages").get(1);
            assertThat(reply.path("status").asText()).isEqualTo("error");
            assertThat(reply.path("detail").asText()).doesNotContain(KEY);
        }
    }

    @Test
    void droppedConnectionKeepsThePartialReplyWithStatusError() throws Exception {
        List<String> words = List.of("partial ", "text ", "arrives");
        List<String> events = new ArrayList<>();
        for (String w : words) {
            events.add("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + w + "\"}}]}\n\n");
        }
        SlowSseBody body = new SlowSseBody(events, words, Duration.ofMillis(5), true);
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(body.response());
            server.start();
            TidemarkProcess chat = TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(),
                    "--data-dir", dataDir.toString(), "chat", "--provider", "openai",
                    "--base-url", server.url("/v1").toString(), "hi");
            assertThat(chat.waitFor()).isEqualTo(1);
            assertThat(chat.out().strip()).isEqualTo("partial text arrives");
            JsonNode reply = showJson(sessionIdFrom(chat)).path("messages").get(1);
            assertThat(reply.path("status").asText()).isEqualTo("error");
            assertThat(reply.path("text").asText()).isEqualTo("partial text arrives");
        }
    }

    @Test
    void interruptKeepsThePartialReplyAsStoppedAndExits130() throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            words.add("t" + i + " ");
        }
        SlowSseBody body = SlowSseBody.openAi(words, Duration.ofMillis(10));
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(body.response());
            server.start();
            TidemarkProcess chat = TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(),
                    "--data-dir", dataDir.toString(), "chat", "--provider", "openai",
                    "--base-url", server.url("/v1").toString(), "count");
            within(Duration.ofSeconds(30)).until(() -> chat.out().length() > 40);
            chat.signal("INT");
            assertThat(chat.waitFor()).isEqualTo(130);
            JsonNode reply = showJson(sessionIdFrom(chat)).path("messages").get(1);
            assertThat(reply.path("status").asText()).isEqualTo("stopped");
            String text = reply.path("text").asText();
            assertThat(text).isNotEmpty();
            assertThat(String.join("", words)).startsWith(text);
            assertThat(text).startsWith(chat.out().strip());
        }
    }

    @Test
    void aSecondProcessReadsWithoutRecoveringOrWriting() throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            words.add("x" + i + " ");
        }
        // the stream waits half-way until the reader has looked, however slow the machine
        SlowSseBody body = SlowSseBody.openAi(words, Duration.ofMillis(5)).holdBefore(75);
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(body.response());
            server.start();
            TidemarkProcess owner = TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(),
                    "--data-dir", dataDir.toString(), "chat", "--provider", "openai",
                    "--base-url", server.url("/v1").toString(), "long one");
            within(Duration.ofSeconds(30)).until(() -> owner.out().length() > 20);
            String sessionId = sessionIdFrom(owner);

            TidemarkProcess intruder = TidemarkProcess.start(Map.of(), FAST_DEMO,
                    "--data-dir", dataDir.toString(), "chat", "hello");
            assertThat(intruder.waitFor()).isEqualTo(1);
            assertThat(intruder.err()).contains("Another Tidemark (process " + owner.pid() + ")");

            TidemarkProcess reader = TidemarkProcess.start("--data-dir", dataDir.toString(), "show", sessionId,
                    "--json");
            assertThat(reader.waitFor()).isZero();
            JsonNode live = JSON.readTree(reader.out()).path("messages");
            assertThat(live.get(1).path("status").asText())
                    .as("a reply the owner is still streaming is not recovered by a reader").isEqualTo("streaming");
            body.release();

            assertThat(owner.waitFor()).as(owner.err()).isZero();
            JsonNode done = showJson(sessionId).path("messages");
            assertThat(done).hasSize(2);
            assertThat(done.get(1).path("status").asText()).isEqualTo("complete");
            assertThat(done.get(1).path("text").asText()).isEqualTo(String.join("", words));
        }
    }

    @Test
    void sessionsListsNewestFirstAsJson() throws Exception {
        for (String prompt : List.of("older", "newer")) {
            TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO,
                    "--data-dir", dataDir.toString(), "chat", prompt);
            assertThat(chat.waitFor()).isZero();
        }
        TidemarkProcess list = TidemarkProcess.start("--data-dir", dataDir.toString(), "sessions", "--json");
        assertThat(list.waitFor()).isZero();
        JsonNode sessions = JSON.readTree(list.out());
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).path("title").asText()).isEqualTo("newer");
        assertThat(sessions.get(1).path("title").asText()).isEqualTo("older");
        for (JsonNode s : sessions) {
            assertThat(s.path("id").asText()).matches("[0-9a-z]{12}");
            assertThat(s.path("updatedAt").asText()).isNotEmpty();
            assertThat(s.path("messageCount").asInt()).isEqualTo(2);
        }
    }

    @Test
    void dataDirectoryComesFromTheEnvironmentWhenNotGiven() throws Exception {
        TidemarkProcess chat = TidemarkProcess.start(Map.of("TIDEMARK_DATA_DIR", dataDir.toString()), FAST_DEMO,
                "chat", "via env");
        assertThat(chat.waitFor()).isZero();
        assertThat(showJson(sessionIdFrom(chat)).path("title").asText()).isEqualTo("via env");
    }

    @Test
    void renameAndDeleteSayWhatHappenedAndExitOneForAnUnknownSession() throws Exception {
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO,
                "--data-dir", dataDir.toString(), "chat", "first", "question");
        assertThat(chat.waitFor()).isZero();
        String id = sessionIdFrom(chat);

        TidemarkProcess rename = TidemarkProcess.start("--data-dir", dataDir.toString(), "rename", id, "Tide", "tables");
        assertThat(rename.waitFor()).as(rename.err()).isZero();
        assertThat(rename.out()).contains(id).contains("\"first question\" is now \"Tide tables\"");
        assertThat(showJson(id).path("title").asText()).isEqualTo("Tide tables");

        TidemarkProcess delete = TidemarkProcess.start("--data-dir", dataDir.toString(), "delete", id);
        assertThat(delete.waitFor()).as(delete.err()).isZero();
        assertThat(delete.out()).contains("Moved \"Tide tables\" (" + id + ") to the trash").contains("30 days");
        TidemarkProcess list = TidemarkProcess.start("--data-dir", dataDir.toString(), "sessions", "--json");
        assertThat(list.waitFor()).isZero();
        assertThat(JSON.readTree(list.out())).isEmpty();
        assertThat(showJson(id).path("deletedAt").asText()).isNotEmpty(); // in the trash, still readable

        TidemarkProcess again = TidemarkProcess.start("--data-dir", dataDir.toString(), "delete", id);
        assertThat(again.waitFor()).isZero();
        assertThat(again.out()).contains("already in the trash");
        for (String[] args : List.of(new String[] {"delete", "nosuchid"}, new String[] {"rename", "nosuchid", "x"})) {
            List<String> command = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
            command.addAll(List.of(args));
            TidemarkProcess unknown = TidemarkProcess.start(command.toArray(String[]::new));
            assertThat(unknown.waitFor()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(unknown.err()).contains("no session 'nosuchid'");
        }
        TidemarkProcess noTitle = TidemarkProcess.start("--data-dir", dataDir.toString(), "rename", id);
        assertThat(noTitle.waitFor()).isEqualTo(2);
        TidemarkProcess blankTitle = TidemarkProcess.start("--data-dir", dataDir.toString(), "rename", id, " ");
        assertThat(blankTitle.waitFor()).isEqualTo(2);
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        TidemarkProcess noPrompt = TidemarkProcess.start("--data-dir", dataDir.toString(), "chat");
        assertThat(noPrompt.waitFor()).isEqualTo(2);
        TidemarkProcess badProvider = TidemarkProcess.start("--data-dir", dataDir.toString(), "chat",
                "--provider", "nope", "hi");
        assertThat(badProvider.waitFor()).isEqualTo(2);
        assertThat(badProvider.err()).contains("Unknown provider 'nope'");
        TidemarkProcess unknownSession = TidemarkProcess.start("--data-dir", dataDir.toString(), "show", "nosuchid");
        assertThat(unknownSession.waitFor()).isEqualTo(2);
        assertThat(unknownSession.err()).contains("no session 'nosuchid'");
        TidemarkProcess unknownOption = TidemarkProcess.start("--data-dir", dataDir.toString(), "--frobnicate");
        assertThat(unknownOption.waitFor()).isEqualTo(2);
    }

    private JsonNode showJson(String sessionId) throws Exception {
        TidemarkProcess show = TidemarkProcess.start("--data-dir", dataDir.toString(), "show", sessionId, "--json");
        assertThat(show.waitFor()).as(show.err()).isZero();
        return JSON.readTree(show.out());
    }

    private static String sessionIdFrom(TidemarkProcess p) {
        String first = p.err().lines().findFirst().orElse("");
        assertThat(first).matches("session [0-9a-z]{12}");
        return first.substring("session ".length());
    }
}
