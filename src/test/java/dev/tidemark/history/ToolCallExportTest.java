package dev.tidemark.history;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.SessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool calls in exports and imports, on real stores and real files: server, tool, state and result
 * round-trip exactly, a result's images travel in the attachments folder like a message's files,
 * Markdown shows each call with its arguments and result, and an export written before tools ran
 * still imports.
 */
class ToolCallExportTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    private static final byte[] RED_PIXEL = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    @TempDir
    Path tmp;

    private final List<SessionStore> stores = new ArrayList<>();
    private SessionStore source;
    private AttachmentStore sourceFiles;
    private Session session;

    @BeforeEach
    void aChatWhoseRepliesRanTools() throws Exception {
        source = store("source");
        sourceFiles = new AttachmentStore(tmp.resolve("source"));
        Attachment picture = sourceFiles.store(RED_PIXEL, "picture-1.png");
        Message question = Message.user("q1", "Add 2 and 40, then show me red.", T0);
        Message calling = reply("a1", "q1", "", List.of(
                new ToolCall("call_1", "add", "{\"a\":2,\"b\":40}", "test", "add", ToolCallState.DONE,
                        ToolResult.text("42")),
                new ToolCall("call_2", "test__append", "{\"path\":\"f.txt\",\"line\":\"x\"}", "test", "append",
                        ToolCallState.INTERRUPTED, null),
                new ToolCall("call_3", "fail", "{}", "test", "fail", ToolCallState.DENIED,
                        ToolResult.failure("The user denied this tool call, so it was not run.")),
                new ToolCall("call_4", "picture", "{}", "test", "picture", ToolCallState.DONE,
                        new ToolResult("A red pixel.", false, List.of(picture))),
                new ToolCall("call_5", "slow", "{\"millis\":10}", "test", "slow", ToolCallState.ERROR,
                        ToolResult.failure("The user cancelled this tool call while it was running."))));
        Message answer = reply("a2", "a1", "It is 42, and the picture is red.", List.of());
        session = new Session("tools", "Tools at work", T0, T0.plusSeconds(9), List.of(question, calling, answer));
        source.put(session);
    }

    private static Message reply(String id, String parent, String text, List<ToolCall> calls) {
        return new Message(id, Role.ASSISTANT, text, MessageStatus.COMPLETE, T0.plusSeconds(3), "gpt-4o", null, "",
                calls, false, ReplyStats.NONE).withParent(parent);
    }

    @AfterEach
    void closeStores() {
        stores.forEach(SessionStore::close);
    }

    @Test
    void toolCallsWithServerToolStateAndResultRoundTripExactlyWithTheirImages() throws Exception {
        Path file = tmp.resolve("out").resolve("chats.json");
        assertThat(exporter().exportAllTo(ExportFormat.JSON, file).sessions()).isEqualTo(1);
        Attachment picture = session.message("a1").orElseThrow().toolCalls().get(3).result().images().get(0);
        assertThat(tmp.resolve("out").resolve("chats.attachments").resolve(picture.sha256())).hasBinaryContent(RED_PIXEL);

        SessionStore target = store("target");
        AttachmentStore targetFiles = new AttachmentStore(tmp.resolve("target"));
        Importer importer = new Importer();
        assertThat(importer.apply(importer.read(file), new StoreLibrary(target, targetFiles)).imported())
                .containsExactly("tools");

        assertThat(target.get("tools")).contains(session);
        assertThat(targetFiles.read(picture)).isEqualTo(RED_PIXEL);
    }

    @Test
    void anExportWrittenBeforeToolsRanStillImportsWithItsShownCall() throws Exception {
        Path old = Path.of("src/test/resources/fixtures/exports/format5-shown-tool-call.tidemark.json");
        SessionStore target = store("target");
        Importer importer = new Importer();
        assertThat(importer.apply(importer.read(old), new StoreLibrary(target, new AttachmentStore(tmp.resolve("target"))))
                .imported()).containsExactly("oldtools");

        ToolCall call = target.get("oldtools").orElseThrow().message("a1").orElseThrow().toolCalls().get(0);
        assertThat(call).isEqualTo(new ToolCall("call_1", "tides", "{\"port\":\"Brest\"}"));
        assertThat(call.state()).isNull();
    }

    @Test
    void markdownShowsEachCallWithItsArgumentsStateAndResult() throws Exception {
        Path md = tmp.resolve("out").resolve("chat.md");
        assertThat(exporter().exportSessionTo("tools", ExportFormat.MARKDOWN, md)).isPresent();
        String text = Files.readString(md);

        assertThat(text).contains("""
                ```json
                {
                  "tool" : "add",
                  "server" : "test",
                  "id" : "call_1",
                  "arguments" : {
                    "a" : 2,
                    "b" : 40
                  }
                }
                ```

                Result (done):

                ```text
                42
                ```
                """);
        assertThat(text).contains("\"tool\" : \"append\"", "Result (interrupted): none.\n");
        assertThat(text).contains("Result (denied, error):\n\n```text\nThe user denied this tool call, so it was not run.\n```\n");
        assertThat(text).contains("Result (done):\n\n```text\nA red pixel.\n```\n\n![picture-1.png](<chat.files/picture-1.png>)\n");
        assertThat(tmp.resolve("out").resolve("chat.files").resolve("picture-1.png")).hasBinaryContent(RED_PIXEL);
    }

    @Test
    void markdownToAStreamNamesAResultsImageWithItsHash() throws Exception {
        StringWriter out = new StringWriter();
        exporter().exportSession("tools", ExportFormat.MARKDOWN, out);
        Attachment picture = session.message("a1").orElseThrow().toolCalls().get(3).result().images().get(0);
        assertThat(out.toString()).contains("Result (done):\n\n```text\nA red pixel.\n```\n\nAttachments: picture-1.png"
                + " (image/png, " + RED_PIXEL.length + " bytes, sha256 " + picture.sha256() + ")\n");
    }

    private Exporter exporter() {
        return new Exporter(new StoreLibrary(source, sourceFiles), CLOCK);
    }

    private SessionStore store(String name) throws Exception {
        SessionStore store = SessionStore.open(tmp.resolve(name), true, p -> { });
        stores.add(store);
        return store;
    }
}
