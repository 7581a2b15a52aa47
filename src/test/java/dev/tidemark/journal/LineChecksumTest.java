package dev.tidemark.journal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

class LineChecksumTest {

    @Test
    void aFramedObjectStartsWithTheCrcOfTheObjectWithoutIt() {
        byte[] body = "{\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);

        String line = new String(LineChecksum.frame(body), StandardCharsets.UTF_8);

        assertThat(line).isEqualTo("{\"crc\":\"" + String.format("%08x", crc.getValue()) + "\",\"type\":\"x\"}\n");
    }

    @Test
    void aFramedLineMatchesAndAChangedOneDoesNot() {
        byte[] line = LineChecksum.frame("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        int end = line.length - 1;
        assertThat(LineChecksum.present(line, 0, end)).isTrue();
        assertThat(LineChecksum.matches(line, 0, end, new CRC32C())).isTrue();

        line[end - 2] = '2';
        assertThat(LineChecksum.matches(line, 0, end, new CRC32C())).isFalse();
    }

    @Test
    void uppercaseOrMissingDigitsAreNotAChecksum() {
        byte[] line = LineChecksum.frame("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        String upper = new String(line, StandardCharsets.UTF_8).toUpperCase();
        byte[] shouting = upper.getBytes(StandardCharsets.UTF_8);
        assertThat(LineChecksum.present(shouting, 0, shouting.length - 1)).isFalse();
        byte[] bare = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(LineChecksum.present(bare, 0, bare.length)).isFalse();
    }
}
