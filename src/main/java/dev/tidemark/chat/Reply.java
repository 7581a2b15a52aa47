package dev.tidemark.chat;

import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Message;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.model.ToolCallAccumulator;
import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A reply while it streams. Text arrives on the provider's thread; stop may come from any thread;
 * readers (the UI, the CLI) take snapshots. All mutable state is guarded by {@code this}.
 */
public final class Reply {

    private final String streamId;
    private final String sessionId;
    private final String providerId;
    private final String modelName;
    private final Message userMessage;
    private final String parentId;
    private final Instant startedAt;
    private final boolean compared;
    private final CompletableFuture<Message> finished = new CompletableFuture<>();

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final ToolCallAccumulator toolCalls = new ToolCallAccumulator();
    private MessageStatus status = MessageStatus.STREAMING;
    private String detail;
    private long seq;
    private StreamEvent.Usage usage;
    private final long startedNanos = System.nanoTime();
    private long firstPieceNanos = -1;
    private long endedNanos = -1;
    private StreamEvent.Retrying retrying;
    private boolean connectionLost; // its end was a lost connection
    private Cancellable cancellable = () -> { };
    private volatile Map<String, ToolHost.OfferedTool> offered = Map.of();
    private volatile int step = 1;
    private volatile ChatProvider provider;
    // background runs (issue 18), guarded by this
    private String responseId;
    private JournalRecord.Origin origin;
    private long position = -1;       // the service's number of the wire event whose pieces arrive now
    private long journaledRseq = -1;  // the highest such number a journaled piece came from
    private long dropThrough = -1;    // pieces from events numbered up to this are held already
    private int attempts;             // re-attach tries since the last piece arrived
    private boolean reattaching;
    private boolean recovered;
    private boolean gap;
    private volatile String shownModel;

    Reply(String streamId, String sessionId, String providerId, String modelName, Message userMessage,
          String parentId, Instant startedAt) {
        this(streamId, sessionId, providerId, modelName, userMessage, parentId, startedAt, false);
    }

    /** @param compared one of several replies to the same question, from models compared side by side */
    Reply(String streamId, String sessionId, String providerId, String modelName, Message userMessage,
          String parentId, Instant startedAt, boolean compared) {
        this.compared = compared;
        this.streamId = streamId;
        this.sessionId = sessionId;
        this.providerId = providerId;
        this.modelName = modelName;
        this.userMessage = userMessage;
        this.parentId = parentId;
        this.startedAt = startedAt;
    }

    public String streamId() {
        return streamId;
    }

    public String sessionId() {
        return sessionId;
    }

    /** True when this is one of several replies to one question, from models compared side by side. */
    public boolean compared() {
        return compared;
    }

    /** "provider/model", as shown with the reply. */
    public String model() {
        return shownModel != null ? shownModel : providerId + "/" + modelName;
    }

    /** The id of the provider it was asked of. */
    public String providerId() {
        return providerId;
    }

    String modelName() {
        return modelName;
    }

    Message userMessage() {
        return userMessage;
    }

    /** The message this reply follows in the conversation tree: the user's message (or, for a continuation, the reply it continues). */
    public String parentId() {
        return parentId;
    }

    Instant startedAt() {
        return startedAt;
    }

    /**
     * What has arrived so far as journal records covering sequence numbers 1..seq: the reasoning,
     * each tool call, then the text (which takes up the remaining numbers); the last of them carries
     * the service's position reached, and a background run's id comes last ({@code stream.remote}).
     */
    synchronized List<JournalRecord> snapshotRecords(Instant at) {
        List<JournalRecord> out = new ArrayList<>();
        long last = responseId != null ? seq - 1 : seq;
        long next = 1;
        if (reasoning.length() > 0 && next <= last) {
            out.add(new JournalRecord.ReasoningDelta(streamId, next, next, reasoning.toString()));
            next++;
        }
        List<ToolCall> calls = toolCalls.calls();
        for (int i = 0; i < calls.size() && next <= last; i++) {
            ToolCall call = calls.get(i);
            out.add(new JournalRecord.ToolCallDelta(streamId, next, i, call.id(), call.name(), call.arguments()));
            next++;
        }
        if (next <= last) {
            out.add(new JournalRecord.TextDelta(streamId, next, last, text.toString()));
        }
        if (journaledRseq >= 0 && !out.isEmpty()) {
            out.set(out.size() - 1, Turns.withRemoteSeq(out.get(out.size() - 1), journaledRseq));
        }
        if (responseId != null) {
            out.add(new JournalRecord.StreamRemote(streamId, last + 1, responseId, at));
        }
        return out;
    }

    public synchronized String text() {
        return text.toString();
    }

    public synchronized int length() {
        return text.length();
    }

    public synchronized MessageStatus status() {
        return status;
    }

    /** Token counts, once the service has reported them. */
    public synchronized java.util.Optional<StreamEvent.Usage> usage() {
        return java.util.Optional.ofNullable(usage);
    }

    /** The retry under way (before the first piece arrived, or a re-attach's), if any: none once a piece arrived. */
    public synchronized java.util.Optional<StreamEvent.Retrying> retrying() {
        return java.util.Optional.ofNullable(retrying);
    }

    /** True when it ended because the connection dropped, stalled or closed early ({@link StreamEvent.Failed#connectionLost()}). */
    public synchronized boolean connectionLost() {
        return connectionLost;
    }

    synchronized void note(StreamEvent event) {
        if (event instanceof StreamEvent.Failed f) {
            connectionLost = f.connectionLost();
        } else if (event instanceof StreamEvent.Usage u) {
            usage = u;
        } else if (event instanceof StreamEvent.Retrying r) {
            retrying = r;
        }
    }

    public synchronized String reasoning() {
        return reasoning.toString();
    }

    /** The reply as a message, as it stands now. */
    public synchronized Message toMessage() {
        return new Message(streamId, Role.ASSISTANT, text.toString(), status, startedAt, model(), detail,
                reasoning.toString(), toolCalls.calls(), gap, stats(), parentId, List.of(), recovered);
    }

    /** Tokens as the service counted them, and how long the first piece and the whole reply took. */
    public synchronized ReplyStats stats() {
        Long in = usage != null && usage.inputTokens() >= 0 ? usage.inputTokens() : null;
        Long out = usage != null && usage.outputTokens() >= 0 ? usage.outputTokens() : null;
        Long first = firstPieceNanos < 0 ? null : (firstPieceNanos - startedNanos) / 1_000_000;
        Long total = endedNanos < 0 ? null : (endedNanos - startedNanos) / 1_000_000;
        return new ReplyStats(in, out, first, total);
    }

    /**
     * Completes with the final message once its end record is in the journal (written and forced)
     * and the session store holds it.
     */
    public CompletableFuture<Message> finished() {
        return finished;
    }

    /** The tools its request offered, by the name the model calls them (empty: none was offered). */
    public Map<String, ToolHost.OfferedTool> offered() {
        return offered;
    }

    void offered(List<ToolHost.OfferedTool> tools) {
        Map<String, ToolHost.OfferedTool> byName = new LinkedHashMap<>();
        tools.forEach(t -> byName.put(t.wireName(), t));
        this.offered = java.util.Collections.unmodifiableMap(byName);
    }

    /** Its place in the tool loop: 1 for the answer to a person's message, one more for each reply of the loop after it. */
    public int step() {
        return step;
    }

    void step(int n) {
        this.step = n;
    }

    /**
     * True while this reply re-attaches to a recovered background reply (issue 18): the window shows
     * "Recovered · finishing…" for it.
     */
    public synchronized boolean reattaching() {
        return reattaching && !status.isFinal();
    }

    /** The service's id for it, once a background run named it ({@link StreamEvent.Remote}). */
    public synchronized java.util.Optional<String> responseId() {
        return java.util.Optional.ofNullable(responseId);
    }

    /**
     * Makes this the re-attach of a recovered background reply: what the journal holds of it
     * (through journal number {@code lastSeq}, and the service's events through {@code after}),
     * still marked recovered.
     */
    synchronized void resumeFrom(Message recoveredReply, String id, long after, long lastSeq,
                                 JournalRecord.Origin carriedOrigin) {
        text.append(recoveredReply.text());
        reasoning.append(recoveredReply.reasoning());
        List<ToolCall> calls = recoveredReply.toolCalls();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            toolCalls.add(i, call.id(), call.name(), call.arguments());
        }
        responseId = id;
        journaledRseq = Math.max(-1, after);
        seq = lastSeq;
        origin = carriedOrigin;
        reattaching = true;
        recovered = true;
        gap = recoveredReply.gap();
        shownModel = recoveredReply.model();
    }

    /** Where its request went, as its start record says (null: not said). */
    synchronized JournalRecord.Origin origin() {
        return origin;
    }

    synchronized void origin(JournalRecord.Origin o) {
        this.origin = o;
    }

    /**
     * The service named this background run: the sequence number of its {@code stream.remote}
     * record, or -1 when the reply has ended or knows its id already.
     */
    synchronized long remote(String id) {
        if (status.isFinal() || responseId != null) {
            return -1;
        }
        responseId = id;
        return ++seq;
    }

    /** The pieces that follow come from the service's event numbered {@code n}. */
    synchronized void position(long n) {
        position = n;
    }

    /** The service's number of the event whose pieces arrive now; -1 when none was said. */
    synchronized long position() {
        return position;
    }

    /** The service's number of the last event whose piece is journaled ({@code starting_after}); -1 none. */
    synchronized long journaledPosition() {
        return journaledRseq;
    }

    /**
     * A re-attach begins: pieces of events up to the last journaled one are dropped from now on.
     * Returns the sequence number of its {@code stream.reattach} record, or -1 when the reply has ended.
     */
    synchronized long reattachStarted() {
        if (status.isFinal()) {
            return -1;
        }
        dropThrough = journaledRseq;
        position = -1;
        return ++seq;
    }

    /** The number of the next re-attach try (1, 2 …; back to 1 once a piece arrived), or -1 when it has ended. */
    synchronized int nextAttempt() {
        return status.isFinal() ? -1 : ++attempts;
    }

    /** The provider its request went to (null before it started). */
    ChatProvider provider() {
        return provider;
    }

    void provider(ChatProvider p) {
        this.provider = p;
    }

    synchronized void cancellable(Cancellable c) {
        this.cancellable = c;
    }

    synchronized Cancellable cancellable() {
        return cancellable;
    }

    /**
     * Adds a piece of the reply and returns its sequence number, or -1 when the reply has already
     * ended (a piece still in flight after Stop).
     */
    synchronized long add(StreamEvent event) {
        if (status.isFinal() || position >= 0 && position <= dropThrough) {
            return -1; // after stop; or a piece the journal holds already (a re-attach never doubles one)
        }
        if (event instanceof StreamEvent.TextDelta t) {
            text.append(t.text());
        } else if (event instanceof StreamEvent.ReasoningDelta r) {
            reasoning.append(r.text());
        } else if (event instanceof StreamEvent.ToolCallDelta c) {
            toolCalls.add(c.index(), c.id(), c.name(), c.argumentsDelta());
        } else {
            throw new IllegalArgumentException("not a piece of a reply: " + event);
        }
        if (firstPieceNanos < 0) {
            firstPieceNanos = System.nanoTime();
        }
        journaledRseq = Math.max(journaledRseq, position);
        attempts = 0;
        retrying = null; // pieces arrive again: no retry is under way
        return ++seq;
    }

    /** Ends the reply once; returns the end record's sequence number, or -1 when it had already ended. */
    synchronized long end(MessageStatus finalStatus, String why) {
        if (status.isFinal()) {
            return -1;
        }
        status = finalStatus;
        detail = why;
        endedNanos = System.nanoTime();
        return ++seq;
    }
}
