package dev.tidemark.chat;

import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.ToolLedger;
import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.session.SessionStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One tool step of a session: the calls of one reply routed, journaled, decided, run one after
 * another in their order, and then — unless stopped — the next reply of the loop. Every change is
 * in the store before its ledger record is queued, and listeners hear of it after both. Nothing
 * here blocks: each stage runs on the workers when the one before it completes (a call is sent to
 * its server only once its {@code tool.started} record is forced). All state is guarded by
 * {@code this}.
 */
final class ToolStep {

    /** What a step is for. */
    enum Mode {
        /** A reply of the loop just ended with calls: route them, decide, run, go on. */
        LIVE,
        /** Going on from a reply recorded earlier (after a restart, a Retry, a decision). */
        RESUME,
        /** Before a new message: the policy decides what still waits (no decision: denied); no next reply. */
        SETTLE
    }

    /** What the steps share with {@link ChatService}. */
    record Parts(JournalAppender journal, SessionStore store, Clock clock, StreamingReplies active, Sending sending,
                 Executor workers, Supplier<List<ChatService.Listener>> listeners) {
    }

    private final ToolLoop loop;
    private final Parts parts;
    private final Mode mode;
    final String sessionId;
    final String messageId;
    private final ChatProvider provider;
    private final String model;
    private final int step;
    private final Message user;
    private final boolean goOn;
    /** By the call's index: the tool it is sent to. */
    private final Map<Integer, ToolHost.OfferedTool> tools = new HashMap<>();
    private final Map<Integer, CompletableFuture<ToolPolicy.Decision>> waiting = new HashMap<>();
    private final Set<Integer> allowed = new LinkedHashSet<>();
    private boolean stopped;
    private int runningIndex = -1;
    private ToolHost.ToolRun running;
    private boolean cancelled;
    private boolean began;

    /** The next reply once it starts; null when there is none (stopped, the step limit, nothing to go on with). */
    final CompletableFuture<Reply> next = new CompletableFuture<>();

    ToolStep(ToolLoop loop, Parts parts, Mode mode, Session session, Message calling, ChatProvider provider,
             String model, int step) {
        this.loop = loop;
        this.parts = parts;
        this.mode = mode;
        this.sessionId = session.id();
        this.messageId = calling.id();
        this.provider = provider;
        this.model = model;
        this.step = step;
        this.user = Turns.lastUserBefore(session, calling.id()).orElse(calling);
        this.goOn = mode != Mode.SETTLE && session.fromMessageOn(calling.id()).size() <= 1;
    }

    // ---------------------------------------------------------------------------------------------
    // the stages

    /** LIVE: routes each call by the name it was offered under, then decides and runs them. */
    synchronized void beginLive(Map<String, ToolHost.OfferedTool> offered) {
        began = true;
        List<ToolCall> calls = calls();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            ToolHost.OfferedTool tool = offered.get(call.name());
            ToolCall routed = tool == null ? call.requested("", "") : call.requested(tool.server(), tool.tool());
            update(i, c -> routed);
            parts.journal().append(new ToolLedger.Requested(sessionId, messageId, call.id(), i, routed.server(),
                    routed.tool(), call.name(), call.arguments(), parts.clock().instant()));
            changed(routed);
            if (tool != null) {
                tools.put(i, tool);
            }
        }
        if (step >= ToolLoop.STEP_LIMIT) {
            for (int i = 0; i < calls.size(); i++) {
                journalDecided(i, false, "limit");
                finish(i, ToolCallState.DENIED, ToolResult.failure(ToolLoop.STEP_LIMIT_RESULT));
            }
            parts.store().update(sessionId, s -> s.withMessage(message(s).withStatus(message(s).status(),
                    ToolLoop.STEP_LIMIT_NOTE), parts.clock().instant()));
            stopped = true;
            end();
            return;
        }
        for (int i = 0; i < calls.size(); i++) {
            if (!tools.containsKey(i)) {
                finish(i, ToolCallState.ERROR, ToolResult.failure("There is no tool named " + calls.get(i).name() + "."));
            }
        }
        decideAndRun(Map.of(), Set.of(), false);
    }

    /**
     * RESUME and SETTLE: the calls recorded earlier, each routed already. {@code given} are the
     * person's decisions by index; {@code retried} are calls to run again because the person asked.
     */
    synchronized void beginRecorded(List<ToolHost.OfferedTool> offered, Map<Integer, ToolPolicy.Decision> given,
                                    Set<Integer> retried) {
        began = true;
        List<ToolCall> calls = calls();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            for (ToolHost.OfferedTool tool : offered) {
                if (tool.server().equals(call.server()) && tool.tool().equals(call.tool())) {
                    tools.put(i, tool);
                    break;
                }
            }
        }
        decideAndRun(given, retried, true);
    }

    /** Tells the model an interrupted call failed (before {@link #beginRecorded}). */
    synchronized void tellFailed(int index) {
        finish(index, ToolCallState.INTERRUPTED, ToolResult.failure(ToolLoop.INTERRUPTED_RESULT));
    }

    private void decideAndRun(Map<Integer, ToolPolicy.Decision> given, Set<Integer> retried, boolean gated) {
        List<ToolCall> calls = calls();
        if (stopped) { // stopped before it began: nothing waits, nothing runs
            for (int i = 0; i < calls.size(); i++) {
                if (calls.get(i).state() == ToolCallState.REQUESTED) {
                    apply(i, ToolPolicy.Decision.DENY, "once");
                }
            }
            end();
            return;
        }
        allowed.addAll(retried);
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            if (call.state() != ToolCallState.REQUESTED || retried.contains(i)) {
                continue;
            }
            ToolPolicy.Decision person = given.get(i);
            if (person != null) {
                apply(i, person, how(person, true));
                continue;
            }
            Optional<ToolPolicy.Decision> rule = askPolicy(call);
            if (rule.isPresent()) {
                apply(i, rule.get(), how(rule.get(), false));
            } else if (mode == Mode.SETTLE) {
                apply(i, ToolPolicy.Decision.DENY, "rule");
            } else {
                waiting.put(i, new CompletableFuture<>());
            }
        }
        if (waiting.isEmpty() && allowed.isEmpty()) { // nothing waits, nothing runs: go on now, on this thread
            end();
            return;
        }
        CompletableFuture<Void> chain = gated
                ? CompletableFuture.allOf(waiting.values().toArray(CompletableFuture[]::new))
                : CompletableFuture.completedFuture(null);
        for (int i = 0; i < calls.size(); i++) {
            int index = i;
            CompletableFuture<ToolPolicy.Decision> decision = waiting.getOrDefault(i,
                    CompletableFuture.completedFuture(null));
            chain = chain.thenCombine(decision, (a, b) -> (Void) null)
                    .thenComposeAsync(v -> runIfAllowed(index), parts.workers());
        }
        chain.whenCompleteAsync((v, failure) -> end(), parts.workers());
    }

    private Optional<ToolPolicy.Decision> askPolicy(ToolCall call) {
        try {
            return loop.policy().decide(call);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String how(ToolPolicy.Decision decision, boolean byPerson) {
        return switch (decision) {
            case ALLOW_ONCE -> "once";
            case ALWAYS_ALLOW -> "always";
            case ALLOWED_BY_RULE -> "rule";
            case DENY -> byPerson ? "once" : "rule";
        };
    }

    /** Journals the decision; a denial is the call's end, an allowance lets it run when its turn comes. */
    private void apply(int index, ToolPolicy.Decision decision, String how) {
        journalDecided(index, decision.allows(), how);
        if (decision == ToolPolicy.Decision.ALWAYS_ALLOW) {
            ToolCall call = calls().get(index);
            loop.policy().alwaysAllow(call.server(), call.tool());
        }
        if (decision.allows()) {
            allowed.add(index);
        } else {
            finish(index, ToolCallState.DENIED, ToolResult.failure(ToolLoop.DENIED_RESULT));
        }
    }

    /** The person's answer to a waiting call. */
    synchronized void decide(String callId, ToolPolicy.Decision decision) {
        int index = indexOf(callId);
        CompletableFuture<ToolPolicy.Decision> w = waiting.get(index);
        if (w == null || w.isDone()) {
            throw new IllegalArgumentException("That tool call is not waiting for a decision.");
        }
        apply(index, decision, how(decision, true));
        w.complete(decision);
        if (decision == ToolPolicy.Decision.ALWAYS_ALLOW) { // the other calls of that tool need no asking now
            List<ToolCall> calls = calls();
            waiting.forEach((i, other) -> {
                if (!other.isDone()) {
                    askPolicy(calls.get(i)).ifPresent(d -> {
                        apply(i, d, how(d, false));
                        other.complete(d);
                    });
                }
            });
        }
    }

    private CompletableFuture<Void> runIfAllowed(int index) {
        synchronized (this) {
            if (stopped || !allowed.remove(index)) {
                return CompletableFuture.completedFuture(null);
            }
            runningIndex = index;
            cancelled = false;
        }
        ToolCall call;
        CompletableFuture<Void> forced;
        synchronized (this) {
            call = update(index, c -> c.with(ToolCallState.RUNNING, null));
            forced = parts.journal().append(new ToolLedger.Started(sessionId, messageId, call.id(),
                    parts.clock().instant()));
            changed(call);
        }
        return forced.handle((ok, failure) -> failure).thenComposeAsync(failure -> {
            if (failure != null) {
                return finished(index, ToolResult.failure("Not run: Tidemark could not write to its journal, so it"
                        + " could not record the call before running it. Check the data folder's disk and try again."));
            }
            ToolHost.ToolRun run;
            synchronized (this) {
                if (stopped || cancelled) {
                    return finished(index, ToolResult.failure(ToolLoop.CANCELLED_RESULT));
                }
                ToolHost.OfferedTool tool = tools.get(index);
                if (tool == null) {
                    return finished(index, ToolResult.failure("Not run: the server " + call.server()
                            + " has no tool " + call.tool() + " now (it may not have started)."));
                }
                run = loop.host().call(tool, call.arguments(), (done, total, message) -> {
                    for (ChatService.Listener l : parts.listeners().get()) {
                        l.toolProgress(sessionId, messageId, call.id(), done, total, message);
                    }
                });
                running = run;
            }
            return run.result().exceptionally(e -> ToolResult.failure("The tool failed: " + e.getMessage()))
                    .thenComposeAsync(result -> finished(index, result), parts.workers());
        }, parts.workers());
    }

    private CompletableFuture<Void> finished(int index, ToolResult result) {
        synchronized (this) {
            ToolResult told = cancelled ? ToolResult.failure(ToolLoop.CANCELLED_RESULT) : result;
            running = null;
            runningIndex = -1;
            cancelled = false;
            return finish(index, told.error() ? ToolCallState.ERROR : ToolCallState.DONE, told)
                    .handle((ok, failure) -> null);
        }
    }

    /** Cancels the call when it is the one running; false when it is not. */
    synchronized boolean cancel(String callId) {
        int index = indexOf(callId);
        if (index != runningIndex || cancelled) {
            return false;
        }
        cancelled = true;
        if (running != null) {
            running.cancel();
        }
        return true;
    }

    /** No next reply; a running call is cancelled, the waiting and allowed ones are denied. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (Map.Entry<Integer, CompletableFuture<ToolPolicy.Decision>> w : waiting.entrySet()) {
            if (!w.getValue().isDone()) {
                apply(w.getKey(), ToolPolicy.Decision.DENY, "once");
                w.getValue().complete(ToolPolicy.Decision.DENY);
            }
        }
        for (int index : new ArrayList<>(allowed)) {
            journalDecided(index, false, "once");
            finish(index, ToolCallState.DENIED, ToolResult.failure(ToolLoop.DENIED_RESULT));
        }
        allowed.clear();
        if (runningIndex >= 0 && !cancelled) {
            cancelled = true;
            if (running != null) {
                running.cancel();
            }
        }
    }

    /** Every call settled (or the step stopped): the next reply, or the end of the loop. Never throws. */
    synchronized void end() {
        if (next.isDone()) {
            return;
        }
        try {
            goOnOrEnd();
        } catch (RuntimeException e) { // the chat or the reply was deleted meanwhile: the session is free again
            parts.active().endStep(sessionId, this, null);
            next.complete(null);
        }
    }

    private void goOnOrEnd() {
        boolean unsettled = calls().stream().anyMatch(c -> c.state() == ToolCallState.REQUESTED
                || c.state() == ToolCallState.RUNNING);
        if (stopped || !goOn || unsettled || !began) {
            parts.active().endStep(sessionId, this, null);
            next.complete(null);
            return;
        }
        Session session = parts.store().get(sessionId).orElseThrow();
        Reply reply = parts.sending().nextOf(session, provider, model, user, messageId, step + 1);
        if (!parts.active().endStep(sessionId, this, reply)) {
            next.complete(null);
            return;
        }
        parts.sending().start(reply, session, provider, session.pathTo(messageId), false,
                CompletableFuture.completedFuture(null));
        next.complete(reply);
    }

    // ---------------------------------------------------------------------------------------------
    // the store and the ledger

    private Message message(Session s) {
        return s.message(messageId).orElseThrow(() -> new IllegalStateException("the reply is gone"));
    }

    private List<ToolCall> calls() {
        return parts.store().get(sessionId).map(this::message).map(Message::toolCalls).orElse(List.of());
    }

    int indexOf(String callId) {
        List<ToolCall> calls = calls();
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).id().equals(callId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("There is no tool call " + callId + " in that reply.");
    }

    private ToolCall update(int index, UnaryOperator<ToolCall> change) {
        ToolCall[] out = new ToolCall[1];
        parts.store().update(sessionId, s -> {
            Message m = message(s);
            List<ToolCall> calls = new ArrayList<>(m.toolCalls());
            out[0] = change.apply(calls.get(index));
            calls.set(index, out[0]);
            return s.withMessage(withCalls(m, calls), parts.clock().instant());
        });
        return out[0];
    }

    static Message withCalls(Message m, List<ToolCall> calls) {
        return new Message(m.id(), m.role(), m.text(), m.status(), m.createdAt(), m.model(), m.detail(), m.reasoning(),
                calls, m.gap(), m.stats(), m.parentId(), m.attachments());
    }

    private void journalDecided(int index, boolean allows, String how) {
        parts.journal().append(new ToolLedger.Decided(sessionId, messageId, calls().get(index).id(), allows, how,
                parts.clock().instant()));
    }

    /** The call's outcome: in the store, then journaled; completes once the record is forced. */
    private CompletableFuture<Void> finish(int index, ToolCallState state, ToolResult result) {
        ToolCall done = update(index, c -> c.with(state, result));
        CompletableFuture<Void> written = parts.journal().append(new ToolLedger.Finished(sessionId, messageId,
                done.id(), state, result.text(), result.error(), result.images(), parts.clock().instant()));
        changed(done);
        return written;
    }

    private void changed(ToolCall call) {
        for (ChatService.Listener l : parts.listeners().get()) {
            l.toolCallChanged(sessionId, messageId, call);
        }
    }

    /** How many replies of the loop, this one included, follow the last message of the person's. */
    static int stepOf(Session session, String messageId) {
        List<Message> path = session.pathTo(messageId);
        int n = 0;
        for (int i = path.size() - 1; i >= 0 && path.get(i).role() == Role.ASSISTANT; i--) {
            n++;
        }
        return Math.max(1, n);
    }
}
