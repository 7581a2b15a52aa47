package dev.tidemark.journal;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.ToolCallState;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The tool ledger's records (journal format 5), every one a barrier: a call is
 * {@link Requested} once its reply has ended, {@link Decided} (allowed or denied), {@link Started}
 * — forced to disk before the call is sent to its server — and {@link Finished} with its result.
 * After a crash, the last of them says what happened ({@code docs/recovery.md}): requested or
 * allowed and never started asks again; started and never finished is interrupted (it may have
 * run) and is never run again by itself; finished keeps its result. A Retry writes a new
 * {@code Started}/{@code Finished} pair for the same call.
 */
public final class ToolLedger {

    private ToolLedger() {
    }

    /**
     * The model asked for a call, and the tool loop will deal with it.
     *
     * @param index     the call's place in its reply (0, 1, …)
     * @param server    the MCP server it goes to ("" when no offered tool has that name)
     * @param tool      the MCP tool's own name on it ("" when unknown)
     * @param name      the name the model called
     * @param arguments the arguments as the model wrote them
     */
    public record Requested(String sessionId, String streamId, String callId, int index, String server, String tool,
                            String name, String arguments, Instant at) implements JournalRecord.ToolRecord {
        public Requested {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(callId);
            Objects.requireNonNull(server);
            Objects.requireNonNull(tool);
            Objects.requireNonNull(name);
            Objects.requireNonNull(arguments);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "tool.requested";
        }
    }

    /**
     * Whether the call may run.
     *
     * @param allowed true: it may run (it is started next); false: denied, the model is told so
     * @param how     who decided: {@code once}, {@code always} (the person, remembering it),
     *                {@code rule} (an "always allow" remembered earlier, or the command line's flags),
     *                {@code limit} (denied: the step limit was reached)
     */
    public record Decided(String sessionId, String streamId, String callId, boolean allowed, String how, Instant at)
            implements JournalRecord.ToolRecord {
        public Decided {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(callId);
            Objects.requireNonNull(how);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "tool.decided";
        }
    }

    /** The call is about to be sent to its server; forced to disk before it is. */
    public record Started(String sessionId, String streamId, String callId, Instant at)
            implements JournalRecord.ToolRecord {
        public Started {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(callId);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "tool.started";
        }
    }

    /**
     * The call's outcome.
     *
     * @param state  {@link ToolCallState#DONE}, {@link ToolCallState#ERROR}, {@link ToolCallState#DENIED}
     *               or {@link ToolCallState#INTERRUPTED} (written by recovery, or when the person tells
     *               the model an interrupted call failed)
     * @param result the result's text as the model is told it
     * @param error  the result is an error
     * @param images images the tool returned, already in the attachment store (written and forced)
     */
    public record Finished(String sessionId, String streamId, String callId, ToolCallState state, String result,
                           boolean error, List<Attachment> images, Instant at) implements JournalRecord.ToolRecord {
        public Finished {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(callId);
            Objects.requireNonNull(state);
            Objects.requireNonNull(result);
            Objects.requireNonNull(at);
            images = images == null ? List.of() : List.copyOf(images);
        }

        @Override
        public String type() {
            return "tool.finished";
        }
    }
}
