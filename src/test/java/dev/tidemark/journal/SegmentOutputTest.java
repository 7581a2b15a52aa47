package dev.tidemark.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The segment being written, on real files with real fsync. */
class SegmentOutputTest {

    private final JournalEncoder encoder = new JournalEncoder();
    private final SegmentHeaderWriter headers = new SegmentHeaderWriter(JournalStorage.REAL, encoder,
            Clock.systemUTC());
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Path> lost = new CopyOnWriteArrayList<>();
    private SegmentOutput output;

    @TempDir
    Path dir;

    @BeforeEach
    void startFirstSegment() throws Exception {
        output = new SegmentOutput(dir, headers, new WriteFailures(p -> problems.add(p.message())), p -> problems.add(p.message()),
                new JournalWriter.Listener() {
                    @Override
                    public void segmentLost(Path segment) {
                        lost.add(segment);
                    }
                }, headers.createSegment(dir, 1), 1, false);
    }

    @AfterEach
    void close() {
        output.close();
    }

    @Test
    void writtenBytesFollowTheHeaderAndAreCounted() throws Exception {
        byte[] line = encoder.encode(new JournalRecord.TextDelta("r1", 1, "hello"));
        output.write(ByteBuffer.wrap(line));
        output.force();

        String file = Files.readString(Segments.path(dir, 1));
        assertThat(file).endsWith(new String(line, StandardCharsets.UTF_8));
        assertThat(output.hasRecords()).isTrue();
        assertThat(output.writes()).isEqualTo(1);
        assertThat(output.bytes()).isEqualTo(line.length);
        assertThat(output.forces()).isEqualTo(1);
        assertThat(problems).isEmpty();
    }

    @Test
    void theNextSegmentSkipsALeftoverOfACrash() throws Exception {
        Files.write(Segments.path(dir, 2), new byte[0]); // a rotation cut short by a crash
        output.startNext();

        assertThat(output.number()).isEqualTo(3);
        assertThat(output.hasRecords()).isFalse();
        assertThat(Files.readString(Segments.path(dir, 3))).contains("\"type\":\"segment\"");
        assertThat(Files.size(Segments.path(dir, 2))).isZero();
    }

    @Test
    void aSegmentRemovedUnderTheWriterIsNoticedAtTheNextForce() throws Exception {
        output.write(ByteBuffer.wrap(encoder.encode(new JournalRecord.TextDelta("r1", 1, "a"))));
        Files.delete(Segments.path(dir, 1));

        output.force();

        assertThat(lost).containsExactly(Segments.path(dir, 1));
        assertThat(output.number()).isEqualTo(2);
        assertThat(Files.exists(Segments.path(dir, 2))).isTrue();
        assertThat(problems).singleElement().asString().contains("was removed");
    }
}
