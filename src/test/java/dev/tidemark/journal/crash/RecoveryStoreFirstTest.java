package dev.tidemark.journal.crash;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.StreamListener;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoints rely on "the store first, then the journal" (see {@code Checkpointer}): whatever the
 * writer has written is already in the store's memory when {@code checkpointable()} is read, so the
 * store flush that follows puts it on disk before the segments go. Startup recovery breaks that
 * order for the replies it recovers: {@code Recovery.apply} appends the {@code stream.end recovered}
 * of an orphan and only afterwards, once the session's other entries are folded, puts the rebuilt
 * session in the store.
 *
 * <p>If the checkpointer runs in between — the end record fills the segment, the writer seals it,
 * the checkpointer (already listening during recovery) flushes the store and checkpoints — the
 * orphan's segments are deleted while the store, on disk and in memory, does not hold the
 * recovered reply. A kill at that moment loses the reply and everything it had streamed: it is in
 * neither the journal nor the store. The window is short (the recovery thread normally reaches
 * {@code store.put} within microseconds, and the writer must force and rotate first), and the kill
 * test did not hit it by chance; this test forces that interleaving through the journal appender
 * recovery is given, doing exactly what {@code Checkpointer.run} would do on its own thread.
 *
 * <p>Failed until 6d9058f (recovery now puts the rebuilt session in the store before it journals
 * the end records); kept as a regression test.
 */
class RecoveryStoreFirstTest {

    @TempDir
    Path dataDir;

    @Test
    void aRecoveredReplyIsOnDiskAtEveryMomentOfRecovery() throws Exception {
        // a reply streaming when the app died: start and two pieces in the journal, no end
        AtomicLong ids = new AtomicLong();
        String sessionId;
        String replyId;
        try (Workspace app = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            ChatService chat = new ChatService(app.appender(), app.store(), Clock.systemUTC(),
                    () -> "o" + ids.incrementAndGet());
            SyntheticProvider provider = new SyntheticProvider();
            sessionId = chat.createSession().id();
            Reply reply = chat.send(sessionId, "tell me", provider, null);
            replyId = reply.streamId();
            StreamListener stream = provider.take();
            stream.onEvent(new StreamEvent.TextDelta("what had "));
            stream.onEvent(new StreamEvent.TextDelta("arrived"));
        } // closed with the reply still streaming: on disk exactly as after a kill
        String session = sessionId;
        String orphan = replyId;

        SessionStore store = SessionStore.open(dataDir, true, p -> { });
        AtomicReference<String> whereAtTheCheckpoint = new AtomicReference<>("the checkpoint never ran");
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            JournalAppender checkpointerWinsTheRace = record -> {
                CompletableFuture<Void> written = journal.append(record);
                if (record instanceof JournalRecord.StreamEnded end && end.status() == MessageStatus.RECOVERED) {
                    try {
                        journal.rotate().get(10, TimeUnit.SECONDS); // the end record filled the segment
                        store.flush().get(10, TimeUnit.SECONDS);   // Checkpointer.run: flush the store,
                        journal.checkpoint(journal.checkpointable()).get(10, TimeUnit.SECONDS); // then checkpoint
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    whereAtTheCheckpoint.set(whereIs(session, orphan)); // a kill now keeps only this
                }
                return written;
            };
            Recovery.Report report = new Recovery(Clock.systemUTC()).apply(journal.startupScan(), store,
                    Optional.of(checkpointerWinsTheRace));
            assertThat(report.recovered()).extracting(Recovery.RecoveredReply::messageId).containsExactly(orphan);
            store.flush().get(10, TimeUnit.SECONDS);
        } finally {
            store.close();
        }

        assertThat(whereIs(session, orphan)).as("after recovery").isEqualTo("store");
        assertThat(whereAtTheCheckpoint.get())
                .as("where the recovered reply was on disk when the checkpoint had deleted its segments"
                        + " (a kill then keeps only what is on disk)")
                .isNotEqualTo("nowhere");
    }

    /** "journal", "store", or "nowhere": where a reply is on disk right now. */
    private String whereIs(String sessionId, String replyId) {
        boolean inJournal = Journal.readOnly(dataDir).records().stream()
                .anyMatch(r -> r instanceof JournalRecord.StreamStarted s && s.streamId().equals(replyId));
        boolean inStore;
        try (SessionStore disk = SessionStore.open(dataDir, false, p -> { })) { // as a fresh start reads it
            inStore = disk.get(sessionId).map(s -> s.hasMessage(replyId)).orElse(false);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return inJournal ? "journal" : inStore ? "store" : "nowhere";
    }
}
