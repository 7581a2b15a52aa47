package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code show --json}'s {@code attachments}, as the command-line contract of issue 16 names them. */
class ShowAttachmentsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void aMessageWithAttachmentsListsNameTypeSizeAndHashAndOneWithoutHasNone() {
        Attachment photo = new Attachment("photo.png", "image/png", 48_213, HASH);
        Session session = new Session("s1", "Photo", T0, T0, List.of(
                Message.user("q", "What is this?", T0, List.of(photo)),
                new Message("a", Role.ASSISTANT, "A lighthouse.", MessageStatus.COMPLETE, T0, "demo", null)));

        JsonNode messages = ShowCommand.toJson(session, true).path("messages");

        JsonNode attachment = messages.get(0).path("attachments").get(0);
        assertThat(messages.get(0).path("attachments")).hasSize(1);
        assertThat(attachment.path("name").asText()).isEqualTo("photo.png");
        assertThat(attachment.path("mediaType").asText()).isEqualTo("image/png");
        assertThat(attachment.path("size").asLong()).isEqualTo(48_213);
        assertThat(attachment.path("sha256").asText()).isEqualTo(HASH);
        assertThat(messages.get(1).has("attachments")).isFalse();
    }
}
