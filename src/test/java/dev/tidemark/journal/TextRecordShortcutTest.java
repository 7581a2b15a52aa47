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
            for (boolean inPlace : new boolean[] {false, true}) {
                assertThat(TextRecordShortcut.read(line, LineChecksum.MEMBER_LENGTH, line.length - 1, new StreamIds(),
                        inPlace)).isEqualTo(text);
            }
        }
    }

    @Test
    void inPlaceTheTextIsDecodedOnlyWhenAskedFor() {
        byte[] line = encoder.encode(new JournalRecord.TextDelta("r1", 3, "caf\u00e9 \"quoted\"\n"));
        JournalRecord.TextDelta read = TextRecordShortcut.read(line, LineChecksum.MEMBER_LENGTH, line.length - 1, null,
                true);
        int at = new String(line, StandardCharsets.ISO_8859_1).indexOf("caf");
        line[at] = 'C'; // the bytes are the text until it is asked for, and no longer after
        assertThat(read.text()).isEqualTo("Caf\u00e9 \"quoted\"\n");
        line[at] = 'X';
        assertThat(read.text()).isEqualTo("Caf\u00e9 \"quoted\"\n");
        assertThat(read.streamId()).isEqualTo("r1");
        assertThat(read.seq()).isEqualTo(3);
    }

    @Test
    void inPlaceATextWithAnEscapeJsonDoesNotHaveIsLeftToTheGeneralParser() {
        for (String text : new String[] {"bad \\x", "cut \\u00", "\\u00\"", "\\uXYZW"}) {
            String members = "\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":1,\"text\":\"" + text + "\"}";
            byte[] b = members.getBytes(StandardCharsets.UTF_8);
            assertThat(TextRecordShortcut.read(b, 0, b.length, null, true)).as(text).isNull();
        }
        byte[] good = "\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":1,\"text\":\"\\u00e9\\/\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(TextRecordShortcut.read(good, 0, good.length, null, true).text()).isEqualTo("\u00e9/");
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
        return TextRecordShortcut.read(b, 0, b.length, null, false);
    }
}
