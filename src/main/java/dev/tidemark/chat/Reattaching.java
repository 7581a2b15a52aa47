package dev.tidemark.chat;

import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.Resumable;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.SessionStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Background runs of the Responses API in a chat (issue 18): the service's id and the positions of
 * its events go into the journal with the reply; a recovered reply is re-attached (the rest streamed
 * after what the journal holds, never a piece twice); a reply whose connection drops is picked up
 * again with back-off, said through {@link StreamEvent.Retrying}; and Stop cancels the run on the
 * service as well. Journal appends happen under the reply's lock, as every stream record's do; no
 * method blocks its caller (the waits run on a timer thread of their own).
 *
 * <p>A reply moves: streaming → (connection lost, it has a response id, its provider can resume)
 * waiting {@code delay} → {@code stream.reattach} and streaming again, up to {@link #DELAYS} tries
 * in a row; a piece that arrives makes the next loss count from the first try again.
 */
final class Reattaching {

    /** How long to wait before each try to pick up a reply whose connection dropped: five tries. */
    static final List<Duration> DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
            Duration.ofSeconds(8), Duration.ofSeconds(16));

    /** What the footer says while a try is waited for. */
    static final String PICKING_UP = "The connection was lost; picking the reply up again\u2026";

    private static final Logger LOG = Logger.getLogger(Reattaching.class.getName());

    private final ChatService chat;
    private final JournalAppender journal;
    private final SessionStore store;
    private final Clock clock;
    private final StreamingReplies active;
    private final Set<CompletableFuture<Void>> cancels = ConcurrentHashMap.newKeySet();
    private volatile List<Duration> delays = DELAYS;
    private ScheduledThreadPoolExecutor timer; // guarded by this; made when first needed

    Reattaching(ChatService chat, JournalAppender journal, SessionStore store, Clock clock, StreamingReplies active) {
        this.chat = chat;
        this.journal = journal;
        this.store = store;
        this.clock = clock;
        this.active = active;
    }

    /** The waits before each try (tests use short ones); as many tries as waits. */
    void delays(List<Duration> waits) {
        if (waits.isEmpty() || waits.stream().anyMatch(d -> d.isNegative())) {
            throw new IllegalArgumentException("at least one wait, none negative");
        }
        this.delays = List.copyOf(waits);
    }

    /**
     * Takes the events of background runs: a {@link StreamEvent.Position} (remembered, not
     * journaled), a {@link StreamEvent.Remote} (journaled at once, a barrier), a lost connection of
     * a reply that can be picked up again, and the end of a re-attach that failed (it stays
     * recovered). False: {@link ChatService} handles the event as it always did.
     */
    boolean handles(Reply reply, StreamEvent event) {
        if (event instanceof StreamEvent.Position position) {
            reply.position(position.sequenceNumber());
            return true;
        }
        if (event instanceof StreamEvent.Remote remote) {
            synchronized (reply) {
                long seq = reply.remote(remote.responseId());
                if (seq >= 0) {
                    journal.append(new JournalRecord.StreamRemote(reply.streamId(), seq, remote.responseId(),
                            clock.instant()));
                }
            }
            return true;
        }
        if (event instanceof StreamEvent.Failed failed) {
            if (failed.connectionLost() && retry(reply, failed)) {
                return true;
            }
            if (reply.reattaching()) {
                chat.finish(reply, MessageStatus.RECOVERED, couldNotFinish(failed.message()));
                return true;
            }
        }
        return false;
    }

    /** See {@link ChatService#reattach}. */
    Reply reattach(Recovery.Reattachable recovered, ChatProvider provider) {
        Session session = chat.existing(recovered.sessionId());
        Message stored = session.message(recovered.messageId()).orElse(null);
        if (stored == null) {
            giveUp(recovered, "Deleted.");
            throw new IllegalArgumentException("That reply is no longer in this chat.");
        }
        Message user = Turns.lastUserBefore(session, recovered.messageId()).orElse(null);
        Reply reply = new Reply(recovered.messageId(), recovered.sessionId(), recovered.provider(), recovered.model(),
                user, stored.parentId(), stored.createdAt());
        reply.resumeFrom(recovered.message(), recovered.responseId(), recovered.after(), recovered.lastSeq(),
                new JournalRecord.Origin(recovered.api(), recovered.baseUrl(), true, true));
        active.claim(recovered.sessionId(), List.of(reply));
        reply.provider(provider);
        chat.started(reply);
        Resumable resumable = provider.resumable().orElse(null);
        if (resumable == null) {
            chat.finish(reply, MessageStatus.RECOVERED, "Tidemark could not pick this reply up again: "
                    + provider.displayName() + " as set up now cannot join replies that run on the service.");
        } else {
            resume(reply, resumable, recovered.responseId());
        }
        return reply;
    }

    /** See {@link ChatService#giveUpReattach}. */
    void giveUp(Recovery.Reattachable recovered, String reason) {
        if (active.of(recovered.sessionId()).stream().anyMatch(r -> r.streamId().equals(recovered.messageId()))) {
            throw new IllegalStateException("This reply is being picked up again now; stop it instead.");
        }
        Instant now = clock.instant();
        // the store first, then the journal: once the end is journaled, a checkpoint may drop the reply's records
        boolean held = store.get(recovered.sessionId()).flatMap(s -> s.message(recovered.messageId()))
                .filter(m -> m.status() == MessageStatus.RECOVERED).isPresent();
        if (held) {
            store.update(recovered.sessionId(), s -> s.message(recovered.messageId())
                    .map(m -> s.withMessage(m.withStatus(MessageStatus.RECOVERED, reason), now)).orElse(s));
        }
        journal.append(new JournalRecord.StreamEnded(recovered.messageId(), recovered.lastSeq() + 1,
                MessageStatus.RECOVERED, reason, now));
    }

    /**
     * The reply was stopped here: a background run is cancelled on the service too, on the timer
     * thread (best effort; a failure is logged in words, never thrown).
     */
    void stopped(Reply reply) {
        String id = reply.responseId().orElse(null);
        ChatProvider provider = reply.provider();
        Resumable resumable = id == null || provider == null ? null : provider.resumable().orElse(null);
        if (resumable == null) {
            return;
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        cancels.add(sent);
        sent.whenComplete((ok, e) -> cancels.remove(sent));
        try {
            timer().execute(() -> {
                try {
                    resumable.cancelRemote(id).whenComplete((ok, error) -> {
                        if (error != null) {
                            LOG.log(Level.INFO, "The stopped reply " + id + " could not be cancelled on the service: "
                                    + words(error));
                        }
                        sent.complete(null);
                    });
                } catch (RuntimeException e) {
                    LOG.log(Level.INFO, "The stopped reply " + id + " could not be cancelled on the service: "
                            + words(e));
                    sent.complete(null);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            sent.complete(null);
        }
    }

    /** Completes once every cancel asked for so far was answered (or failed). */
    CompletableFuture<Void> cancelsSent() {
        return CompletableFuture.allOf(cancels.toArray(CompletableFuture[]::new));
    }

    /**
     * The reply's connection dropped: when the service runs it in the background and its provider
     * can resume, waits and picks it up again (true); after the last try, ends it. False: the reply
     * cannot be picked up, and ends as any failed reply.
     */
    private boolean retry(Reply reply, StreamEvent.Failed failed) {
        String id = reply.responseId().orElse(null);
        ChatProvider provider = reply.provider();
        Resumable resumable = id == null || provider == null ? null : provider.resumable().orElse(null);
        if (resumable == null) {
            return false;
        }
        int attempt = reply.nextAttempt();
        if (attempt < 0) {
            return true; // stopped meanwhile
        }
        List<Duration> waits = delays;
        if (attempt > waits.size()) {
            gaveUp(reply, waits.size(), failed.message());
            return true;
        }
        Duration delay = waits.get(attempt - 1);
        chat.onEvent(reply, new StreamEvent.Retrying(PICKING_UP, delay, attempt));
        try {
            ScheduledFuture<?> next = timer().schedule(() -> resume(reply, resumable, id), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
            reply.cancellable(() -> next.cancel(false));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            gaveUp(reply, attempt - 1, failed.message());
        }
        return true;
    }

    /** Journals {@code stream.reattach} and asks the service for its events after the last journaled one. */
    private void resume(Reply reply, Resumable resumable, String id) {
        long after;
        synchronized (reply) {
            long seq = reply.reattachStarted();
            if (seq < 0) {
                return; // stopped while it waited
            }
            after = reply.journaledPosition();
            journal.append(new JournalRecord.StreamReattached(reply.streamId(), seq, id, after, clock.instant()));
        }
        try {
            Cancellable stream = resumable.resume(id, after, reply.modelName(), e -> chat.onEvent(reply, e));
            reply.cancellable(stream);
            if (reply.status().isFinal()) {
                stream.cancel(); // stopped while the request left
            }
        } catch (RuntimeException e) {
            chat.onEvent(reply, new StreamEvent.Failed("Tidemark could not ask the service for the rest of the reply.",
                    false));
        }
    }

    /**
     * No try is left. A re-attach stays recovered, with the reason. A live reply ends as an error,
     * its text kept, and its stream is left open in the journal: the next start (or {@code resume})
     * finds it and picks it up again while the service still has it.
     */
    private void gaveUp(Reply reply, int tries, String lastFailure) {
        String what = "The connection was lost, and " + tries + (tries == 1 ? " try" : " tries")
                + " to pick the reply up again failed (" + lastFailure.strip() + ").";
        if (reply.reattaching()) {
            chat.finish(reply, MessageStatus.RECOVERED, what + " What had arrived is kept.");
        } else {
            chat.finish(reply, MessageStatus.ERROR, what + " What had arrived is kept, and the service may still"
                    + " finish the reply: restart Tidemark, or run \"tidemark resume\", to fetch the rest.", false);
        }
    }

    private static String couldNotFinish(String why) {
        return "Tidemark could not pick this reply up again: " + why.strip();
    }

    private static String words(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof dev.tidemark.provider.ProviderException && cause.getMessage() != null
                ? cause.getMessage() : "the request did not go through";
    }

    private synchronized ScheduledThreadPoolExecutor timer() {
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "tidemark-reattach");
                thread.setDaemon(true);
                return thread;
            });
            timer.setRemoveOnCancelPolicy(true);
        }
        return timer;
    }
}
