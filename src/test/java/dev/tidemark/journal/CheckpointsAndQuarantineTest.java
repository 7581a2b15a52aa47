package dev.tidemark.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checkpoint file and the quarantine folder, on real files. */
class CheckpointsAndQuarantineTest {

    private static final Instant AT = Instant.parse("2026-12-06T10:00:00Z");
    private final JournalEncoder encoder = new JournalEncoder();
    private final Clock clock = Clock.fixed(AT, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aCheckpointDeletesTheSegmentsItCoversAndNoOthers() throws Exception {
        for (long n = 1; n <= 4; n++) {
            Files.write(Segments.path(dir, n), new byte[0]);
        }
        new Checkpoints(dir, JournalStorage.REAL).write(2, encoder, clock);

        assertThat(Files.exists(Segments.path(dir, 1))).isFalse();
        assertThat(Files.exists(Segments.path(dir, 2))).isFalse();
        assertThat(Files.exists(Segments.path(dir, 3))).isTrue();
        assertThat(Files.exists(Segments.path(dir, 4))).isTrue();
        byte[] checkpoint = Files.readAllBytes(dir.resolve(Segments.CHECKPOINT_FILE));
        assertThat(new JournalDecoder().decode(checkpoint, 0, checkpoint.length - 1))
                .isEqualTo(new JournalDecoder.Decoded.Valid(new JournalRecord.Checkpoint(2, AT)));
    }

    @Test
    void aCheckpointIsReadBackAndADamagedOneMeansReadingEverything() throws Exception {
        Checkpoints checkpoints = new Checkpoints(dir, JournalStorage.REAL);
        List<JournalScan.Problem> problems = new ArrayList<>();
        assertThat(checkpoints.read(new JournalDecoder(), problems)).as("none yet").isZero();

        checkpoints.write(5, encoder, clock);
        assertThat(checkpoints.read(new JournalDecoder(), problems)).isEqualTo(5);
        assertThat(problems).isEmpty();

        Files.writeString(dir.resolve(Segments.CHECKPOINT_FILE), "{\"crc\":\"00000000\",\"type\":\"checkpoint\"}\n");
        assertThat(checkpoints.read(new JournalDecoder(), problems)).isZero();
        assertThat(problems).singleElement().extracting(JournalScan.Problem::what).asString()
                .contains("damaged checkpoint");
    }

    @Test
    void keepingTheSameBytesTwiceKeepsThemOnce() throws Exception {
        Quarantine quarantine = new Quarantine(dir, JournalStorage.REAL);
        assertThat(quarantine.keep("1-40.tail", new byte[] {7})).isEqualTo(1);
        assertThat(quarantine.keep("1-40.tail", new byte[] {8})).isZero();
        assertThat(Files.readAllBytes(dir.resolve(Segments.QUARANTINE_DIRECTORY).resolve("1-40.tail")))
                .containsExactly(7);
    }

    @Test
    void unplacedRecordsAreKeptAsJournalLines() throws Exception {
        List<JournalRecord> records = List.of(new JournalRecord.TextDelta("r9", 4, "orphan"),
                new JournalRecord.TextDelta("r9", 5, " text"));
        new Quarantine(dir, JournalStorage.REAL).keepRecords(records, encoder, clock);

        Path kept = dir.resolve(Segments.QUARANTINE_DIRECTORY).resolve("unplaced-" + AT.toEpochMilli() + ".jsonl");
        JournalReader reader = new JournalReader(new JournalDecoder(), JournalStorage.REAL);
        List<JournalRecord> read = new ArrayList<>();
        reader.scanSegment(kept, read);
        assertThat(read).containsExactlyElementsOf(records);
    }
}
