package dev.tidemark.cli;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.Workspace;

import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Prints what {@code resume} re-attaches: exactly the text each reply gains, as it streams, on
 * standard output — nothing of what was recovered before, no heading — with one blank line between
 * two replies; says on stderr, in one line, why a reply could not be finished. Deltas are printed by
 * the caller's thread, never by a provider's. On a terminal the output ends with a line break.
 */
final class ResumePrinter {

    /** A piece of a reply's text; with no stream id, a line for stderr (a retry). */
    private record Delta(String streamId, String text) {
    }

    private final CliEnvironment environment;
    private final ChatService chat;
    private final Workspace workspace;
    private final LinkedBlockingQueue<Delta> deltas = new LinkedBlockingQueue<>();
    private final Set<String> ended = ConcurrentHashMap.newKeySet(); // stream ids whose stream is over
    private String tail = "";           // the last two characters printed (main thread)
    private boolean printedThisReply;   // the reply being re-attached printed something (main thread)

    ResumePrinter(CliEnvironment environment, ChatService chat, Workspace workspace) {
        this.environment = environment;
        this.chat = chat;
        this.workspace = workspace;
        chat.addListener(new ChatService.Listener() {
            @Override
            public void replyUpdated(Reply reply, StreamEvent piece) {
                if (piece instanceof StreamEvent.TextDelta text && !text.text().isEmpty()) {
                    deltas.offer(new Delta(reply.streamId(), text.text()));
                } else if (piece instanceof StreamEvent.Retrying retrying) {
                    deltas.offer(new Delta(null, ReplyPrinter.retryLine(retrying))); // stderr: stdout stays exact
                }
            }

            @Override
            public void replyFinished(Reply reply) {
                ended.add(reply.streamId());
            }
        });
    }

    /**
     * Re-attaches one reply and prints its new text as it streams; the exit code it alone would give
     * (0 finished, 1 not, 130 stopped by Ctrl+C).
     */
    int reattach(Recovery.Reattachable recovered, ChatProvider provider) throws Exception {
        Reply reply;
        try {
            reply = chat.reattach(recovered, provider);
        } catch (IllegalStateException busy) {
            return fail(recovered.sessionId(), busy.getMessage());
        }
        String sessionId = recovered.sessionId();
        Thread onInterrupt = new Thread(() -> {
            // Ctrl+C: stop it (the engine cancels it on the service too), keep it, let the cancel leave, exit 130
            chat.stop(sessionId);
            try {
                reply.finished().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the journal holds whatever reached it
            }
            ReplyPrinter.awaitCancels(chat);
            workspace.close();
        }, "tidemark-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        printedThisReply = false;
        while (true) {
            Delta delta = deltas.poll(50, TimeUnit.MILLISECONDS);
            if (delta != null) {
                if (delta.streamId() == null) {
                    environment.err().println(delta.text());
                    environment.err().flush();
                } else if (delta.streamId().equals(reply.streamId())) {
                    print(delta.text());
                }
                continue;
            }
            if (ended.contains(reply.streamId()) || reply.finished().isDone()) {
                break;
            }
        }
        Message message;
        try {
            message = reply.finished().get(ChatCommand.JOURNAL_PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException notWritten) {
            removeHook(onInterrupt);
            return fail(sessionId, "what arrived was printed but not saved: the journal could not write it to "
                    + workspace.dataDir() + " within " + ChatCommand.JOURNAL_PATIENCE.toSeconds() + " seconds."
                    + " Free some space and run resume again.");
        }
        removeHook(onInterrupt);
        if (message.status() == MessageStatus.COMPLETE) {
            return 0;
        }
        if (message.status() == MessageStatus.STOPPED) {
            return 130;
        }
        return fail(sessionId, message.detail() != null ? message.detail() : "the service did not finish it.");
    }

    /** After the last reply: on a terminal, the output ends with a line break. */
    void end() {
        if (environment.terminal() && !tail.isEmpty() && !tail.endsWith("\n")) {
            environment.out().println();
        }
        environment.out().flush();
    }

    private void print(String text) {
        PrintWriter out = environment.out();
        if (!printedThisReply && !tail.isEmpty()) { // one blank line after the reply printed before
            out.print(tail.endsWith("\n\n") ? "" : tail.endsWith("\n") ? "\n" : "\n\n");
        }
        printedThisReply = true;
        out.print(text);
        out.flush();
        String both = tail + text;
        tail = both.substring(Math.max(0, both.length() - 2));
    }

    private int fail(String sessionId, String why) {
        environment.err().println("tidemark: session " + sessionId + ": " + ServerStates.oneLine(why));
        environment.err().flush();
        return 1;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the interrupt hook is already running
        }
    }
}
