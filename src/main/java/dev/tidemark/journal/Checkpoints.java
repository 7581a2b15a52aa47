package dev.tidemark.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;

/**
 * The checkpoint file ({@code journal/checkpoint.json}), which says which segments are in the
 * session store already: reading it, replacing it, and deleting the segments it covers.
 */
final class Checkpoints {

    private final Path dir;
    private final JournalStorage storage;

    Checkpoints(Path journalDir, JournalStorage storage) {
        this.dir = journalDir;
        this.storage = storage;
    }

    /**
     * The segment the checkpoint covers: 0 when there is none, or when it cannot be read (then
     * every segment is read, and {@code problems} says why).
     */
    long read(JournalDecoder decoder, List<JournalScan.Problem> problems) {
        Path file = dir.resolve(Segments.CHECKPOINT_FILE);
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            byte[] bytes = storage.read(file);
            int end = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
            JournalDecoder.Decoded decoded = decoder.decode(bytes, 0, end);
            if (decoded instanceof JournalDecoder.Decoded.Valid v && v.record() instanceof JournalRecord.Checkpoint c) {
                return c.appliedThrough();
            }
            problems.add(new JournalScan.Problem(file, 0, "damaged checkpoint; reading every segment instead"));
        } catch (IOException e) {
            problems.add(new JournalScan.Problem(file, 0, "cannot read the checkpoint (" + e.getMessage()
                    + "); reading every segment instead"));
        }
        return 0;
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
