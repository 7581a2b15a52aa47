package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code show}'s tool calls, as the command-line contract of issue 17 names them. */
class ShowToolCallsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Session session() {
        Attachment red = new Attachment("picture-1.png", "image/png", 69, HASH);
        List<ToolCall> calls = List.of(
                new ToolCall("call_1", "test__add", "{\"a\":2,\"b\":40}", "test", "add", ToolCallState.DONE,
                        ToolResult.text("42")),
                new ToolCall("call_2", "append", "{\"path\":\"f\",\"line\":\"x\"}", "test", "append",
                        ToolCallState.INTERRUPTED, null),
                new ToolCall("call_3", "picture", "{}", "test", "picture", ToolCallState.DONE,
                        new ToolResult("A red pixel.", false, List.of(red))),
                new ToolCall("call_4", "fail", "{}", "test", "fail", ToolCallState.ERROR, ToolResult.failure("no")),
                new ToolCall("call_5", "tides", "{\"port\":\"Brest\"}"));
        return new Session("s1", "Tools", T0, T0, List.of(
                Message.user("q", "Add them", T0),
                new Message("a", Role.ASSISTANT, "", MessageStatus.COMPLETE, T0, "demo", null, "", calls, false,
                        ReplyStats.NONE).withParent("q")));
    }

    @Test
    void eachCallHasItsOwnNameServerArgumentsStateAndResult() throws Exception {
        JsonNode calls = ShowCommand.toJson(session(), false).path("messages").get(1).path("toolCalls");

        assertThat(JSON.readTree(JSON.writeValueAsString(calls))).isEqualTo(JSON.readTree("""
                [ {"id": "call_1", "name": "add", "server": "test", "arguments": "{\\"a\\":2,\\"b\\":40}",
                   "state": "done", "result": "42"},
                  {"id": "call_2", "name": "append", "server": "test", "arguments": "{\\"path\\":\\"f\\",\\"line\\":\\"x\\"}",
                   "state": "interrupted", "result": null},
                  {"id": "call_3", "name": "picture", "server": "test", "arguments": "{}", "state": "done",
                   "result": "A red pixel.", "attachments": [{"name": "picture-1.png", "mediaType": "image/png",
                   "size": 69, "sha256": "%s"}]},
                  {"id": "call_4", "name": "fail", "server": "test", "arguments": "{}", "state": "error",
                   "result": "no", "error": true},
                  {"id": "call_5", "name": "tides", "server": null, "arguments": "{\\"port\\":\\"Brest\\"}",
                   "state": null, "result": null} ]
                """.formatted(HASH)));
    }

    @Test
    void plainShowHasALinePerCallWithItsState() {
        List<ToolCall> calls = session().messages().get(1).toolCalls();

        assertThat(calls.stream().map(ShowCommand::toolCallLine)).containsExactly(
                "Tool call: test/add {\"a\":2,\"b\":40} — done: 42",
                "Tool call: test/append {\"path\":\"f\",\"line\":\"x\"} — interrupted",
                "Tool call: test/picture {} — done: A red pixel. (Attachments: picture-1.png (image/png, 69 bytes))",
                "Tool call: test/fail {} — error: no",
                "Tool call: tides {\"port\":\"Brest\"} — not run");
    }
}
