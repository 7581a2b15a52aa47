package dev.tidemark.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session format 4: {@code compared} names the messages whose replies are compared side by side,
 * written only when there is one, read back so the replies keep their asked order and the first stays
 * chosen; a newer file shown read-only keeps it too.
 */
class ComparedSessionFileTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Message reply(String id, String model, int millis) {
        return new Message(id, Role.ASSISTANT, "From " + model, MessageStatus.COMPLETE, T.plusMillis(millis), model, null);
    }

    /** One question sent to three models; the replies finished in another order than they were asked. */
    static Session comparedTurn() {
        Session s = new Session("cmp", "Compared", T, T, List.of(Message.user("q1", "Which?", T)))
                .withCompared("q1");
        s = s.withChild("q1", reply("r3", "c/three", 3), T.plusSeconds(3));
        s = s.withChild("q1", reply("r1", "a/one", 1), T.plusSeconds(4));
        return s.withChild("q1", reply("r2", "b/two", 2), T.plusSeconds(5));
    }

    @Test
    void aComparedForkIsWrittenAndReadBack() throws Exception {
        Session turn = comparedTurn();
        byte[] file = new SessionCodec().encode(turn);
        JsonNode root = JSON.readTree(file);
        assertThat(root.path("format").asInt()).isEqualTo(SessionCodec.FORMAT_VERSION);
        assertThat(root.path("compared").isArray()).isTrue();
        assertThat(root.path("compared")).extracting(JsonNode::asText).containsExactly("q1");

        Session back = new SessionCodec().decode(file);
        assertThat(back).isEqualTo(turn);
        assertThat(back.isCompared("q1")).isTrue();
        assertThat(back.children("q1")).extracting(Message::id).containsExactly("r1", "r2", "r3");
        assertThat(back.messages()).extracting(Message::id).containsExactly("q1", "r1");
    }

    @Test
    void aChatWithNoComparedForkHasNoComparedMember() throws Exception {
        Session plain = new Session("p", "Plain", T, T, List.of(Message.user("q1", "Hi", T), reply("a1", "a/one", 1)));
        assertThat(JSON.readTree(new SessionCodec().encode(plain)).has("compared")).isFalse();
        Session chosen = comparedTurn().withActive("r2"); // "Use this one" ends the comparison
        assertThat(JSON.readTree(new SessionCodec().encode(chosen)).has("compared")).isFalse();
        assertThat(new SessionCodec().decode(new SessionCodec().encode(chosen)).messages()).extracting(Message::id)
                .containsExactly("q1", "r2");
    }

    @Test
    void anIdThatNamesNoMessageIsLeftOut() throws Exception {
        String file = new String(new SessionCodec().encode(comparedTurn()), StandardCharsets.UTF_8)
                .replace("\"compared\" : [ \"q1\" ]", "\"compared\" : [ \"q1\", \"gone\", 7 ]");
        assertThat(file).contains("\"gone\"");
        Session back = new SessionCodec().decode(file.getBytes(StandardCharsets.UTF_8));
        assertThat(back.compared()).containsExactly("q1");
    }

    @Test
    void aNewerFileShownReadOnlyKeepsItsComparedFork() throws Exception {
        String newer = new String(new SessionCodec().encode(comparedTurn()), StandardCharsets.UTF_8)
                .replace("\"format\" : " + SessionCodec.FORMAT_VERSION, "\"format\" : " + (SessionCodec.FORMAT_VERSION + 1));
        SessionCodec.Partial partial = new SessionCodec().decodeLeniently(newer.getBytes(StandardCharsets.UTF_8), "cmp");
        assertThat(partial.format()).isEqualTo(SessionCodec.FORMAT_VERSION + 1);
        assertThat(partial.session().isCompared("q1")).isTrue();
        assertThat(partial.session().messages()).extracting(Message::id).containsExactly("q1", "r1");
    }

    @Test
    void theStoreSavesAndReopensAComparedTurn() throws Exception {
        List<String> problems = new ArrayList<>();
        try (SessionStore store = SessionStore.open(dir, true, p -> problems.add(p.message()))) {
            store.put(comparedTurn());
            store.flush().get(10, TimeUnit.SECONDS);
        }
        try (SessionStore store = SessionStore.open(dir, false, p -> problems.add(p.message()))) {
            Session back = store.get("cmp").orElseThrow();
            assertThat(back).isEqualTo(comparedTurn());
            assertThat(back.children("q1")).extracting(Message::model).containsExactly("a/one", "b/two", "c/three");
        }
        assertThat(problems).isEmpty();
    }
}
