package dev.tidemark.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;

/**
 * The checkpoint file ({@code journal/checkpoint.json}), which says which segments are in the
 * session store already, and the deletion of the segments it covers.
 */
final class Checkpoints {

    private final Path dir;
    private final JournalStorage storage;

    Checkpoints(Path journalDir, JournalStorage storage) {
        this.dir = journalDir;
        this.storage = storage;
    }

    /** Replaces the checkpoint with one covering segments up to {@code through}, then deletes them. */
    void write(long through, JournalEncoder encoder, Clock clock) throws IOException {
        storage.replace(dir.resolve(Segments.CHECKPOINT_FILE),
                encoder.encode(new JournalRecord.Checkpoint(through, clock.instant())));
        deleteCovered(through);
        storage.forceDirectory(dir);
    }

    /** Deletes the segments up to {@code through}: a crash after the checkpoint may have left some. */
    void deleteCovered(long through) throws IOException {
        for (Path file : storage.list(dir)) {
            OptionalLong number = Segments.number(file);
            if (number.isPresent() && number.getAsLong() <= through) {
                storage.delete(file);
            }
        }
    }
}
