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
        return providerId + "/" + modelName;
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
     * each tool call, then the text (which takes up the remaining numbers).
     */
    synchronized List<JournalRecord> snapshotRecords() {
        List<JournalRecord> out = new ArrayList<>();
        long next = 1;
        if (reasoning.length() > 0 && next <= seq) {
            out.add(new JournalRecord.ReasoningDelta(streamId, next, next, reasoning.toString()));
            next++;
        }
        List<ToolCall> calls = toolCalls.calls();
        for (int i = 0; i < calls.size() && next <= seq; i++) {
            ToolCall call = calls.get(i);
            out.add(new JournalRecord.ToolCallDelta(streamId, next, i, call.id(), call.name(), call.arguments()));
            next++;
        }
        if (next <= seq) {
            out.add(new JournalRecord.TextDelta(streamId, next, seq, text.toString()));
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

    /** The retry under way before the first piece arrived, if any. */
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
                reasoning.toString(), toolCalls.calls(), false, stats(), parentId);
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
    public boolean reattaching() {
        return false;
    }

    /** The service's id for it, once a background run named it ({@link StreamEvent.Remote}). */
    public java.util.Optional<String> responseId() {
        return java.util.Optional.empty();
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
        if (status.isFinal()) {
            return -1;
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
