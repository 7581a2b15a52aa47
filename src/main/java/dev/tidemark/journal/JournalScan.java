package dev.tidemark.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * What a read of the journal found: every valid record in order, and the problems met on the way.
 *
 * @param records  valid records, oldest first, across segments
 * @param problems damaged lines and torn tails, each with its file and offset
 */
public record JournalScan(List<JournalRecord> records, List<Problem> problems) {

    public JournalScan {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }

    /** Something wrong at a place in a segment. */
    public record Problem(Path file, long offset, String what) {
        @Override
        public String toString() {
            return file.getFileName() + " at byte " + offset + ": " + what;
        }
    }
}
