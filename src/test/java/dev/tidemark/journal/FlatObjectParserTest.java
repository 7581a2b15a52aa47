package dev.tidemark.journal;

import dev.tidemark.model.MessageStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The flat-object parser and the record its members make ({@link RecordFields}). */
class FlatObjectParserTest {

    @Test
    void membersInAnyOrderMakeTheirRecord() {
        RecordFields fields = parsed("\"at\":\"2026-12-06T10:00:00Z\",\"seq\":7,\"status\":\"complete\","
                + "\"detail\":null,\"stream\":\"r1\",\"type\":\"stream.end\",\"added\":\"later\"}");
        assertThat(fields.toRecord()).isEqualTo(new JournalDecoder.Decoded.Valid(new JournalRecord.StreamEnded(
                "r1", 7, MessageStatus.COMPLETE, null, Instant.parse("2026-12-06T10:00:00Z"))));
    }

    @Test
    void declinesWhatOnlyJacksonReads() {
        for (String members : new String[] {
                "\"type\":\"x\",\"nested\":{\"a\":1}}", "\"type\":\"x\",\"flag\":true}", "\"type\":\"x\",\"f\":1.5}",
                "\"ty\\u0070e\":\"x\"}", "\"type\":\"x\",\"n\":1234567890123456789}", "\"type\":\"x\""}) {
            byte[] b = members.getBytes(StandardCharsets.UTF_8);
            assertThat(FlatObjectParser.parse(b, 0, b.length, new RecordFields())).as(members).isFalse();
        }
    }

    @Test
    void aRecordMissingAMemberItNeedsIsRefused() {
        RecordFields noText = parsed("\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":1}");
        assertThatThrownBy(noText::toRecord)
                .hasMessage("missing text");
        assertThat(parsed("\"seq\":1}").toRecord()).isEqualTo(new JournalDecoder.Decoded.Damaged("no type"));
        assertThat(parsed("\"type\":\"stream.sparkles\"}").toRecord())
                .isEqualTo(new JournalDecoder.Decoded.UnknownType("stream.sparkles"));
    }

    private static RecordFields parsed(String members) {
        byte[] b = members.getBytes(StandardCharsets.UTF_8);
        RecordFields fields = new RecordFields();
        assertThat(FlatObjectParser.parse(b, 0, b.length, fields)).isTrue();
        return fields;
    }
}
