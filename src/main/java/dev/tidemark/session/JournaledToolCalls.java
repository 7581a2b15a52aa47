package dev.tidemark.session;

import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.ToolLedger;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool ledger of a journal (format 5), folded by session, reply and call: what {@link Recovery}
 * applies to the calls of the messages it finds or puts back ({@code docs/recovery.md}). For each
 * call the last record decides, and a call never moves backwards (a file saying done stays done):
 * <ul>
 *   <li>{@code tool.requested}, or {@code tool.decided} allowed and never started: requested (it asks again);</li>
 *   <li>{@code tool.decided} denied: denied;</li>
 *   <li>{@code tool.started} and no {@code tool.finished} after it: for the owner, interrupted (it may
 *       have run), and a closing {@code tool.finished} is journaled once the store holds it; for a
 *       reader, still running (in the owner's process);</li>
 *   <li>{@code tool.finished}: its state and result (a Retry's later pair wins over an earlier one).</li>
 * </ul>
 * A call the session file saves as running that the journal does not show open (the app died after
 * a checkpoint dropped its {@code tool.started}, which journal format 5 no longer allows) is made
 * interrupted by the owner too, when the journal names its session.
 */
final class JournaledToolCalls {

    /** One call's ledger, as far as the journal holds it. */
    private static final class Trace {
        ToolLedger.Requested requested;
        JournalRecord.ToolRecord last;
    }

    /** By session, then by reply, then by call id, in journal order. */
    private final Map<String, Map<String, Map<String, Trace>>> calls = new LinkedHashMap<>();

    void add(JournalRecord.ToolRecord record) {
        Trace trace = calls.computeIfAbsent(record.sessionId(), s -> new LinkedHashMap<>())
                .computeIfAbsent(record.streamId(), s -> new LinkedHashMap<>())
                .computeIfAbsent(record.callId(), c -> new Trace());
        if (record instanceof ToolLedger.Requested requested && trace.requested == null) {
            trace.requested = requested;
        }
        if (!(record instanceof ToolLedger.Requested) || trace.last == null) {
            trace.last = record; // a Requested journaled again never undoes what followed it
        }
    }

    /**
     * The session with its calls as the ledger leaves them.
     *
     * @param owner       the owner of the data directory (interrupted calls are closed), else a reader
     * @param closings    where the owner's closing {@code tool.finished} records go, to journal after the store holds them
     * @param interrupted where the calls found interrupted go
     * @param problems    where records that name a reply the session lacks are said
     */
    Session apply(Session session, boolean owner, Instant now, List<ToolLedger.Finished> closings,
                  List<Recovery.InterruptedCall> interrupted, List<String> problems) {
        Map<String, Map<String, Trace>> replies = calls.getOrDefault(session.id(), Map.of());
        Session out = session;
        for (Map.Entry<String, Map<String, Trace>> reply : replies.entrySet()) {
            Message message = out.message(reply.getKey()).orElse(null);
            if (message == null) {
                problems.add("tool calls of reply " + reply.getKey() + " in session " + session.id()
                        + " are in the journal but the reply is not; they are left out");
                continue;
            }
            List<ToolCall> list = new ArrayList<>(message.toolCalls());
            boolean changed = false;
            for (Map.Entry<String, Trace> entry : reply.getValue().entrySet()) {
                int at = indexOf(list, entry.getKey());
                ToolCall saved = at >= 0 ? list.get(at) : fromRecord(entry.getValue().requested);
                if (saved == null) {
                    problems.add("tool call " + entry.getKey() + " of reply " + reply.getKey() + " in session "
                            + session.id() + " is in the journal without its request; it is left out");
                    continue;
                }
                ToolCall next = next(saved, entry.getValue(), owner);
                if (owner && entry.getValue().last instanceof ToolLedger.Started && next.state() != null
                        && next.state().isSettled()) {
                    // started, and the store already holds the outcome (or it is interrupted now): closed in the journal
                    ToolResult r = next.result() != null ? next.result() : new ToolResult("", true, List.of());
                    closings.add(new ToolLedger.Finished(session.id(), reply.getKey(), entry.getKey(), next.state(),
                            r.text(), r.error(), r.images(), now));
                    if (next.state() == ToolCallState.INTERRUPTED && saved.state() != ToolCallState.INTERRUPTED) {
                        interrupted.add(new Recovery.InterruptedCall(session.id(), reply.getKey(), entry.getKey(), next.ownName()));
                    }
                }
                if (at >= 0) {
                    changed |= !next.equals(saved);
                    list.set(at, next);
                } else {
                    list.add(next);
                    changed = true;
                }
            }
            if (changed) {
                out = out.withMessage(withCalls(message, list), message.createdAt());
            }
        }
        return owner ? withStaleRunsInterrupted(out, replies, now, closings, interrupted) : out;
    }

    /**
     * The owner's sweep of a session the journal names: a call its file saves as running that the
     * journal does not show open ran in a process that is gone (this one runs nothing yet).
     */
    private static Session withStaleRunsInterrupted(Session session, Map<String, Map<String, Trace>> replies,
                                                    Instant now, List<ToolLedger.Finished> closings,
                                                    List<Recovery.InterruptedCall> interrupted) {
        Session out = session;
        for (Message message : session.allMessages()) {
            List<ToolCall> list = new ArrayList<>(message.toolCalls());
            boolean changed = false;
            for (int i = 0; i < list.size(); i++) {
                ToolCall c = list.get(i);
                Trace t = replies.getOrDefault(message.id(), Map.of()).get(c.id());
                if (c.state() == ToolCallState.RUNNING && (t == null || !(t.last instanceof ToolLedger.Started))) {
                    list.set(i, c.with(ToolCallState.INTERRUPTED, null));
                    closings.add(new ToolLedger.Finished(session.id(), message.id(), c.id(), ToolCallState.INTERRUPTED,
                            "", true, List.of(), now));
                    interrupted.add(new Recovery.InterruptedCall(session.id(), message.id(), c.id(), c.ownName()));
                    changed = true;
                }
            }
            if (changed) {
                out = out.withMessage(withCalls(message, list), message.createdAt());
            }
        }
        return out;
    }

    /** Where the last record leaves the call; never backwards from a settled state to an unsettled one. */
    private static ToolCall next(ToolCall saved, Trace trace, boolean owner) {
        ToolCall routed = trace.requested != null && saved.server() == null
                ? new ToolCall(saved.id(), saved.name(), saved.arguments(), trace.requested.server(),
                trace.requested.tool(), saved.state(), saved.result())
                : saved;
        boolean settled = saved.state() != null && saved.state().isSettled();
        JournalRecord.ToolRecord last = trace.last;
        if (last instanceof ToolLedger.Finished f) {
            // an interrupted call's closing record carries no answer: it has none, as when it was found interrupted
            boolean noAnswer = f.state() == ToolCallState.INTERRUPTED && f.result().isEmpty() && f.images().isEmpty();
            return routed.with(f.state(), noAnswer ? null : new ToolResult(f.result(), f.error(), f.images()));
        }
        if (settled) {
            return routed; // the file is ahead of the journal (store first): a call never moves backwards
        }
        if (last instanceof ToolLedger.Started) {
            return owner ? routed.with(ToolCallState.INTERRUPTED, null) : routed.with(ToolCallState.RUNNING, null);
        }
        if (last instanceof ToolLedger.Decided d && !d.allowed()) {
            return routed.with(ToolCallState.DENIED, routed.result());
        }
        if (saved.state() == ToolCallState.RUNNING) {
            return routed; // the file says it started: the owner's sweep (or the reader) decides
        }
        return routed.with(ToolCallState.REQUESTED, null); // requested, or allowed and never started: asks again
    }

    private static ToolCall fromRecord(ToolLedger.Requested r) {
        return r == null ? null : new ToolCall(r.callId(), r.name(), r.arguments()).requested(r.server(), r.tool());
    }

    private static int indexOf(List<ToolCall> list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static Message withCalls(Message m, List<ToolCall> list) {
        return new Message(m.id(), m.role(), m.text(), m.status(), m.createdAt(), m.model(), m.detail(), m.reasoning(),
                list, m.gap(), m.stats(), m.parentId(), m.attachments());
    }
}
