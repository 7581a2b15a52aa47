package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code show --json}'s {@code recovered} and {@code status}, as issue 18's command line names them. */
class ShowRecoveredTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static Message reply(String id, String parent, MessageStatus status, boolean recovered) {
        return new Message(id, Role.ASSISTANT, "w001 w002", status, T0, "openai/gpt", null, "", List.of(), false,
                ReplyStats.NONE, parent, List.of(), recovered);
    }

    @Test
    void aRecoveredReplySaysSoWaitingOrFinishedAndANeverInterruptedOneDoesNot() {
        Session session = new Session("s1", "Background", T0, T0, List.of(
                Message.user("q1", "one", T0),
                reply("a1", "q1", MessageStatus.RECOVERED, true),
                Message.user("q2", "two", T0).withParent("a1"),
                reply("a2", "q2", MessageStatus.COMPLETE, true),
                Message.user("q3", "three", T0).withParent("a2"),
                reply("a3", "q3", MessageStatus.COMPLETE, false)));

        JsonNode messages = ShowCommand.toJson(session, false).path("messages");

        assertThat(messages.get(1).path("status").asText()).isEqualTo("recovered");
        assertThat(messages.get(1).path("recovered").asBoolean()).isTrue();
        assertThat(messages.get(3).path("status").asText()).as("finished by a re-attach").isEqualTo("complete");
        assertThat(messages.get(3).path("recovered").asBoolean()).isTrue();
        assertThat(messages.get(5).path("status").asText()).isEqualTo("complete");
        assertThat(messages.get(5).has("recovered")).as("never interrupted").isFalse();
    }
}
