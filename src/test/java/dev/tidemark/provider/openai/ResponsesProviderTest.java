package dev.tidemark.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.ChatRequest.ToolSpec;
import dev.tidemark.provider.ChatRequest.ToolUse;
import dev.tidemark.provider.ChatRequest.Turn;
import dev.tidemark.provider.Endpoint;
import dev.tidemark.provider.EventCollector;
import dev.tidemark.provider.TestHttp;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Responses API over real HTTP on loopback, with the wire bytes OpenAI sends ({@code event:} +
 * {@code data:}, every event numbered, no {@code [DONE]}) and the request bodies compared as JSON
 * trees: text, reasoning summaries, a function call and its follow-up, the end states, attachments,
 * resume de-duplication.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class ResponsesProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-proj-responses-secret-ABCDEF0123456789";
    static final ToolSpec ECHO = new ToolSpec("echo", "Says the text back",
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}");

    private MockWebServer server;
    private OkHttpClient client;
    private final EventCollector events = new EventCollector();

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start();
        client = TestHttp.newClient();
    }

    @AfterEach
    void tearDown() {
        TestHttp.shutdown(client);
        server.close();
    }

    private ResponsesProvider provider(boolean background) {
        return new ResponsesProvider(client, new Endpoint(server.url("/v1").toString(), KEY), background);
    }

    /** Wire events numbered from 0, as OpenAI sends them. */
    private static final class Wire {
        private final StringBuilder out = new StringBuilder();
        private long seq;

        Wire event(String type, String fields) {
            ObjectNode event = JSON.createObjectNode().put("type", type).put("sequence_number", seq++);
            event.setAll((ObjectNode) TestHttp.json(fields));
            out.append("event: ").append(type).append('\n').append("data: ").append(event).append("\n\n");
            return this;
        }

        Wire start(String id) {
            String response = "{\"response\":{\"id\":\"" + id + "\",\"object\":\"response\",\"status\":\"in_progress\","
                    + "\"output\":[]}}";
            return event("response.created", response).event("response.in_progress", response);
        }

        Wire message(String item, int output, String... pieces) {
            event("response.output_item.added", "{\"output_index\":" + output + ",\"item\":{\"id\":\"" + item
                    + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}");
            event("response.content_part.added", "{\"item_id\":\"" + item + "\",\"output_index\":" + output
                    + ",\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\"}}");
            for (String piece : pieces) {
                event("response.output_text.delta", "{\"item_id\":\"" + item + "\",\"output_index\":" + output
                        + ",\"content_index\":0,\"delta\":" + JSON.getNodeFactory().textNode(piece) + "}");
            }
            return event("response.output_text.done", "{\"item_id\":\"" + item + "\",\"output_index\":" + output
                    + ",\"content_index\":0,\"text\":" + JSON.getNodeFactory().textNode(String.join("", pieces)) + "}");
        }

        Wire completed(String extra) {
            return event("response.completed", "{\"response\":{\"id\":\"resp_1\",\"status\":\"completed\","
                    + "\"usage\":{\"input_tokens\":21,\"output_tokens\":9,\"output_tokens_details\":"
                    + "{\"reasoning_tokens\":4},\"total_tokens\":30}" + extra + "}}");
        }

        String body() {
            return out.toString();
        }
    }

    private JsonNode send(ResponsesProvider provider, ChatRequest request, String wire) throws Exception {
        server.enqueue(TestHttp.sse(wire).build());
        provider.stream(request, events);
        RecordedRequest recorded = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(recorded).isNotNull();
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/responses");
        assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        return TestHttp.json(recorded.getBody().string(StandardCharsets.UTF_8));
    }

    private static ChatRequest ask(String model, String text) {
        return new ChatRequest(model, "Be brief.", List.of(new Turn(Role.USER, text)), 0.5, 200);
    }

    @Test
    void textStreamsAndTheBodyIsStatelessInputItems() throws Exception {
        JsonNode body = send(provider(false), ask("gpt-4.1", "Hi"),
                new Wire().start("resp_1").message("msg_1", 0, "Hel", "lo", " there.").completed("").body());

        assertThat(events.awaitDone().finishReason()).isEqualTo("stop");
        assertThat(events.text()).isEqualTo("Hello there.");
        assertThat(events.events()).contains(new StreamEvent.Usage(21, 9, 4));
        assertThat(events.events()).noneMatch(StreamEvent.Remote.class::isInstance);
        assertThat(body).isEqualTo(TestHttp.json("""
                {"model":"gpt-4.1","instructions":"Be brief.",
                 "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}],
                 "temperature":0.5,"max_output_tokens":200,"stream":true,"store":false}"""));
    }

    @Test
    void aBackgroundBodyAsksForBackgroundStreamAndStoreAndSaysTheIdAfterItsPosition() throws Exception {
        JsonNode body = send(provider(true), ask("gpt-4.1", "Hi"),
                new Wire().start("resp_bg").message("msg_1", 0, "Yes.").completed("").body());

        events.awaitDone();
        assertThat(body.path("background").asBoolean()).isTrue();
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("store").asBoolean()).isTrue();
        List<StreamEvent> all = events.events();
        assertThat(all.subList(0, 4)).containsExactly(new StreamEvent.Position(0), new StreamEvent.Remote("resp_bg"),
                new StreamEvent.Position(1), new StreamEvent.Position(2));
        int text = all.indexOf(new StreamEvent.TextDelta("Yes."));
        assertThat(all.get(text - 1)).isEqualTo(new StreamEvent.Position(4));
    }

    @Test
    void reasoningSummariesAreReasoningAndAreAskedForOnlyFromReasoningModels() throws Exception {
        String wire = new Wire().start("resp_1")
                .event("response.output_item.added", "{\"output_index\":0,\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}}")
                .event("response.reasoning_summary_part.added", "{\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}}")
                .event("response.reasoning_summary_text.delta", "{\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"delta\":\"**Plan** count\"}")
                .event("response.reasoning_summary_text.delta", "{\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"delta\":\" up.\"}")
                .event("response.reasoning_summary_text.delta", "{\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":1,\"delta\":\"Done.\"}")
                .message("msg_1", 1, "1, 2, 3").completed("").body();
        JsonNode body = send(provider(false), ask("o4-mini", "Count"), wire);

        events.awaitDone();
        String reasoning = events.events().stream().filter(StreamEvent.ReasoningDelta.class::isInstance)
                .map(e -> ((StreamEvent.ReasoningDelta) e).text()).reduce("", String::concat);
        assertThat(reasoning).isEqualTo("**Plan** count up.\n\nDone.");
        assertThat(events.text()).isEqualTo("1, 2, 3");
        assertThat(body.path("reasoning")).isEqualTo(TestHttp.json("{\"summary\":\"auto\"}"));

        assertThat(ResponsesBody.reasoningModel("gpt-5")).isTrue();
        assertThat(ResponsesBody.reasoningModel("o3")).isTrue();
        assertThat(ResponsesBody.reasoningModel("openai/o3-mini")).isTrue();
        assertThat(ResponsesBody.reasoningModel("gpt-5-chat-latest")).isFalse();
        assertThat(ResponsesBody.reasoningModel("gpt-4o")).isFalse();
        assertThat(ResponsesBody.of(ask("gpt-4o", "x"), false).has("reasoning")).isFalse();
    }

    @Test
    void aFunctionCallStreamsInPiecesUnderItsOutputIndexAndItsFollowUpIsSentAsItems() throws Exception {
        String wire = new Wire().start("resp_1").message("msg_1", 0, "Let me check.")
                .event("response.output_item.added", "{\"output_index\":1,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"in_progress\",\"call_id\":\"call_abc\",\"name\":\"echo\",\"arguments\":\"\"}}")
                .event("response.function_call_arguments.delta", "{\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"{\\\"text\\\":\"}")
                .event("response.function_call_arguments.delta", "{\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"\\\"hi\\\"}\"}")
                .event("response.function_call_arguments.done", "{\"item_id\":\"fc_1\",\"output_index\":1,\"arguments\":\"{\\\"text\\\":\\\"hi\\\"}\"}")
                .completed(",\"output\":[{\"type\":\"function_call\"}]").body();
        send(provider(false), ask("gpt-4.1", "Echo hi").withTools(List.of(ECHO)), wire);

        assertThat(events.awaitDone().finishReason()).isEqualTo("tool_calls");
        assertThat(events.events()).filteredOn(StreamEvent.ToolCallDelta.class::isInstance).containsExactly(
                new StreamEvent.ToolCallDelta(1, "call_abc", "echo", ""),
                new StreamEvent.ToolCallDelta(1, null, null, "{\"text\":"),
                new StreamEvent.ToolCallDelta(1, null, null, "\"hi\"}"));

        ChatRequest followUp = new ChatRequest("gpt-4.1", null, List.of(
                new Turn(Role.USER, "Echo hi"),
                new Turn(Role.ASSISTANT, "Let me check.", List.of(),
                        List.of(new ToolUse("call_abc", "echo", "{\"text\":\"hi\"}", "hi", false))),
                new Turn(Role.USER, "Thanks")), null, null, false, List.of(ECHO));
        assertThat(ResponsesBody.of(followUp, false)).isEqualTo(TestHttp.json("""
                {"model":"gpt-4.1","input":[
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"Echo hi"}]},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Let me check."}]},
                  {"type":"function_call","call_id":"call_abc","name":"echo","arguments":"{\\"text\\":\\"hi\\"}"},
                  {"type":"function_call_output","call_id":"call_abc","output":"hi"},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"Thanks"}]}],
                 "tools":[{"type":"function","name":"echo","description":"Says the text back",
                   "parameters":{"type":"object","properties":{"text":{"type":"string"}}}}],
                 "stream":true,"store":false}"""));
    }

    @Test
    void withoutToolsOfferedAToolHistoryGoesAsText() {
        ChatRequest request = new ChatRequest("gpt-4.1", null, List.of(
                new Turn(Role.USER, "Echo hi"),
                new Turn(Role.ASSISTANT, "", List.of(), List.of(new ToolUse("c1", "echo", "{}", "hi", false)))));
        JsonNode input = ResponsesBody.of(request, false).path("input");
        assertThat(input).hasSize(2);
        assertThat(input.get(1).path("content").get(0).path("text").asText())
                .isEqualTo("[Called tool echo with {}. Result: hi]");
    }

    @Test
    void anIncompleteReplyEndsWithTheReasonAsGiven() throws Exception {
        send(provider(false), ask("gpt-4.1", "Hi"), new Wire().start("resp_1").message("msg_1", 0, "Partial")
                .event("response.incomplete", "{\"response\":{\"id\":\"resp_1\",\"status\":\"incomplete\","
                        + "\"incomplete_details\":{\"reason\":\"max_output_tokens\"}}}").body());
        assertThat(events.awaitDone().finishReason()).isEqualTo("max_output_tokens");
        assertThat(events.text()).isEqualTo("Partial");
    }

    @Test
    void anUnknownIncompleteReasonIsShownAsItIs() throws Exception {
        send(provider(false), ask("gpt-4.1", "Hi"), new Wire().start("resp_1").message("msg_1", 0, "P")
                .event("response.incomplete", "{\"response\":{\"incomplete_details\":{\"reason\":\"length\"}}}").body());
        assertThat(events.awaitDone().finishReason()).isEqualTo("length");
    }

    @Test
    void aFailedReplyFailsWithTheServicesMessageAndKeepsThePartial() throws Exception {
        send(provider(false), ask("gpt-4.1", "Hi"), new Wire().start("resp_1").message("msg_1", 0, "Some ")
                .event("response.failed", "{\"response\":{\"id\":\"resp_1\",\"status\":\"failed\",\"error\":"
                        + "{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit reached for " + KEY + "\"}}}").body());
        StreamEvent.Failed failed = events.awaitFailed();
        assertThat(failed.connectionLost()).isFalse();
        assertThat(failed.message()).contains("Rate limit reached").contains("The reply so far is kept")
                .doesNotContain(KEY);
        assertThat(events.text()).isEqualTo("Some ");
    }

    @Test
    void anErrorEventMidStreamFailsAndKeepsThePartial() throws Exception {
        send(provider(false), ask("gpt-4.1", "Hi"), new Wire().start("resp_1").message("msg_1", 0, "Half")
                .event("error", "{\"code\":\"invalid_prompt\",\"message\":\"Something broke\",\"param\":null}")
                .message("msg_2", 1, "never shown").body());
        StreamEvent.Failed failed = events.awaitFailed();
        assertThat(failed.message()).contains("Something broke").contains("kept");
        assertThat(events.text()).isEqualTo("Half");
    }

    @Test
    void aRefusalIsARefusal() throws Exception {
        send(provider(false), ask("gpt-4.1", "Hi"), new Wire().start("resp_1")
                .event("response.refusal.delta", "{\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
                        + "\"delta\":\"I can't help with that.\"}").completed("").body());
        events.awaitDone();
        assertThat(events.events()).contains(new StreamEvent.RefusalDelta("I can't help with that."));
    }

    @Test
    void theEndOfTheBodyWithoutATerminalEventIsALostConnectionAndUnknownTypesAreIgnored() throws Exception {
        send(provider(false), ask("gpt-4.1", "Hi"), new Wire().start("resp_1")
                .event("response.web_search_call.searching", "{\"output_index\":0}")
                .message("msg_1", 1, "Cut").body());
        StreamEvent.Failed failed = events.awaitFailed();
        assertThat(failed.connectionLost()).isTrue();
        assertThat(failed.message()).contains("The reply so far is kept");
        assertThat(events.text()).isEqualTo("Cut");
    }

    @Test
    void resumeDropsEventsAtOrBeforeStartingAfterThatAServerSendsAnyway() throws Exception {
        String wire = new Wire().start("resp_r").message("msg_1", 0, "a", "b", "c", "d").completed("").body();
        server.enqueue(TestHttp.sse(wire).build()); // the whole log, although only events after 5 were asked for
        provider(true).resume("resp_r", 5, "gpt-4.1", events);

        events.awaitDone();
        assertThat(events.text()).isEqualTo("cd"); // "a" is event 4, "b" event 5
        assertThat(events.events().get(0)).isEqualTo(new StreamEvent.Position(6));
        RecordedRequest get = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(get.getMethod()).isEqualTo("GET");
        assertThat(get.getUrl().encodedPath()).isEqualTo("/v1/responses/resp_r");
        assertThat(get.getUrl().encodedQuery()).isEqualTo("stream=true&starting_after=5");
        assertThat(get.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void aResumeThatGetsOnlyTheTerminalEventEndsDone() throws Exception {
        server.enqueue(TestHttp.sse(new Wire().completed("").body()).build());
        provider(true).resume("resp_r", 12, "gpt-4.1", events);
        // a server that finished before we asked may send the terminal event alone, numbered anew
        assertThat(events.awaitTerminal()).isInstanceOf(StreamEvent.Done.class);
    }

    @Test
    void aPlainJsonAnswerIsTheReplyButNeverAResumesRest() throws Exception {
        String reply = "{\"id\":\"resp_j\",\"status\":\"completed\",\"output\":[{\"type\":\"message\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"Whole.\"}]}],\"usage\":{\"input_tokens\":1,"
                + "\"output_tokens\":2}}";
        server.enqueue(TestHttp.jsonError(200, reply));
        provider(false).stream(ask("gpt-4.1", "Hi"), events);
        assertThat(events.awaitDone().finishReason()).isEqualTo("stop");
        assertThat(events.text()).isEqualTo("Whole.");

        EventCollector resumed = new EventCollector();
        server.enqueue(TestHttp.jsonError(200, reply));
        provider(true).resume("resp_j", 7, "gpt-4.1", resumed);
        StreamEvent.Failed failed = resumed.awaitFailed();
        assertThat(failed.message()).contains("whole reply instead of streaming");
        assertThat(resumed.text()).isEmpty();
    }

    @Test
    void attachmentsGoAsInputImageAndInputFileNeverAnImageAsAFile() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        byte[] pdf = {'%', 'P', 'D', 'F'};
        Turn turn = new Turn(Role.USER, "What is this?", List.of(
                new ChatRequest.Text("notes.txt:\nhello"),
                new ChatRequest.Image("image/png", png),
                new ChatRequest.Document("application/pdf", pdf, "paper.pdf"),
                new ChatRequest.Document("image/jpeg", png, "photo.jpg")));
        JsonNode content = ResponsesBody.of(new ChatRequest("gpt-4.1", null, List.of(turn)), false)
                .path("input").get(0).path("content");
        assertThat(content).isEqualTo(TestHttp.json("""
                [{"type":"input_image","image_url":"data:image/png;base64,iVBORw==","detail":"auto"},
                 {"type":"input_file","filename":"paper.pdf","file_data":"data:application/pdf;base64,JVBERg=="},
                 {"type":"input_image","image_url":"data:image/jpeg;base64,iVBORw==","detail":"auto"},
                 {"type":"input_text","text":"notes.txt:\\nhello"},
                 {"type":"input_text","text":"What is this?"}]"""));
    }

    @Test
    void anHttpErrorNeverShowsTheKey() throws Exception {
        server.enqueue(TestHttp.jsonError(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        provider(false).stream(ask("gpt-4.1", "Hi"), events);
        StreamEvent.Failed failed = events.awaitFailed();
        assertThat(failed.message()).doesNotContain(KEY).doesNotContain("ABCDEF0123456789");
        assertThat(failed.connectionLost()).isFalse();
    }
}
