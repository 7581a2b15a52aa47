package dev.tidemark.journal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What producers hand the journal's writer thread, in the order it must be done. */
sealed interface WriterItem {

    /** A record to write, and the futures that complete once it is written (several once coalesced). */
    record Pending(JournalRecord record, List<CompletableFuture<Void>> futures) implements WriterItem {
    }

    /** Close the current segment and start the next; completes with the sealed segment's number. */
    record Rotate(CompletableFuture<Long> done) implements WriterItem {
    }

    /** Record that segments up to {@code through} are in the session store, and delete them. */
    record Checkpoint(long through, CompletableFuture<Void> done) implements WriterItem {
    }

    /** Keep records recovery could not place aside. */
    record Quarantine(List<JournalRecord> records, CompletableFuture<Void> done) implements WriterItem {
    }

    /** Write and force everything before it, then stop. */
    record Close() implements WriterItem {
    }

    /** Nothing to do: wakes a writer waiting on an empty queue when records went to the spill instead. */
    record Wake() implements WriterItem {
    }
}
