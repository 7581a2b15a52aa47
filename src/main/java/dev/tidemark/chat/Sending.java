package dev.tidemark.chat;

import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionTitles;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The sending half of {@link ChatService}: a question placed in the tree and journaled (its files'
 * {@code attachment.stored} records first, then its {@code user.message}), its replies claimed and
 * started, and each request sent. A conversation without attachments sends at once, on the
 * caller's thread, as it always did; one with attachments sends on a worker, once the question's
 * records are forced and the request's parts are built — never before, and never after Stop.
 */
final class Sending {

    private final ChatService chat;
    private final JournalAppender journal;
    private final SessionStore store;
    private final Clock clock;
    private final Supplier<String> ids;
    private final StreamingReplies active;
    private final Executor workers;
    private volatile RequestAttachments attachments = RequestAttachments.NONE;

    Sending(ChatService chat, JournalAppender journal, SessionStore store, Clock clock, Supplier<String> ids,
            StreamingReplies active, Executor workers) {
        this.chat = chat;
        this.journal = journal;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.active = active;
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    /** A few daemon threads that build requests with attachments; idle ones end after a while. */
    static Executor defaultWorkers() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(ChatService.MAX_MODELS, ChatService.MAX_MODELS, 10,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "tidemark-request-parts");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    void use(RequestAttachments requestAttachments) {
        this.attachments = Objects.requireNonNull(requestAttachments);
    }

    RequestAttachments attachments() {
        return attachments;
    }

    /** See {@link ChatService#sendAfter(String, String, String, List, ChatProvider, String)}. */
    Reply sendAfter(String sessionId, String parentId, String prompt, List<Attachment> files, ChatProvider provider,
                    String model) {
        checkCount(files);
        Session current = chat.existing(sessionId);
        if (parentId != null && !current.hasMessage(parentId)) {
            throw new IllegalArgumentException("There is no message " + parentId + " in this chat.");
        }
        Instant now = clock.instant();
        Message user = Message.user(ids.get(), prompt, now, files).withParent(parentId);
        Reply reply = claim(current, provider, model, user, user.id(), now);
        Session session;
        try {
            session = store.update(sessionId, s -> withQuestion(s, parentId, user, false, now));
        } catch (RuntimeException e) {
            active.release(reply);
            throw e;
        }
        CompletableFuture<Void> journaled;
        synchronized (reply) {
            journaled = journalQuestion(sessionId, user, false);
        }
        return start(reply, session, provider, session.pathTo(user.id()), false, journaled);
    }

    /** See {@link ChatService#sendToMany(String, String, List, List)}; more than one target. */
    List<Reply> sendToMany(String sessionId, String prompt, List<Attachment> files, List<ChatService.Target> targets) {
        checkCount(files);
        Session current = chat.existing(sessionId);
        List<Message> path = current.messages();
        String parentId = path.isEmpty() ? null : path.get(path.size() - 1).id();
        Instant now = clock.instant();
        Message user = Message.user(ids.get(), prompt, now, files).withParent(parentId);
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            ChatService.Target t = targets.get(i);
            // each a nanosecond after the one before: a compared fork keeps the order they were asked in
            replies.add(newReply(current, t.provider(), t.model(), user, user.id(), now.plusNanos(i + 1), true));
        }
        active.claim(sessionId, replies);
        Session session;
        try {
            session = store.update(sessionId, s -> withQuestion(s, parentId, user, true, now));
        } catch (RuntimeException e) {
            replies.forEach(active::release);
            throw e;
        }
        CompletableFuture<Void> journaled;
        synchronized (replies.get(0)) {
            journaled = journalQuestion(sessionId, user, true); // once, files and all, for every reply
        }
        List<Message> context = session.pathTo(user.id());
        for (int i = 0; i < replies.size(); i++) {
            start(replies.get(i), session, targets.get(i).provider(), context, false, journaled);
        }
        return List.copyOf(replies);
    }

    private static void checkCount(List<Attachment> files) {
        Objects.requireNonNull(files, "attachments");
        if (files.size() > Attachment.MAX_PER_MESSAGE) {
            throw new IllegalArgumentException("A message can carry at most " + Attachment.MAX_PER_MESSAGE
                    + " files; this one has " + files.size() + ". Remove " + (files.size() - Attachment.MAX_PER_MESSAGE)
                    + " of them and send again.");
        }
    }

    private static Session withQuestion(Session s, String parentId, Message user, boolean compared, Instant now) {
        Session withUser = s.withChild(parentId, user, now);
        if (compared) {
            withUser = withUser.withCompared(user.id());
        }
        return s.messages().isEmpty() && SessionTitles.UNTITLED.equals(s.title())
                ? withUser.withTitle(SessionTitles.fromFirstMessage(user), now)
                : withUser;
    }

    /** Appends the question's records; completes once every one of them is forced. Call under the reply's lock. */
    private CompletableFuture<Void> journalQuestion(String sessionId, Message user, boolean compared) {
        List<CompletableFuture<Void>> written = new ArrayList<>();
        for (JournalRecord record : Turns.questionRecords(sessionId, user, compared)) {
            written.add(journal.append(record));
        }
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new));
    }

    /** See {@link ChatService#regenerateVersion}. */
    Reply regenerate(Session current, String userMessageId, ChatProvider provider, String model) {
        String sessionId = current.id();
        Message user = current.message(userMessageId).filter(m -> m.role() == Role.USER)
                .orElseThrow(() -> new IllegalArgumentException("That is not one of your messages in this session."));
        Reply reply = claim(current, provider, model, user, user.id(), clock.instant());
        Session session;
        try {
            session = store.update(sessionId, s -> s.withActive(userMessageId));
        } catch (RuntimeException e) {
            active.release(reply);
            throw e;
        }
        synchronized (reply) {
            journal.append(new JournalRecord.BranchChosen(sessionId, userMessageId, clock.instant()));
        }
        return start(reply, session, provider, session.pathTo(user.id()), false, CompletableFuture.completedFuture(null));
    }

    /** See {@link ChatService#continueReply}. */
    Reply continueReply(Session current, String replyId, ChatProvider provider, String model) {
        String sessionId = current.id();
        Message partial = current.message(replyId).filter(m -> m.role() == Role.ASSISTANT)
                .orElseThrow(() -> new IllegalArgumentException("That is not a reply in this session."));
        if (partial.status() == MessageStatus.COMPLETE && partial.toolCalls().stream().anyMatch(c -> c.state() != null)) {
            // the tool loop goes on from its recorded results (null while a call still waits for the person)
            return chat.tools().resume(sessionId, replyId, provider, model).getNow(null);
        }
        if (partial.text().isBlank()) { // nothing to continue from: a new version of it, the empty one kept
            Message user = Turns.lastUserBefore(current, replyId)
                    .orElseThrow(() -> new IllegalArgumentException("There is no message of yours to answer."));
            return regenerate(current, user.id(), provider, model);
        }
        List<String> after = current.fromMessageOn(replyId);
        if (after.size() > 1) {
            throw new IllegalArgumentException("Only the last reply can be continued.");
        }
        Message user = Turns.lastUserBefore(current, replyId).orElse(partial);
        Reply reply = claim(current, provider, model, user, partial.id(), clock.instant());
        return start(reply, current, provider, current.pathTo(partial.id()), true, CompletableFuture.completedFuture(null));
    }

    /** Makes the session's new reply, or refuses when one is streaming there. */
    Reply claim(Session session, ChatProvider provider, String model, Message user, String parentId, Instant now) {
        Reply reply = newReply(session, provider, model, user, parentId, now, false);
        active.claim(session.id(), List.of(reply));
        return reply;
    }

    private Reply newReply(Session session, ChatProvider provider, String model, Message user, String parentId,
                           Instant now, boolean compared) {
        String modelName = model != null && !model.isBlank() ? model
                : session.settings().model() != null ? session.settings().model() : provider.defaultModel();
        return new Reply(ids.get(), session.id(), provider.id(), modelName, user, parentId, now, compared);
    }

    /**
     * Journals the start, tells the listeners, and sends the request with {@code path} (a path of
     * the tree, from its first message) as the context: at once when no message of the path has
     * attachments and no tools are to be offered, else on a worker after {@code journaled}
     * completes (when the path has files) and the tool servers are ready (when the chat has tools
     * on; {@link #READY_WAIT} at most, then without the servers still starting).
     */
    Reply start(Reply reply, Session session, ChatProvider provider, List<Message> path, boolean continuation,
                CompletableFuture<Void> journaled) {
        reply.provider(provider);
        JournalRecord.Origin origin = Turns.origin(provider);
        synchronized (reply) {
            reply.origin(origin);
            journal.append(new JournalRecord.StreamStarted(reply.streamId(), session.id(), provider.id(),
                    reply.modelName(), reply.startedAt(), Turns.journalParent(reply.parentId()), origin));
        }
        chat.started(reply);
        SessionSettings settings = session.settings();
        ChatRequest request = new ChatRequest(reply.modelName(), settings.systemPrompt(), Turns.context(path),
                settings.temperature(), settings.maxTokens(), continuation);
        ToolHost host = chat.tools().host();
        boolean offering = settings.toolsOn() && host != ToolHost.NONE && !reply.compared();
        boolean files = path.stream().anyMatch(m -> !m.attachments().isEmpty());
        if (!files && !offering) {
            try {
                reply.cancellable(provider.stream(request, event -> chat.onEvent(reply, event)));
            } catch (RuntimeException e) {
                chat.finish(reply, MessageStatus.ERROR, "Could not start the request: " + e.getMessage());
            }
            return reply;
        }
        Pending pending = new Pending();
        reply.cancellable(pending);
        RequestAttachments parts = files ? attachments : RequestAttachments.NONE;
        CompletableFuture<Void> ready = offering ? readyOrLate(host) : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> before = files ? journaled : CompletableFuture.completedFuture(null);
        before.thenCombine(ready, (a, b) -> (Void) null).whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                chat.finish(reply, MessageStatus.ERROR, "Nothing was sent: your message and its files could not be"
                        + " saved to the journal. Try again once Tidemark can write to its data folder.");
            } else {
                sendWithParts(reply, provider, request, path, parts, offering ? host : null, pending);
            }
        }, workers);
        return reply;
    }

    /** How long a request waits for tool servers that are still starting before it leaves without them. */
    static final java.time.Duration READY_WAIT = java.time.Duration.ofSeconds(30);

    /** The host's servers ready, or {@link #READY_WAIT} passed: never exceptionally. */
    static CompletableFuture<Void> readyOrLate(ToolHost host) {
        CompletableFuture<Void> ready;
        try {
            ready = host.ready().copy();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
        return ready.exceptionally(e -> null).completeOnTimeout(null, READY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The request offering what the host offers now; the reply remembers what it offered. */
    private static ChatRequest withTools(Reply reply, ChatRequest request, ToolHost host) {
        List<ToolHost.OfferedTool> offered;
        try {
            offered = host.offered();
        } catch (RuntimeException e) {
            offered = List.of();
        }
        reply.offered(offered);
        return offered.isEmpty() ? request : request.withTools(offered.stream().map(ToolHost.OfferedTool::spec).toList());
    }

    /**
     * The next reply of the tool loop, after {@code calling} (its parent), for the same question;
     * started with the path to {@code calling} as its context. Not claimed: the loop hands the
     * session over to it.
     */
    Reply nextOf(Session session, ChatProvider provider, String model, Message user, String callingId, int step) {
        Reply next = newReply(session, provider, model, user, callingId, clock.instant(), false);
        next.step(step);
        return next;
    }

    /**
     * Journals every reply in flight again, from its user message to what has arrived so far: the
     * journal file holding them was removed under the app.
     */
    void journalAgain() {
        java.util.Set<String> usersJournaled = new java.util.HashSet<>();
        for (Reply reply : active.all()) {
            synchronized (reply) {
                if (reply.status().isFinal()) {
                    continue;
                }
                Message user = reply.userMessage(); // null for a re-attach whose question was not found
                if (user != null && usersJournaled.add(user.id())) { // once for the replies of a compared turn
                    Turns.questionRecords(reply.sessionId(), user, reply.compared()).forEach(journal::append);
                }
                journal.append(new JournalRecord.StreamStarted(reply.streamId(), reply.sessionId(), reply.providerId(),
                        reply.modelName(), reply.startedAt(), Turns.journalParent(reply.parentId()), reply.origin()));
                reply.snapshotRecords(clock.instant()).forEach(journal::append);
            }
        }
    }

    /** On a worker: the request with its parts (and the tools offered), sent unless the reply was stopped meanwhile. */
    private void sendWithParts(Reply reply, ChatProvider provider, ChatRequest request, List<Message> path,
                               RequestAttachments parts, ToolHost tools, Pending pending) {
        if (pending.isCancelled() || reply.status().isFinal()) {
            return; // stopped while its files were being saved: nothing leaves
        }
        ChatRequest full;
        try {
            ChatRequest withFiles = parts.withParts(request, path, provider);
            full = tools == null ? withFiles : withTools(reply, withFiles, tools);
        } catch (AttachmentRefusedException e) {
            chat.finish(reply, MessageStatus.ERROR, e.getMessage());
            return;
        } catch (RuntimeException e) {
            chat.finish(reply, MessageStatus.ERROR, "Could not prepare the attached files; nothing was sent.");
            return;
        } catch (OutOfMemoryError e) { // a reply left streaming for ever would be worse than the error
            chat.finish(reply, MessageStatus.ERROR, "The attached files are too large to prepare in the memory"
                    + " Tidemark has; nothing was sent. Attach fewer or smaller files.");
            return;
        }
        try {
            pending.start(() -> provider.stream(full, event -> chat.onEvent(reply, event)));
        } catch (RuntimeException e) {
            chat.finish(reply, MessageStatus.ERROR, "Could not start the request: " + e.getMessage());
        }
    }

    /**
     * A request that has not left yet. Stop cancels it before it starts (then it never does), or
     * cancels the stream it became; starting and cancelling exclude each other.
     */
    private static final class Pending implements Cancellable {
        private boolean cancelled;   // guarded by this
        private Cancellable stream;  // guarded by this

        @Override
        public synchronized void cancel() {
            cancelled = true;
            if (stream != null) {
                stream.cancel();
            }
        }

        synchronized boolean isCancelled() {
            return cancelled;
        }

        /** Starts the stream unless cancelled. */
        synchronized void start(Supplier<Cancellable> request) {
            if (!cancelled) {
                stream = request.get();
            }
        }
    }
}
