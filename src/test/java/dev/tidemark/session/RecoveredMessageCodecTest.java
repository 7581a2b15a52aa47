package dev.tidemark.session;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Session format 7: {@code "recovered": true} on a reply recovered and since finished. */
class RecoveredMessageCodecTest {

    private static final Instant T = Instant.parse("2026-12-07T03:00:00Z");
    private final SessionCodec codec = new SessionCodec();
    private final List<String> problems = new ArrayList<>();

    @TempDir
    Path dataDir;

    @Test
    void theFlagIsWrittenOnlyWhenTheStatusDoesNotSayItAndReadBackExactly() throws Exception {
        Message finished = reply("r1", MessageStatus.COMPLETE).withRecovered(true);
        Message waiting = reply("r2", MessageStatus.RECOVERED);
        Message plain = reply("r3", MessageStatus.COMPLETE);
        Message stopped = reply("r4", MessageStatus.STOPPED).withRecovered(true);
        assertThat(SessionCodec.toJson(finished).path("recovered").asBoolean()).isTrue();
        assertThat(SessionCodec.toJson(stopped).path("recovered").asBoolean()).isTrue();
        assertThat(SessionCodec.toJson(waiting).has("recovered")).as("the status says it").isFalse();
        assertThat(SessionCodec.toJson(plain).has("recovered")).isFalse();

        Session session = session(finished, waiting, plain, stopped);
        Session back = codec.decode(codec.encode(session));
        assertThat(back).isEqualTo(session);
        assertThat(back.allMessages()).extracting(Message::id, Message::recovered, Message::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("q1", false, MessageStatus.COMPLETE),
                        org.assertj.core.groups.Tuple.tuple("r1", true, MessageStatus.COMPLETE),
                        org.assertj.core.groups.Tuple.tuple("r2", true, MessageStatus.RECOVERED),
                        org.assertj.core.groups.Tuple.tuple("r3", false, MessageStatus.COMPLETE),
                        org.assertj.core.groups.Tuple.tuple("r4", true, MessageStatus.STOPPED));
        assertThat(new String(codec.encode(session), StandardCharsets.UTF_8)).contains("\"format\" : 7");
    }

    @Test
    void onlyATrueBooleanMarksAMessage() throws Exception {
        String file = new String(codec.encode(session(reply("r1", MessageStatus.COMPLETE).withRecovered(true))),
                StandardCharsets.UTF_8);
        for (String other : List.of("false", "\"true\"", "1", "null")) {
            Session read = codec.decode(file.replace("\"recovered\" : true", "\"recovered\" : " + other)
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(read.message("r1").orElseThrow().recovered()).as(other).isFalse();
        }
    }

    @Test
    void aFileOfANewerFormatWithTheFlagIsShownWithItAndNeverRewritten() throws Exception {
        String newer = new String(codec.encode(session(reply("r1", MessageStatus.COMPLETE).withRecovered(true))),
                StandardCharsets.UTF_8).replace("\"format\" : " + SessionCodec.FORMAT_VERSION,
                "\"format\" : " + (SessionCodec.FORMAT_VERSION + 1));
        Path sessions = dataDir.resolve("sessions");
        Files.createDirectories(sessions);
        Files.writeString(sessions.resolve("s1.json"), newer);
        try (SessionStore store = SessionStore.open(dataDir, true, p -> problems.add(p.message()),
                Clock.fixed(T, ZoneOffset.UTC))) {
            assertThat(store.summary("s1").orElseThrow().readOnly()).isTrue();
            assertThat(store.get("s1").orElseThrow().message("r1").orElseThrow().recovered()).isTrue();
            store.update("s1", s -> s.withTitle("changed", T));
            store.flush().get(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(sessions.resolve("s1.json"))).as("never rewritten, the flag kept").isEqualTo(newer);
    }

    private static Message reply(String id, MessageStatus status) {
        return new Message(id, Role.ASSISTANT, "text of " + id, status, T, "gpt-5", null, "", List.of(), false)
                .withParent("q1");
    }

    private static Session session(Message... replies) {
        List<Message> all = new ArrayList<>();
        all.add(Message.user("q1", "question", T));
        all.addAll(List.of(replies));
        return new Session("s1", "Recovered", T, T, all, java.util.Map.of(), null, false, null, null, List.of());
    }
}
