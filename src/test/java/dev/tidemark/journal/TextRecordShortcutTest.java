package dev.tidemark.journal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TextRecordShortcutTest {

    private final JournalEncoder encoder = new JournalEncoder();

    @Test
    void readsTheEncodersTextRecordsWithAndWithoutThrough() {
        for (JournalRecord.TextDelta text : new JournalRecord.TextDelta[] {
                new JournalRecord.TextDelta("r1", 3, " wor\"ld\n"),
                new JournalRecord.TextDelta("r1", 4, 9, "coalesced")}) {
            byte[] line = encoder.encode(text);
            assertThat(TextRecordShortcut.read(line, LineChecksum.MEMBER_LENGTH, line.length - 1, new StreamIds()))
                    .isEqualTo(text);
        }
    }

    @Test
    void leavesEverythingElseToTheGeneralParser() {
        assertThat(read("\"type\":\"stream.reasoning\",\"stream\":\"r1\",\"seq\":1,\"text\":\"x\"}")).isNull();
        assertThat(read("\"type\":\"stream.text\",\"seq\":1,\"stream\":\"r1\",\"text\":\"x\"}")).isNull();
        assertThat(read("\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":1,\"text\":\"x\",\"new\":1}")).isNull();
        assertThat(read("\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":5,\"through\":4,\"text\":\"x\"}"))
                .isNull();
        assertThat(read("\"type\":\"stream.text\",\"stream\":\"r\\u0031\",\"seq\":1,\"text\":\"x\"}")).isNull();
    }

    private static JournalRecord.TextDelta read(String members) {
        byte[] b = members.getBytes(StandardCharsets.UTF_8);
        return TextRecordShortcut.read(b, 0, b.length, null);
    }
}
