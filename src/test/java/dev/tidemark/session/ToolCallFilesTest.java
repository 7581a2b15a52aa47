package dev.tidemark.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Session format 6: the tool loop's calls in session files, newer files left alone, tool images as attachments. */
class ToolCallFilesTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final Attachment IMAGE = new Attachment("picture.png", "image/png", 4,
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private final List<String> problems = new CopyOnWriteArrayList<>();

    static List<ToolCall> everyState() {
        List<ToolCall> calls = new ArrayList<>();
        calls.add(new ToolCall("c0", "shown", "{}"));
        ToolCall base = new ToolCall("c1", "files__append", "{\"line\":\"x\"}").requested("files", "append");
        calls.add(base);
        calls.add(new ToolCall("c2", "echo", "{}", "t", "echo", ToolCallState.DENIED, ToolResult.failure("Denied.")));
        calls.add(new ToolCall("c3", "slow", "{}", "t", "slow", ToolCallState.RUNNING, null));
        calls.add(new ToolCall("c4", "picture", "{}", "t", "picture", ToolCallState.DONE,
                new ToolResult("a picture", false, List.of(IMAGE))));
        calls.add(new ToolCall("c5", "fail", "{}", "t", "fail", ToolCallState.ERROR, ToolResult.failure("It broke.")));
        calls.add(new ToolCall("c6", "append", "{}", "t", "append", ToolCallState.INTERRUPTED, null));
        return calls;
    }

    static Session withCalls(String id, List<ToolCall> calls) {
        Message reply = new Message(id + "r", Role.ASSISTANT, "", MessageStatus.COMPLETE, NOW, "a/one", null, "", calls,
                false);
        return new Session(id, "Tools", NOW, NOW, List.of(Message.user(id + "q", "go", NOW), reply));
    }

    @Test
    void everyStateAndResultRoundTrips() throws Exception {
        Session session = withCalls("s", everyState()).withSettings(new SessionSettings(null, null, null, null, null, false), NOW);
        byte[] bytes = new SessionCodec().encode(session);
        assertThat(new SessionCodec().decode(bytes)).isEqualTo(session);
        JsonNode calls = JSON.readTree(bytes).path("messages").get(1).path("toolCalls");
        assertThat(calls.get(0).has("state")).as("a call only shown has no state").isFalse();
        assertThat(calls.get(0).has("server")).isFalse();
        assertThat(calls.get(1).path("state").asText()).isEqualTo("requested");
        assertThat(calls.get(1).has("result")).isFalse();
        assertThat(calls.get(4).path("result").path("images").get(0).path("sha256").asText()).isEqualTo(IMAGE.sha256());
        assertThat(calls.get(5).path("result").path("error").asBoolean()).isTrue();
        assertThat(JSON.readTree(bytes).path("settings").path("tools").asBoolean(true)).isFalse();
        assertThat(new String(new SessionCodec().encode(withCalls("t", List.of())), StandardCharsets.UTF_8))
                .as("tools on: not written").doesNotContain("\"tools\"");
    }

    @Test
    void anUnknownStateInAFileOfThisFormatIsDamaged() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(new SessionCodec().encode(withCalls("s", everyState())));
        ((ObjectNode) root.path("messages").get(1).path("toolCalls").get(1)).put("state", "paused");
        assertThatThrownBy(() -> new SessionCodec().decode(JSON.writeValueAsBytes(root)))
                .isInstanceOf(SessionCodec.UnreadableSession.class).hasMessageContaining("paused");
    }

    @Test
    void aNewerFileIsShownReadOnlyAndWhatItsCallsHoldThatThisVersionDoesNotKnowSurvives() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(new SessionCodec().encode(withCalls("n", everyState())));
        root.put("format", SessionCodec.FORMAT_VERSION + 1);
        ObjectNode call = (ObjectNode) root.path("messages").get(1).path("toolCalls").get(4);
        call.putObject("approval").put("by", "someone").put("at", NOW.toString());
        call.put("state", "paused");
        ((ObjectNode) call.path("result")).put("structured", "{\"a\":1}");
        Path file = dataDir.resolve(SessionStore.DIRECTORY).resolve("n.json");
        Files.createDirectories(file.getParent());
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        Files.write(file, bytes);
        try (Workspace w = Workspace.open(dataDir, Journal.Options.defaults(), Clock.fixed(NOW, ZoneOffset.UTC),
                p -> problems.add(p.message()))) {
            assertThat(w.store().summary("n").orElseThrow().readOnly()).isTrue();
            Session shown = w.store().get("n").orElseThrow();
            ToolCall kept = shown.message("nr").orElseThrow().toolCalls().get(4);
            assertThat(kept.state()).as("a state this version does not know: shown without one").isNull();
            assertThat(kept.result().images()).containsExactly(IMAGE);
            w.store().put(shown.withTitle("Renamed", NOW));
            w.store().flush().get(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readAllBytes(file)).as("never written over: what it holds survives").isEqualTo(bytes);
    }

    @Test
    void emptyingTheTrashOfAnotherChatNeverDeletesAnImageAToolResultStillNames() throws Exception {
        AttachmentStore attachments = new AttachmentStore(dataDir);
        Attachment shared = attachments.store("an image bytes".getBytes(StandardCharsets.UTF_8), "picture.png");
        Attachment own = attachments.store("only the trashed one".getBytes(StandardCharsets.UTF_8), "own.txt");
        ToolCall call = new ToolCall("c1", "picture", "{}", "t", "picture", ToolCallState.DONE,
                new ToolResult("a picture", false, List.of(shared)));
        try (Workspace w = open(NOW)) {
            w.store().put(new Session("gone", "Gone", NOW, NOW,
                    List.of(Message.user("goneq1", "files", NOW, List.of(own, shared)))).withDeletedAt(NOW.minusSeconds(3600)));
            w.store().put(withCalls("stays", List.of(call)));
            w.store().flush().get(10, TimeUnit.SECONDS);
        }
        try (Workspace w = open(NOW.plus(SessionStore.KEPT))) {
            assertThat(w.store().summary("gone")).isEmpty();
            assertThat(w.store().get("stays")).isPresent();
        }
        assertThat(attachments.path(own.sha256())).as("referred to by nothing any more").doesNotExist();
        assertThat(attachments.path(shared.sha256())).as("a tool result still names it").exists();
        assertThat(problems).isEmpty();
    }

    @Test
    void fsckReportsAToolResultImageMissingOrDamagedAndACallSavedRunning() throws Exception {
        AttachmentStore attachments = new AttachmentStore(dataDir);
        Attachment kept = attachments.store("an image bytes".getBytes(StandardCharsets.UTF_8), "kept.png");
        Attachment damaged = attachments.store("damaged bytes".getBytes(StandardCharsets.UTF_8), "damaged.png");
        Files.writeString(attachments.path(damaged.sha256()), "changed bytes");
        List<ToolCall> calls = List.of(
                new ToolCall("c1", "picture", "{}", "t", "picture", ToolCallState.DONE,
                        new ToolResult("pictures", false, List.of(kept, damaged, IMAGE))),
                new ToolCall("c2", "slow", "{}", "t", "slow", ToolCallState.RUNNING, null));
        try (SessionStore store = SessionStore.open(dataDir, true, p -> { })) {
            store.put(withCalls("s", calls));
            store.flush().get(10, TimeUnit.SECONDS);
            AttachmentFsck.Result result = new AttachmentFsck(dataDir, store).check();
            assertThat(result.problems()).extracting(AttachmentFsck.Finding::what).containsExactlyInAnyOrder(
                    "\"Tools\" (s), message sr, tool call c1 (picture): image 'damaged.png' is damaged: its bytes no"
                            + " longer match (attachments/" + damaged.sha256() + ")",
                    "\"Tools\" (s), message sr, tool call c1 (picture): image 'picture.png' is missing (attachments/"
                            + IMAGE.sha256() + ")");
            assertThat(result.notes()).as("every image is referenced: no orphan").isEmpty();
            assertThat(result.running()).singleElement().satisfies(f -> assertThat(f.what())
                    .startsWith("\"Tools\" (s), message sr, tool call c2 (slow) was running").contains("interrupted"));
        }
    }

    private Workspace open(Instant at) throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.fixed(at, ZoneOffset.UTC),
                p -> problems.add(p.message()));
    }
}
