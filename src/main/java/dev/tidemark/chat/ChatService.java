package dev.tidemark.chat;

import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionTitles;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One turn at a time per session: journal the user's message, start the reply, send every event
 * of the stream to the journal and to listeners, and end it as complete, stopped or error.
 * Every method returns without touching a file: the journal and the store do their disk work on
 * their own threads.
 */
public final class ChatService {

    /** Told about replies, on the thread where the change happened (provider thread, or the caller's). */
    public interface Listener {
        default void replyStarted(Reply reply) { }

        /** A piece of the reply arrived (text, reasoning or a tool-call fragment). Called once per piece: coalesce before touching a UI. */
        default void replyUpdated(Reply reply, StreamEvent piece) { }

        /** The reply ended; the store already holds its final message. */
        default void replyFinished(Reply reply) { }

        /** Messages were deleted (by the user, or replaced by regenerate or edit and resend). */
        default void messagesDeleted(String sessionId, List<String> messageIds) { }

        /** A tool call of a reply changed (routed, decided, running, finished); the store already holds it. */
        default void toolCallChanged(String sessionId, String messageId, dev.tidemark.model.ToolCall call) { }

        /** A running tool call reported progress ({@code total} null when unknown, {@code message} null when none). */
        default void toolProgress(String sessionId, String messageId, String callId, double done, Double total,
                                  String message) { }
    }

    public static final String STOPPED_DETAIL = "Stopped before the reply finished.";

    /** How many models one question can be sent to at once. */
    public static final int MAX_MODELS = 4;

    /** One model to ask: a provider and a model name (null or blank: the session's, else the provider's default). */
    public record Target(ChatProvider provider, String model) {
        public Target {
            java.util.Objects.requireNonNull(provider, "provider");
        }
    }

    private final JournalAppender journal;
    private final SessionStore store;
    private final Clock clock;
    private final Supplier<String> ids;
    private final StreamingReplies active;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Sending sending;
    private final ToolLoop tools;
    private final Reattaching reattaching;

    public ChatService(JournalAppender journal, SessionStore store, Clock clock, Supplier<String> ids) {
        this(journal, store, clock, ids, Sending.defaultWorkers());
    }

    /**
     * @param requestWorkers where a request whose conversation carries attachments is built and sent,
     *                       once its records are forced (a few daemon threads of its own when not given)
     */
    public ChatService(JournalAppender journal, SessionStore store, Clock clock, Supplier<String> ids,
                       Executor requestWorkers) {
        this.journal = journal;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.active = new StreamingReplies(store);
        this.sending = new Sending(this, journal, store, clock, ids, active, requestWorkers);
        this.tools = new ToolLoop(this, new ToolStep.Parts(journal, store, clock, active, sending, requestWorkers,
                () -> listeners));
        this.reattaching = new Reattaching(this, journal, store, clock, active);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** How attachments reach models (wired by the app and the command line; {@link RequestAttachments#NONE} until then). */
    public void useAttachments(RequestAttachments requestAttachments) {
        sending.use(requestAttachments);
    }

    /** Words saying what this model is known not to take of these files; empty when it takes them or is unknown. */
    public Optional<String> refusal(ChatProvider provider, String model, List<Attachment> files) {
        return files.isEmpty() ? Optional.empty() : sending.attachments().refusal(provider, model, files);
    }

    public SessionStore store() { return store; }

    /** Starts an empty session. */
    public Session createSession() {
        Instant now = clock.instant();
        Session session = Session.empty(ids.get(), SessionTitles.UNTITLED, now);
        // the store first, then the journal: a checkpoint may rely on the store holding what the journal says
        store.put(session);
        journal.append(new JournalRecord.SessionCreated(session.id(), session.title(), now));
        return session;
    }

    /** Changes what a session asks of the model from its next turn on. */
    public Session updateSettings(String sessionId, SessionSettings settings) {
        return store.update(sessionId, s -> s.withSettings(settings, clock.instant()));
    }

    /** The reply streaming in a session, if any (the first asked for, when several models answer at once). */
    public Optional<Reply> activeReply(String sessionId) {
        return activeReplies(sessionId).stream().findFirst();
    }

    /** True while a reply streams in the session or the tool loop is under way there (until its last reply ends). */
    public boolean busy(String sessionId) {
        return active.busy(sessionId);
    }

    /** Every reply streaming in a session, in the order they were asked for; empty when none is. */
    public List<Reply> activeReplies(String sessionId) {
        return active.of(sessionId);
    }

    /**
     * Sends the user's text after the end of the active path and starts the reply.
     *
     * @throws IllegalStateException when a reply is already streaming in that session
     * @throws IllegalArgumentException when there is no such session
     */
    public Reply send(String sessionId, String prompt, ChatProvider provider, String model) {
        return send(sessionId, prompt, List.of(), provider, model);
    }

    /**
     * {@link #send(String, String, ChatProvider, String)} with files already in the attachment store.
     * Their {@code attachment.stored} records and the message are journaled at once; the reply starts
     * at once (listeners told); the request is built on a worker and leaves only once those records
     * are forced — unless the reply was stopped meanwhile. A conversation without attachments sends
     * on the caller's thread, as {@link #send(String, String, ChatProvider, String)} always did.
     *
     * @throws IllegalArgumentException also when there are more than {@link Attachment#MAX_PER_MESSAGE} files
     */
    public Reply send(String sessionId, String prompt, List<Attachment> attachments, ChatProvider provider,
                      String model) {
        List<Message> path = existing(sessionId).messages();
        return sendAfter(sessionId, path.isEmpty() ? null : path.get(path.size() - 1).id(), prompt, attachments,
                provider, model);
    }

    /**
     * Sends the user's text as a new child of {@code parentId} (null: a new first message) and
     * starts the reply. The message's earlier children stay, as other versions; the new message
     * becomes the chosen one, so the active path runs through it. Editing a message is sending
     * its new text after the edited message's parent.
     *
     * @throws IllegalArgumentException when there is no such session or no such message in it
     * @throws IllegalStateException    when a reply is already streaming in that session
     */
    public Reply sendAfter(String sessionId, String parentId, String prompt, ChatProvider provider, String model) {
        return sendAfter(sessionId, parentId, prompt, List.of(), provider, model);
    }

    /** {@link #sendAfter(String, String, String, ChatProvider, String)} with files already in the attachment
     * store; sent as {@link #send(String, String, List, ChatProvider, String)} says. */
    public Reply sendAfter(String sessionId, String parentId, String prompt, List<Attachment> attachments,
                           ChatProvider provider, String model) {
        return sending.sendAfter(sessionId, parentId, prompt, attachments, provider, model);
    }

    /**
     * Sends the user's text after the end of the active path to several models at once (one to
     * {@link #MAX_MODELS}, any providers, mixed): one user message, and one reply from each, every
     * one its own journaled stream, streaming side by side. The message's replies are compared
     * ({@link Session#isCompared}) until one is chosen with {@link #choose} ("Use this one") or the
     * conversation goes on below one of them; until then the first is the chosen one. With one
     * target this is {@link #sendAfter}.
     *
     * @return the replies, in the order of {@code targets}
     * @throws IllegalArgumentException when there is no such session, or no target, or more than {@link #MAX_MODELS}
     * @throws IllegalStateException    when a reply is already streaming in that session
     */
    public List<Reply> sendToMany(String sessionId, String prompt, List<Target> targets) {
        return sendToMany(sessionId, prompt, List.of(), targets);
    }

    /** {@link #sendToMany(String, String, List)} with files already in the attachment store: journaled once,
     * each reply's request sent as {@link #send(String, String, List, ChatProvider, String)} says. */
    public List<Reply> sendToMany(String sessionId, String prompt, List<Attachment> attachments, List<Target> targets) {
        if (targets.isEmpty() || targets.size() > MAX_MODELS) {
            throw new IllegalArgumentException("Choose between one and " + MAX_MODELS + " models.");
        }
        if (targets.size() == 1) {
            return List.of(send(sessionId, prompt, attachments, targets.get(0).provider(), targets.get(0).model()));
        }
        return sending.sendToMany(sessionId, prompt, attachments, targets);
    }

    /**
     * Changes one of the user's messages without losing the old text: the new text is a new
     * version of it (a sibling), and the reply continues from it. The new version keeps the edited
     * message's attachments.
     */
    public Reply editAsVersion(String sessionId, String userMessageId, String newText, ChatProvider provider,
                               String model) {
        Message old = existing(sessionId).message(userMessageId).filter(m -> m.role() == Role.USER)
                .orElseThrow(() -> new IllegalArgumentException("That is not one of your messages in this session."));
        return sendAfter(sessionId, old.parentId(), newText, old.attachments(), provider, model);
    }

    /**
     * A new reply to one of the user's messages, beside the replies it already has (those stay, as
     * other versions). The message's path becomes the active one first (it may be on another
     * branch), and the model is sent that path, up to the message.
     *
     * @throws IllegalArgumentException when the message is not one of the user's in that session
     * @throws IllegalStateException    when a reply is streaming in that session
     */
    public Reply regenerateVersion(String sessionId, String userMessageId, ChatProvider provider, String model) {
        return sending.regenerate(existing(sessionId), userMessageId, provider, model);
    }

    /**
     * Shows another version: the active path is made to run through this message (the choices
     * below it stay as they were). Journaled, so a crash before the session file is saved keeps it.
     *
     * @throws IllegalArgumentException when the message is not in that session
     */
    public Session choose(String sessionId, String messageId) {
        if (!existing(sessionId).hasMessage(messageId)) {
            throw new IllegalArgumentException("There is no message " + messageId + " in this chat.");
        }
        Session session = store.update(sessionId, s -> s.withActive(messageId));
        journal.append(new JournalRecord.BranchChosen(sessionId, messageId, clock.instant()));
        return session;
    }

    /**
     * Asks the model to go on from a reply that did not finish (recovered, stopped, failed, or cut
     * at its length limit). The continuation is a new reply right after it; Anthropic continues
     * the text itself (prefill), OpenAI-compatible services are asked to continue.
     */
    public Reply continueReply(String sessionId, String replyId, ChatProvider provider, String model) {
        return sending.continueReply(existing(sessionId), replyId, provider, model);
    }

    /** Deletes a message (stopping it first if it is a reply streaming now). */
    public void deleteMessage(String sessionId, String messageId) {
        deleteMessages(sessionId, List.of(messageId));
    }

    /** Deletes these messages (stopping first any of them that is a reply streaming now). */
    public void deleteMessages(String sessionId, List<String> messageIds) {
        for (Reply streaming : activeReplies(sessionId)) {
            if (messageIds.contains(streaming.streamId())) {
                stop(streaming);
            }
        }
        delete(sessionId, messageIds, clock.instant());
    }

    /** Tools: wiring in the servers, decisions, cancel, retry, and going on after a crash — see {@link ToolLoop}. */
    public ToolLoop tools() {
        return tools;
    }

    /** Branch from here, and delete with undo: see {@link ConversationEdits}. */
    public ConversationEdits edits() {
        return new ConversationEdits(this, store, clock, ids);
    }

    Session existing(String sessionId) {
        return store.get(sessionId)
                .orElseThrow(() -> new IllegalArgumentException("There is no session " + sessionId + "."));
    }

    /** A reply began: its start is journaled; the listeners are told. */
    void started(Reply reply) {
        for (Listener l : listeners) {
            l.replyStarted(reply);
        }
    }

    /** Removes messages: from the store first, then journaled, so that recovery never brings them back. */
    private Session delete(String sessionId, List<String> messageIds, Instant now) {
        if (messageIds.isEmpty()) {
            return existing(sessionId);
        }
        Session updated = store.update(sessionId, s -> s.without(messageIds, now));
        for (String id : messageIds) {
            journal.append(new JournalRecord.MessageDeleted(sessionId, id, now));
        }
        for (Listener l : listeners) {
            l.messagesDeleted(sessionId, messageIds);
        }
        return updated;
    }

    /**
     * Stops every reply streaming in a session, and its tool step (a running call cancelled, waiting
     * ones denied, no next reply); keeps what arrived. Returns false when nothing was under way.
     */
    public boolean stop(String sessionId) {
        boolean stopped = tools.stop(sessionId); // first: a step handing over to its next reply has done so
        for (Reply reply : activeReplies(sessionId)) {
            stopped |= stop(reply);
        }
        return stopped;
    }

    /** Stops one reply (one column of a compared turn); the others go on. False when it was not streaming. */
    public boolean stopReply(String sessionId, String streamId) {
        for (Reply reply : activeReplies(sessionId)) {
            if (reply.streamId().equals(streamId)) {
                return stop(reply);
            }
        }
        return false;
    }

    private boolean stop(Reply reply) {
        reply.cancellable().cancel();
        boolean stopped = finish(reply, MessageStatus.STOPPED, STOPPED_DETAIL);
        if (stopped) {
            reattaching.stopped(reply); // a background run: cancelled on the service too, never waited for here
        }
        return stopped;
    }

    /**
     * Journals every reply in flight again, from its user message to what has arrived so far: the
     * journal file holding them was removed under the app.
     */
    public void journalAgain() {
        sending.journalAgain();
    }

    /**
     * Re-attaches a recovered background reply (issue 18): journals {@code stream.reattach} on its
     * carried stream, streams the rest from the service with {@code starting_after} its last
     * journaled sequence number, appending after the recovered text, and ends it complete (still
     * marked recovered) — or, when the service no longer has it or says it failed, recovered as it
     * was with the reason in its detail. A dropped connection is re-attached again with back-off,
     * said through {@link StreamEvent.Retrying}. Listeners see it as a streaming reply
     * ({@link Reply#reattaching()}).
     *
     * @param provider the provider it was started with, able to resume ({@link ChatProvider#resumable()})
     * @return the reply streaming the rest
     * @throws IllegalStateException when something streams in its session already
     */
    public Reply reattach(dev.tidemark.session.Recovery.Reattachable reply, ChatProvider provider) {
        return reattaching.reattach(reply, provider);
    }

    /**
     * Leaves a recovered reply that cannot be re-attached (no provider or key for it, or the person
     * chose not to) as recovered, {@code reason} in its detail, and ends its carried stream in the
     * journal so that no later start tries again.
     */
    public void giveUpReattach(dev.tidemark.session.Recovery.Reattachable reply, String reason) {
        reattaching.giveUp(reply, reason);
    }

    /** The waits before each try to pick up a background reply whose connection dropped (1, 2, 4, 8, 16 s). */
    public void reattachDelays(List<java.time.Duration> waits) {
        reattaching.delays(waits);
    }

    /** Completes once the service answered every cancel that Stop sent so far (or it failed): wait before exit. */
    public CompletableFuture<Void> remoteCancelsSent() {
        return reattaching.cancelsSent();
    }

    /**
     * At exit: stops every tool step and streaming reply — except a background run the service
     * named, which is only let go here (its stream stays open in the journal, the run goes on at the
     * service) so that the next start picks it up and finishes it. Stop and Ctrl+C cancel it instead.
     */
    public void stopAll() {
        tools.stopAll();
        for (String sessionId : active.sessions()) {
            for (Reply reply : activeReplies(sessionId)) {
                if (reply.responseId().isPresent() && reply.provider() != null
                        && reply.provider().resumable().isPresent()) {
                    reply.cancellable().cancel(); // no end record: recovered and re-attached at the next start
                    active.release(reply);
                } else {
                    stop(reply);
                }
            }
        }
    }

    void onEvent(Reply reply, StreamEvent event) {
        if (reattaching.handles(reply, event)) {
            return; // a background run's id or position, a dropped connection picked up again, a re-attach's end
        }
        if (event.isTerminal()) {
            if (event instanceof StreamEvent.Failed failed) {
                reply.note(failed); // whether the connection was lost (the window's offer of background runs)
                finish(reply, MessageStatus.ERROR, failed.message());
            } else {
                finish(reply, MessageStatus.COMPLETE, null);
            }
            return;
        }
        if (event instanceof StreamEvent.Usage || event instanceof StreamEvent.Retrying) {
            reply.note(event); // not a piece of the reply: nothing to journal
            for (Listener l : listeners) {
                l.replyUpdated(reply, event);
            }
            return;
        }
        if (event instanceof StreamEvent.RefusalDelta refusal) {
            event = new StreamEvent.TextDelta(refusal.text()); // a refusal is the model's answer: show it as such
        }
        // Pieces and the end record enter the journal queue in sequence order: both are queued
        // under the reply's lock (an offer to a queue, never disk work).
        synchronized (reply) {
            long seq = reply.add(event);
            if (seq < 0) {
                return; // arrived after stop
            }
            journal.append(Turns.toRecord(reply.streamId(), seq, event, reply.position()));
        }
        for (Listener l : listeners) {
            l.replyUpdated(reply, event);
        }
    }

    boolean finish(Reply reply, MessageStatus status, String detail) { return finish(reply, status, detail, true); }

    /** @param journalEnd false: the stream stays open in the journal, for a later start to pick it up */
    boolean finish(Reply reply, MessageStatus status, String detail, boolean journalEnd) {
        CompletableFuture<Void> written;
        Message message;
        synchronized (reply) {
            long seq = reply.end(status, detail);
            if (seq < 0) {
                return false;
            }
            message = reply.toMessage();
            // the store first, then the journal: a checkpoint may rely on the store holding what the journal says
            store.update(reply.sessionId(), s -> s.withMessage(message, clock.instant()));
            written = !journalEnd ? CompletableFuture.completedFuture(null)
                    : journal.append(new JournalRecord.StreamEnded(reply.streamId(), seq, status, detail,
                    clock.instant(), message.stats()));
        }
        ToolStep step = tools.after(reply, message);
        if (step == null || !active.handOver(reply, step)) {
            active.release(reply);
            step = null;
        }
        for (Listener l : listeners) {
            l.replyFinished(reply);
        }
        written.whenComplete((ok, error) -> reply.finished().complete(message));
        if (step != null) {
            tools.begin(step, reply);
        }
        return true;
    }
}
