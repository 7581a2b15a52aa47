package dev.tidemark.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On real files with real fsync. */
class SegmentHeaderWriterTest {

    private static final Instant AT = Instant.parse("2026-12-06T10:00:00Z");
    private final SegmentHeaderWriter headers = new SegmentHeaderWriter(JournalStorage.REAL, new JournalEncoder(),
            Clock.fixed(AT, ZoneOffset.UTC));

    @TempDir
    Path dir;

    @Test
    void aNewSegmentStartsWithItsHeaderAndIsOpenAtItsEnd() throws Exception {
        try (FileChannel channel = headers.createSegment(dir, 7)) {
            byte[] bytes = Files.readAllBytes(Segments.path(dir, 7));
            assertThat(channel.position()).isEqualTo(bytes.length);
            assertThat(new JournalDecoder().decode(bytes, 0, bytes.length - 1))
                    .isInstanceOfSatisfying(JournalDecoder.Decoded.Valid.class, valid -> {
                        JournalRecord.SegmentHeader header = (JournalRecord.SegmentHeader) valid.record();
                        assertThat(header.segment()).isEqualTo(7);
                        assertThat(header.formatVersion()).isEqualTo(Journal.FORMAT_VERSION);
                        assertThat(header.salt()).matches("[0-9a-f]{16}");
                        assertThat(header.at()).isEqualTo(AT);
                    });
        }
    }

    @Test
    void anExistingSegmentIsNeverWrittenInto() throws Exception {
        Files.write(Segments.path(dir, 3), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> headers.createSegment(dir, 3)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(Segments.path(dir, 3))).containsExactly(1, 2, 3);
    }

    @Test
    void everyHeaderHasItsOwnSalt() throws Exception {
        try (FileChannel one = headers.createSegment(dir, 1); FileChannel two = headers.createSegment(dir, 2)) {
            String first = Files.readString(Segments.path(dir, 1));
            String second = Files.readString(Segments.path(dir, 2));
            assertThat(salt(first)).isNotEqualTo(salt(second));
        }
    }

    private static String salt(String line) {
        int at = line.indexOf("\"salt\":\"") + 8;
        return line.substring(at, at + 16);
    }
}
