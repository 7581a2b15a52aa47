package dev.tidemark.journal;

import dev.tidemark.model.MessageStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A record written by {@link JournalEncoder} and read by {@link JournalDecoder}. */
class JournalLineTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:15:30.123Z");
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private final JournalEncoder encoder = new JournalEncoder();
    private final JournalDecoder decoder = new JournalDecoder();

    @Test
    void everyRecordTypeSurvivesARoundTrip() {
        List<JournalRecord> records = List.of(
                new JournalRecord.SegmentHeader(1, 7, "00ff00ff00ff00ff", AT),
                new JournalRecord.SessionCreated("s1", "New chat", AT),
                new JournalRecord.UserMessage("s1", "m1", "héllo \"world\"\n\u2028next 😀", AT),
                new JournalRecord.UserMessage("s1", "m2", "to three models", AT, "a1", true),
                new JournalRecord.UserMessage("s1", "m3", "to one", AT, "", false),
                new JournalRecord.UserMessage("s1", "m4", "look at these", AT, "a1", false, 3),
                new JournalRecord.UserMessage("s1", "m5", "and these, to two", AT, "", true, 10),
                new JournalRecord.AttachmentStored("s1", "m4", 0, HASH, "photo.png", "image/png", 48213, AT),
                new JournalRecord.AttachmentStored("s1", "m4", 1, HASH, "r\u00e9sum\u00e9 \"final\"\nv2 \u2028 \ud83d\ude00.pdf",
                        "application/pdf", 0, AT),
                new JournalRecord.AttachmentStored("s1", "m4", 9, HASH, "\\back\\slash\t\u0001.txt", "text/plain",
                        20L * 1024 * 1024, AT),
                new JournalRecord.StreamStarted("r1", "s1", "openai", "gpt-4o", AT),
                new JournalRecord.TextDelta("r1", 1, "Hel"),
                new JournalRecord.TextDelta("r1", 2, 9, "coalesced \\ \" \t \u0001 end"),
                new JournalRecord.ReasoningDelta("r1", 10, "thinking…"),
                new JournalRecord.ReasoningDelta("r1", 11, 12, "more"),
                new JournalRecord.ToolCallDelta("r1", 13, 0, "call_1", "get_weather", "{\"ci"),
                new JournalRecord.ToolCallDelta("r1", 14, 0, null, null, "ty\":\"Oslo\"}"),
                new JournalRecord.StreamEnded("r1", 2, MessageStatus.STOPPED, "Stopped.", AT),
                new JournalRecord.StreamEnded("r2", 5, MessageStatus.COMPLETE, null, AT));
        for (JournalRecord record : records) {
            byte[] line = encoder.encode(record);
            assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
            assertThat(new String(line, 0, line.length - 1, StandardCharsets.UTF_8)).doesNotContain("\n");
            assertThat(decoder.decode(line, 0, line.length - 1)).isEqualTo(new JournalDecoder.Decoded.Valid(record));
        }
    }

    @Test
    void aLineStartsWithItsChecksumAndReadsAsPlainJson() {
        byte[] line = encoder.encode(new JournalRecord.TextDelta("r1", 3, "abc"));
        assertThat(new String(line, StandardCharsets.UTF_8))
                .matches("\\{\"crc\":\"[0-9a-f]{8}\",\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":3,\"text\":\"abc\"}\n");
    }

    @Test
    void aComparedQuestionCarriesCompareOneAndAnotherNothing() {
        String compared = new String(encoder.encode(new JournalRecord.UserMessage("s1", "m1", "which?", AT, "a1", true)),
                StandardCharsets.UTF_8);
        assertThat(compared).contains(",\"parent\":\"a1\",\"compare\":1,\"at\":");
        String single = new String(encoder.encode(new JournalRecord.UserMessage("s1", "m1", "which?", AT, "a1")),
                StandardCharsets.UTF_8);
        assertThat(single).doesNotContain("compare");
    }

    @Test
    void aMessageWithFilesSaysHowManyAndOneWithoutSaysNothing() {
        String with = new String(encoder.encode(new JournalRecord.UserMessage("s1", "m1", "see", AT, "", false, 2)),
                StandardCharsets.UTF_8);
        assertThat(with).contains(",\"attachments\":2,\"at\":");
        String without = new String(encoder.encode(new JournalRecord.UserMessage("s1", "m1", "see", AT, "")),
                StandardCharsets.UTF_8);
        assertThat(without).doesNotContain("attachments");
    }

    @Test
    void anAttachmentRecordIsAFlatBarrierLineWithEveryMember() {
        JournalRecord.AttachmentStored stored = new JournalRecord.AttachmentStored("s1", "m1", 0,
                new dev.tidemark.model.Attachment("a \"b\".png", "image/png", 7, HASH), AT);
        assertThat(stored.isBarrier()).as("forced before the request leaves").isTrue();
        assertThat(new String(encoder.encode(stored), StandardCharsets.UTF_8)).matches(
                "\\{\"crc\":\"[0-9a-f]{8}\",\"type\":\"attachment.stored\",\"session\":\"s1\",\"message\":\"m1\","
                        + "\"index\":0,\"sha256\":\"" + HASH + "\",\"name\":\"a \\\\\"b\\\\\".png\","
                        + "\"mediaType\":\"image/png\",\"size\":7,\"at\":\"2026-11-26T10:15:30.123Z\"}\n");
        assertThat(stored.attachment()).isEqualTo(new dev.tidemark.model.Attachment("a \"b\".png", "image/png", 7, HASH));
    }

    @Test
    void anAttachmentRecordWithoutAHashOrAMemberIsDamaged() {
        String good = new String(encoder.encode(new JournalRecord.AttachmentStored("s1", "m1", 0, HASH, "a.txt",
                "text/plain", 3, AT)), StandardCharsets.UTF_8);
        for (String damaged : List.of(good.replace(HASH, HASH.toUpperCase()), good.replace(",\"size\":3", ""),
                good.replace(",\"index\":0", ""), good.replace(",\"name\":\"a.txt\"", ""))) {
            byte[] line = recheck(damaged);
            assertThat(decoder.decode(line, 0, line.length)).as(damaged)
                    .isInstanceOf(JournalDecoder.Decoded.Damaged.class);
        }
    }

    /** A line with its checksum made right again after an edit (what a buggy writer could produce). */
    private static byte[] recheck(String line) {
        String body = "{" + line.substring(line.indexOf(",") + 1).stripTrailing();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return ("{\"crc\":\"" + String.format("%08x", crc.getValue()) + "\"," + body.substring(1))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] line = encoder.encode(new JournalRecord.UserMessage("s1", "m1", "the quick brown fox", AT));
        int length = line.length - 1;
        for (int i = 0; i < length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] copy = line.clone();
                copy[i] ^= (byte) (1 << bit);
                assertThat(decoder.decode(copy, 0, length))
                        .as("flip of bit %d in byte %d", bit, i)
                        .isInstanceOf(JournalDecoder.Decoded.Damaged.class);
            }
        }
    }

    @Test
    void truncatedLinesAndGarbageAreDamagedNotExceptions() {
        byte[] line = encoder.encode(new JournalRecord.TextDelta("r1", 3, "abc"));
        for (int cut = 0; cut < line.length - 1; cut++) {
            assertThat(decoder.decode(line, 0, cut)).isInstanceOf(JournalDecoder.Decoded.Damaged.class);
        }
        byte[] zeros = new byte[64];
        assertThat(decoder.decode(zeros, 0, zeros.length)).isInstanceOf(JournalDecoder.Decoded.Damaged.class);
    }

    @Test
    void aCheckedLineOfAnUnknownTypeIsSkippedNotDamaged() {
        // what a newer Tidemark might write: a valid line of a type this version does not know
        byte[] future = encoder.encode(new JournalRecord.TextDelta("r1", 1, "x"));
        String text = new String(future, StandardCharsets.UTF_8);
        String body = "{" + text.substring(text.indexOf(",") + 1, text.length() - 1)
                .replace("stream.text", "stream.sparkles").replace("\"seq\"", "\"future\":[1,{\"a\":true}],\"seq\"");
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        crc.update(bodyBytes);
        String line = "{\"crc\":\"" + String.format("%08x", crc.getValue()) + "\"," + body.substring(1);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.decode(bytes, 0, bytes.length))
                .isEqualTo(new JournalDecoder.Decoded.UnknownType("stream.sparkles"));
    }
}
