package dev.tidemark.chat;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.provider.ChatProvider;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The tool loop of a {@link ChatService} ({@link ChatService#tools()}): a reply that ends complete
 * with tool calls, in a chat with tools on, has each call routed to its server's tool, journaled
 * as requested, decided (by the {@link ToolPolicy}, else by the person through {@link #decide}),
 * started — the record forced before the call is sent — run, and finished; then the results go to
 * the model as the next reply, a child of the one that called, and so on until a reply calls no
 * tool or {@link #STEP_LIMIT} replies have. Every step is in the journal (the tool ledger,
 * {@code journal.ToolLedger}), so a crash never runs a call twice by itself.
 *
 * <p>Listeners hear of every change through {@link ChatService.Listener#toolCallChanged}, after the
 * store holds it. Every method returns at once; none touches a file.
 */
public final class ToolLoop {

    /** How many replies in a row may call tools before the loop stops with a note. */
    public static final int STEP_LIMIT = 10;

    /** What the model is told about a call the person (or the command line) denied. */
    public static final String DENIED_RESULT = "The user denied this tool call, so it was not run.";

    /** What the model is told about a call that was sent to its server and never answered before Tidemark stopped. */
    public static final String INTERRUPTED_RESULT = "This tool call was interrupted: Tidemark stopped while it was"
            + " running, so it may have run, in part or in full. It was not run again.";

    /** What the model is told about a call that never ran and never will (a new message was sent past it). */
    public static final String NOT_RUN_RESULT = "This tool call was not run.";

    /** What the model is told about the calls of the reply that reached the step limit. */
    public static final String STEP_LIMIT_RESULT = "Not run: Tidemark stops the tool loop after " + STEP_LIMIT
            + " steps in a row.";

    /** The note on a reply whose calls were not run because of the step limit. */
    public static final String STEP_LIMIT_NOTE = "Stopped after " + STEP_LIMIT + " tool steps in a row; its tool"
            + " calls were not run. Send a message to let the model go on.";

    /** What the model is told about a call the person cancelled while it ran. */
    public static final String CANCELLED_RESULT = "The user cancelled this tool call while it was running;"
            + " it may have run in part.";

    private final ChatService chat;
    private final ToolStep.Parts parts;
    private volatile ToolHost host = ToolHost.NONE;
    private volatile ToolPolicy policy = ToolPolicy.ASK;

    ToolLoop(ChatService chat, ToolStep.Parts parts) {
        this.chat = Objects.requireNonNull(chat);
        this.parts = Objects.requireNonNull(parts);
    }

    /** Wires in the servers and who may allow calls without asking. */
    public void use(ToolHost newHost, ToolPolicy newPolicy) {
        this.host = Objects.requireNonNull(newHost);
        this.policy = Objects.requireNonNull(newPolicy);
    }

    public ToolHost host() {
        return host;
    }

    public ToolPolicy policy() {
        return policy;
    }

    /**
     * The person's answer to a call waiting for one (its card's buttons). When the loop is waiting
     * on it, the loop goes on; after a restart (no step under way), the call is decided and —
     * once no call of that reply waits any more — the allowed ones run and the loop goes on with
     * {@code provider} and {@code model}.
     *
     * @throws IllegalArgumentException when there is no such call waiting for a decision
     */
    public void decide(String sessionId, String messageId, String callId, ToolPolicy.Decision decision,
                       ChatProvider provider, String model) {
        Objects.requireNonNull(decision, "decision");
        ToolStep live = live(sessionId);
        if (live != null) {
            if (!live.messageId.equals(messageId)) {
                throw new IllegalArgumentException("That tool call is not waiting for a decision.");
            }
            live.decide(callId, decision);
            return;
        }
        Recorded r = recorded(sessionId, messageId);
        int index = r.index(callId);
        if (r.message.toolCalls().get(index).state() != ToolCallState.REQUESTED) {
            throw new IllegalArgumentException("That tool call is not waiting for a decision.");
        }
        begin(r, ToolStep.Mode.RESUME, provider, model, Map.of(index, decision), Set.of(), -1);
    }

    /** Cancels a running call (its result: {@link #CANCELLED_RESULT}, an error); the loop goes on. No-op when it is not running. */
    public void cancel(String sessionId, String messageId, String callId) {
        ToolStep live = live(sessionId);
        if (live != null && live.messageId.equals(messageId)) {
            try {
                live.cancel(callId);
            } catch (IllegalArgumentException e) {
                // no such call: nothing runs
            }
        }
    }

    /**
     * Runs an interrupted (or failed) call again because the person asked to, then goes on with the
     * loop once no call of that reply is unsettled.
     */
    public void retry(String sessionId, String messageId, String callId, ChatProvider provider, String model) {
        Recorded r = recorded(sessionId, messageId);
        int index = r.failed(callId);
        begin(r, ToolStep.Mode.RESUME, provider, model, Map.of(), Set.of(index), -1);
    }

    /**
     * Tells the model an interrupted call failed, without running it (its result becomes
     * {@link #INTERRUPTED_RESULT}, an error, journaled), then goes on as {@link #retry} does.
     */
    public void tellFailed(String sessionId, String messageId, String callId, ChatProvider provider, String model) {
        Recorded r = recorded(sessionId, messageId);
        int index = r.failed(callId);
        begin(r, ToolStep.Mode.RESUME, provider, model, Map.of(), Set.of(), index);
    }

    /**
     * Continue after a crash, for a reply whose calls were run by the loop and that no reply
     * follows: calls still requested are decided (policy, else they wait for {@link #decide});
     * then the recorded results (interrupted calls as {@link #INTERRUPTED_RESULT}) are sent, and the
     * loop goes on. Nothing that started is run again.
     *
     * @return the next reply, once it starts (not at all while a call waits for the person)
     */
    public CompletableFuture<Reply> resume(String sessionId, String messageId, ChatProvider provider, String model) {
        Objects.requireNonNull(provider, "provider");
        Recorded r = recorded(sessionId, messageId);
        if (r.session.fromMessageOn(messageId).size() > 1) {
            throw new IllegalArgumentException("Only the last reply can be continued.");
        }
        return begin(r, ToolStep.Mode.RESUME, provider, model, Map.of(), Set.of(), -1).next;
    }

    /**
     * Before a new message is sent after this reply: its calls still requested are decided by the
     * policy alone (no decision: denied) and the allowed ones run. Completes once every call of
     * the reply is settled; at once when none waits.
     */
    public CompletableFuture<Void> settle(String sessionId, String messageId) {
        Recorded r = recorded(sessionId, messageId);
        if (r.message.toolCalls().stream().noneMatch(c -> c.state() == ToolCallState.REQUESTED)) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return begin(r, ToolStep.Mode.SETTLE, null, null, Map.of(), Set.of(), -1).next.thenApply(x -> null);
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** True while a tool step is under way in the session (a call waits, runs, or the next reply is about to start). */
    public boolean busy(String sessionId) {
        return live(sessionId) != null;
    }

    /** Stops the session's tool step: a running call is cancelled, waiting ones denied, no next reply. False when none. */
    public boolean stop(String sessionId) {
        ToolStep live = live(sessionId);
        if (live == null) {
            return false;
        }
        live.stop();
        return true;
    }

    /** Stops every tool step under way (at exit). */
    void stopAll() {
        parts.active().stepSessions().forEach(this::stop);
    }

    // ---------------------------------------------------------------------------------------------
    // package-private: the reply's end hands over to a step

    /**
     * The step that follows this reply's end, or null when none does: it did not end complete,
     * offered no tools, or called none.
     */
    ToolStep after(Reply reply, Message message) {
        if (message.status() != MessageStatus.COMPLETE || reply.offered().isEmpty() || message.toolCalls().isEmpty()
                || reply.provider() == null) {
            return null;
        }
        Session session = parts.store().get(reply.sessionId()).orElse(null);
        if (session == null || !session.hasMessage(message.id())) {
            return null;
        }
        return new ToolStep(this, parts, ToolStep.Mode.LIVE, session, message, reply.provider(), reply.modelName(),
                reply.step());
    }

    /** The session is now the step's (handed over from its reply): it starts on a worker. */
    void begin(ToolStep step, Reply reply) {
        Map<String, ToolHost.OfferedTool> offered = reply.offered();
        try {
            parts.workers().execute(() -> guarded(step, () -> step.beginLive(offered)));
        } catch (java.util.concurrent.RejectedExecutionException e) { // shutting down: the session is free again
            step.end();
        }
    }

    private ToolStep live(String sessionId) {
        return parts.active().step(sessionId) instanceof ToolStep s ? s : null;
    }

    private ToolStep begin(Recorded r, ToolStep.Mode mode, ChatProvider provider, String model,
                           Map<Integer, ToolPolicy.Decision> given, Set<Integer> retried, int toldFailed) {
        if (mode != ToolStep.Mode.SETTLE) {
            Objects.requireNonNull(provider, "provider");
        }
        ToolStep step = new ToolStep(this, parts, mode, r.session, r.message, provider, model,
                ToolStep.stepOf(r.session, r.message.id()));
        parts.active().claimStep(r.session.id(), step);
        if (toldFailed >= 0) {
            guarded(step, () -> step.tellFailed(toldFailed));
        }
        boolean toRun = !retried.isEmpty() || r.message.toolCalls().stream()
                .anyMatch(c -> c.state() == ToolCallState.REQUESTED);
        if (!toRun) { // nothing to send to a server: goes on at once
            guarded(step, () -> step.beginRecorded(List.of(), given, retried));
        } else {
            ToolHost h = host;
            Sending.readyOrLate(h).thenRunAsync(() -> guarded(step, () -> step.beginRecorded(offeredNow(h), given,
                    retried)), parts.workers()).exceptionally(e -> {
                        step.end();
                        return null;
                    });
        }
        return step;
    }

    /** A step whose beginning failed (its reply deleted meanwhile) ends, freeing the session. */
    private static void guarded(ToolStep step, Runnable beginning) {
        try {
            beginning.run();
        } catch (RuntimeException e) {
            step.end();
        }
    }

    private static List<ToolHost.OfferedTool> offeredNow(ToolHost h) {
        try {
            return h.offered();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** A reply of the loop as the store holds it. */
    private record Recorded(Session session, Message message) {
        int index(String callId) {
            for (int i = 0; i < message.toolCalls().size(); i++) {
                if (message.toolCalls().get(i).id().equals(callId)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("There is no tool call " + callId + " in that reply.");
        }

        /** The call, which must be interrupted or failed. */
        int failed(String callId) {
            int i = index(callId);
            ToolCallState state = message.toolCalls().get(i).state();
            if (state != ToolCallState.INTERRUPTED && state != ToolCallState.ERROR) {
                throw new IllegalArgumentException("Only an interrupted or failed tool call can be run again.");
            }
            return i;
        }
    }

    private Recorded recorded(String sessionId, String messageId) {
        Session session = chat.existing(sessionId);
        Message message = session.message(messageId).filter(m -> m.role() == Role.ASSISTANT)
                .orElseThrow(() -> new IllegalArgumentException("That is not a reply in this session."));
        if (message.toolCalls().stream().allMatch(c -> c.state() == null)) {
            throw new IllegalArgumentException("That reply has no tool calls the tool loop ran.");
        }
        return new Recorded(session, message);
    }
}
