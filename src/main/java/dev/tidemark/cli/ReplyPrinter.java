package dev.tidemark.cli;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.chat.ToolLoop;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.session.Workspace;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Prints a reply as it streams — and, with tools, every reply of the tool loop after it — on
 * standard output, one line per tool call run on stderr, and gives {@code chat}'s exit code. Deltas
 * and lines are printed by the caller's thread, never by a provider's or the tool loop's.
 */
final class ReplyPrinter {

    /** How long the tool loop may take to route a finished reply's calls before the command stops waiting for it. */
    static final Duration ROUTE_PATIENCE = Duration.ofSeconds(30);

    /** How long Ctrl+C waits for requests under way (the cancel of a background reply) before the process ends. */
    static final Duration CANCEL_PATIENCE = Duration.ofSeconds(2);

    private sealed interface Item {
    }

    private record Delta(String streamId, String text) implements Item {
    }

    private record ToolLine(String line) implements Item {
    }

    /** A line on stderr that leaves standard output as it is (a retry, a re-attach after a lost connection). */
    private record Note(String line) implements Item {
    }

    private final CliEnvironment environment;
    private final ChatService chat;
    private final String sessionId;
    private final Workspace workspace;
    private final boolean tools; // the tool loop may go on after a reply (chat --tools with tools offered)
    private final LinkedBlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final Map<String, Reply> started = new ConcurrentHashMap<>(); // by stream id
    private final Set<String> ended = ConcurrentHashMap.newKeySet();      // stream ids whose stream is over
    private final Set<String> told = ConcurrentHashMap.newKeySet();       // message/call/state lines printed
    private boolean endsWithNewline = true;  // the main thread's, as everything below that prints
    private String printing;                 // the stream whose text was printed last

    private ReplyPrinter(CliEnvironment environment, ChatService chat, String sessionId, Workspace workspace,
                         boolean tools) {
        this.environment = environment;
        this.chat = chat;
        this.sessionId = sessionId;
        this.workspace = workspace;
        this.tools = tools;
    }

    /**
     * Starts a reply and prints it (with {@code tools}, the whole tool loop) as it streams; the exit
     * code as {@code chat} gives it, from the last reply.
     */
    static int stream(CliEnvironment environment, ChatService chat, String sessionId, Workspace workspace,
                      Supplier<Reply> start, boolean tools) throws Exception {
        return new ReplyPrinter(environment, chat, sessionId, workspace, tools).run(start);
    }

    private int run(Supplier<Reply> start) throws Exception {
        chat.addListener(new ChatService.Listener() {
            @Override
            public void replyStarted(Reply reply) {
                if (reply.sessionId().equals(sessionId)) {
                    started.put(reply.streamId(), reply);
                }
            }

            @Override
            public void replyUpdated(Reply reply, StreamEvent piece) {
                if (piece instanceof StreamEvent.TextDelta text && reply.sessionId().equals(sessionId)) {
                    items.offer(new Delta(reply.streamId(), text.text()));
                } else if (piece instanceof StreamEvent.Retrying retrying && reply.sessionId().equals(sessionId)) {
                    items.offer(new Note(retryLine(retrying)));
                }
            }

            @Override
            public void replyFinished(Reply reply) {
                ended.add(reply.streamId());
            }

            @Override
            public void toolCallChanged(String session, String messageId, ToolCall call) {
                if (session.equals(sessionId) && call.state() != null && call.state().isSettled()
                        && told.add(messageId + "\n" + call.id() + "\n" + call.state())) {
                    items.offer(new ToolLine(toolLine(call)));
                }
            }
        });
        AtomicReference<Reply> current = new AtomicReference<>(start.get());
        started.put(current.get().streamId(), current.get());
        Thread onInterrupt = new Thread(() -> {
            // Ctrl+C: keep what arrived as a stopped reply (and stop the tool step), make it durable, then exit (130).
            chat.stop(sessionId);
            try {
                current.get().finished().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the journal holds whatever reached it
            }
            awaitCancels(chat);
            workspace.close();
        }, "tidemark-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        long routeWaitStart = 0;
        // Printing follows the stream, not the disk: a full disk never holds the reply back.
        while (true) {
            Item item = items.poll(50, TimeUnit.MILLISECONDS);
            if (item != null) {
                print(item);
                continue;
            }
            Reply reply = current.get();
            if (!ended.contains(reply.streamId()) && !reply.finished().isDone()) {
                continue;
            }
            if (!tools) {
                break;
            }
            Optional<Reply> next = nextOf(reply);
            if (next.isPresent()) {
                current.set(next.get());
                routeWaitStart = 0;
                continue;
            }
            Verdict verdict = loopOver(reply);
            if (verdict == Verdict.ROUTING) {
                routeWaitStart = routeWaitStart == 0 ? System.nanoTime() : routeWaitStart;
                if (System.nanoTime() - routeWaitStart < ROUTE_PATIENCE.toNanos()) {
                    continue;
                }
                verdict = Verdict.OVER;
            }
            if (verdict == Verdict.OVER && nextOf(reply).isEmpty() && items.isEmpty()) {
                break;
            }
        }
        lineEnd();
        return finish(current.get(), onInterrupt);
    }

    private enum Verdict { OVER, ROUTING, GOING_ON }

    /** The reply of the loop that follows this one, once it started. */
    private Optional<Reply> nextOf(Reply reply) {
        return started.values().stream().filter(r -> reply.streamId().equals(r.parentId())).findFirst();
    }

    /** Whether the tool loop is over after this reply, whose stream ended and which no reply follows yet. */
    private Verdict loopOver(Reply reply) {
        Optional<Message> message = workspace.store().get(sessionId).flatMap(s -> s.message(reply.streamId()));
        if (message.isEmpty() || message.get().status() != MessageStatus.COMPLETE
                || message.get().toolCalls().isEmpty()) {
            return Verdict.OVER;
        }
        if (message.get().toolCalls().stream().anyMatch(c -> c.state() == null)) {
            return Verdict.ROUTING; // the loop has not taken them yet (or never will: waited for a while)
        }
        if (message.get().toolCalls().stream().anyMatch(c -> !c.state().isSettled())
                || chat.tools().busy(sessionId) || !chat.activeReplies(sessionId).isEmpty()) {
            return Verdict.GOING_ON;
        }
        return Verdict.OVER;
    }

    private void print(Item item) {
        if (item instanceof Delta delta) {
            PrintWriter out = environment.out();
            if (printing != null && !printing.equals(delta.streamId())) {
                lineEnd(); // each reply of the loop starts on a line of its own
            }
            printing = delta.streamId();
            out.print(delta.text());
            out.flush();
            endsWithNewline = delta.text().endsWith("\n");
        } else if (item instanceof Note note) {
            environment.err().println(note.line());
            environment.err().flush();
        } else if (item instanceof ToolLine line) {
            lineEnd();
            environment.err().println(line.line());
            environment.err().flush();
        }
    }

    private void lineEnd() {
        if (!endsWithNewline) {
            environment.out().println();
            environment.out().flush();
            endsWithNewline = true;
        }
    }

    /** {@code tidemark: REASON; trying again in N s (attempt K)}: why the reply pauses. */
    static String retryLine(StreamEvent.Retrying retrying) {
        String reason = retrying.reason() == null ? "" : ServerStates.oneLine(retrying.reason());
        long seconds = Math.round(retrying.delay().toMillis() / 1000.0);
        return "tidemark: " + (reason.isEmpty() ? "the reply paused" : reason.replaceAll("[.]$", ""))
                + "; trying again" + (seconds > 0 ? " in " + seconds + " s" : "") + " (attempt " + retrying.attempt()
                + ").";
    }

    /** {@code tool SERVER/TOOL ARGS done}, {@code … error: WHY}, {@code … denied: …}, {@code … interrupted: …}. */
    static String toolLine(ToolCall call) {
        String where = call.server() == null || call.server().isEmpty() ? call.ownName()
                : call.server() + "/" + call.ownName();
        String arguments = ServerStates.oneLine(call.arguments());
        if (arguments.length() > 120) {
            arguments = arguments.substring(0, 119) + "…";
        }
        String head = "tool " + where + (arguments.isEmpty() ? "" : " " + arguments) + " ";
        String why = call.result() == null ? "" : ServerStates.oneLine(call.result().text());
        if (why.length() > 300) {
            why = why.substring(0, 299) + "…";
        }
        ToolCallState state = call.state();
        if (state == ToolCallState.DENIED) {
            return head + "denied: " + call.ownName() + " is not allowed (--allow " + call.ownName()
                    + " or --allow-all lets it run); the model was told.";
        }
        if (state == ToolCallState.DONE) {
            return head + "done";
        }
        return head + state.wireName() + (why.isEmpty() ? "" : ": " + why);
    }

    /** After the last reply's stream: waits for the disk, then says how it ended (the exit code). */
    private int finish(Reply reply, Thread onInterrupt) throws Exception {
        Message message;
        try {
            message = reply.finished().get(ChatCommand.JOURNAL_PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException notWritten) {
            // the journal cannot write (a full disk): say what is lost rather than wait for as long as it lasts
            removeHook(onInterrupt);
            environment.reportProblems(workspace);
            environment.err().println("tidemark: the reply was printed but not saved: the journal could not write it"
                    + " to " + workspace.dataDir() + " within " + ChatCommand.JOURNAL_PATIENCE.toSeconds()
                    + " seconds. Session " + sessionId + " keeps only what was saved before this prompt."
                    + " Free some space and send it again.");
            environment.err().flush();
            return 1;
        }
        try {
            workspace.store().flush().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException notSaved) {
            // the journal has the reply: the session file is written from it at the next start
            environment.reportProblems(workspace);
            environment.err().println("tidemark: the reply is kept in the journal, but session " + sessionId
                    + "'s file could not be written yet; the next start of Tidemark writes it.");
        }
        removeHook(onInterrupt);
        environment.reportProblems(workspace);
        Message saved = workspace.store().get(sessionId).flatMap(s -> s.message(message.id())).orElse(message);
        if (tools && ToolLoop.STEP_LIMIT_NOTE.equals(saved.detail())) {
            environment.err().println("tidemark: " + ToolLoop.STEP_LIMIT_NOTE);
            environment.err().flush();
        }
        if (message.status() == MessageStatus.COMPLETE) {
            return 0;
        }
        environment.err().println("tidemark: " + (message.detail() != null ? message.detail() : "the reply failed."));
        environment.err().flush();
        return message.status() == MessageStatus.STOPPED ? 130 : 1;
    }

    /**
     * On Ctrl+C: waits, at most {@link #CANCEL_PATIENCE}, until the service answered the cancel of a
     * background reply that Stop sent, so that the request is not lost with the process.
     */
    static void awaitCancels(ChatService chat) {
        try {
            chat.remoteCancelsSent().get(CANCEL_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notAnswered) {
            // best effort: the service may have finished the reply already, or not answer in time
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the interrupt hook is already running
        }
    }
}
