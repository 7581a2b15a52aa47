package dev.tidemark.chat;

import dev.tidemark.provider.ChatProvider;

import java.util.Objects;
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
    private volatile ToolHost host = ToolHost.NONE;
    private volatile ToolPolicy policy = ToolPolicy.ASK;

    ToolLoop(ChatService chat) {
        this.chat = Objects.requireNonNull(chat);
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
        throw new UnsupportedOperationException("the tool loop is being built");
    }

    /** Cancels a running call (its result: {@link #CANCELLED_RESULT}, an error); the loop goes on. No-op when it is not running. */
    public void cancel(String sessionId, String messageId, String callId) {
        throw new UnsupportedOperationException("the tool loop is being built");
    }

    /**
     * Runs an interrupted (or failed) call again because the person asked to, then goes on with the
     * loop once no call of that reply is unsettled.
     */
    public void retry(String sessionId, String messageId, String callId, ChatProvider provider, String model) {
        throw new UnsupportedOperationException("the tool loop is being built");
    }

    /**
     * Tells the model an interrupted call failed, without running it (its result becomes
     * {@link #INTERRUPTED_RESULT}, an error, journaled), then goes on as {@link #retry} does.
     */
    public void tellFailed(String sessionId, String messageId, String callId, ChatProvider provider, String model) {
        throw new UnsupportedOperationException("the tool loop is being built");
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
        throw new UnsupportedOperationException("the tool loop is being built");
    }

    /**
     * Before a new message is sent after this reply: its calls still requested are decided by the
     * policy alone (no decision: denied) and the allowed ones run. Completes once every call of
     * the reply is settled; at once when none waits.
     */
    public CompletableFuture<Void> settle(String sessionId, String messageId) {
        throw new UnsupportedOperationException("the tool loop is being built");
    }

    /** True while a tool step is under way in the session (a call waits, runs, or the next reply is about to start). */
    public boolean busy(String sessionId) {
        return false;
    }

    /** Stops the session's tool step: a running call is cancelled, waiting ones denied, no next reply. False when none. */
    public boolean stop(String sessionId) {
        return false;
    }
}
