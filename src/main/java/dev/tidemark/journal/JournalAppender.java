package dev.tidemark.journal;

import java.util.concurrent.CompletableFuture;

/** Where producers hand records to the journal. Never blocks and never touches a file. */
@FunctionalInterface
public interface JournalAppender {
    /**
     * Queues a record. The future completes once the record was written (barrier records: once
     * it was also forced to disk).
     */
    CompletableFuture<Void> append(JournalRecord record);
}
