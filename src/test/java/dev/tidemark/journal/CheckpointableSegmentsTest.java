package dev.tidemark.journal;

import dev.tidemark.model.MessageStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointableSegmentsTest {

    private static final Instant AT = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void segmentsOfEarlierRunsMayBeCheckpointedAtOnce() {
        assertThat(new CheckpointableSegments(5).through()).isEqualTo(4);
    }

    @Test
    void aSealedSegmentWaitsForTheStreamsItHolds() {
        CheckpointableSegments segments = new CheckpointableSegments(1);
        segments.written(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", AT));
        segments.written(new JournalRecord.TextDelta("r1", 1, "a"));
        segments.sealed(1);
        segments.written(new JournalRecord.TextDelta("r1", 2, "b"));
        segments.sealed(2);
        assertThat(segments.through()).isZero();

        segments.written(new JournalRecord.StreamEnded("r1", 3, MessageStatus.COMPLETE, null, AT));

        assertThat(segments.through()).isEqualTo(2);
    }

    @Test
    void aStreamStillOpenHoldsBackLaterSegmentsToo() {
        CheckpointableSegments segments = new CheckpointableSegments(1);
        segments.written(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", AT));
        segments.sealed(1);
        segments.written(new JournalRecord.SessionCreated("s2", "New chat", AT));
        segments.sealed(2);
        assertThat(segments.through()).isZero();
    }

    @Test
    void checkpointedSegmentsAreForgotten() {
        CheckpointableSegments segments = new CheckpointableSegments(1);
        segments.written(new JournalRecord.SessionCreated("s1", "New chat", AT));
        segments.sealed(1);
        assertThat(segments.through()).isEqualTo(1);
        segments.checkpointed(1);
        segments.sealed(2);
        assertThat(segments.through()).isEqualTo(2);
    }
}
