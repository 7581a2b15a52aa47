package dev.tidemark.cli;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.MissingKeyException;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.chat.Reply;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ProviderException;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code chat [--provider …] [--base-url URL] [--model NAME] [--session ID [--after MSG_ID]] [--attach FILE]...
 * PROMPT}: sends one prompt and prints the reply as it streams. Each {@code --attach} adds a file to
 * the message; every file is checked (and the model asked about, when it is known not to take
 * images or PDFs) before anything is stored, sent or journaled: a file that cannot be attached is a
 * usage error, one line naming it. With {@code --after}, the prompt is a new
 * child of that message (a new version beside its other children; {@code root}: a new first
 * message) and its path becomes the active one. Exit 0 when it completes, 1 when the provider or
 * the stream fails or the reply cannot be saved (a full disk: the reply is still printed), 2 for a
 * usage error, 130 on Ctrl+C (the partial reply is kept as stopped).
 */
@Command(name = "chat", description = "Send PROMPT and print the reply as it streams.")
final class ChatCommand implements java.util.concurrent.Callable<Integer> {

    /** How long, after the stream ends, the reply may take to reach the journal before the command gives up. */
    static final Duration JOURNAL_PATIENCE = Duration.ofSeconds(5);

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Option(names = "--provider", paramLabel = "ID", defaultValue = "demo",
            description = "demo; a preset: openai, anthropic, openrouter, groq, deepseek, mistral, gemini, ollama,"
                    + " lmstudio, llamacpp, vllm (or custom with --base-url); or the id of a provider added in"
                    + " Settings (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Service URL. OpenAI's includes /v1 (http://host:port/v1); Anthropic's is the host root.")
    String baseUrl;

    @Option(names = "--model", paramLabel = "NAME", description = "Model name (default: the provider's).")
    String model;

    @Option(names = "--session", paramLabel = "ID", description = "Continue this session instead of starting one.")
    String sessionId;

    @Option(names = "--after", paramLabel = "MSG_ID",
            description = "With --session: send PROMPT as a new child of this message (any message of the session;"
                    + " to edit a message, name its parent); its other children stay as versions. 'root': a new"
                    + " version of the first message.")
    String after;

    @Option(names = "--attach", paramLabel = "FILE",
            description = "Attach this file to the message (repeat for more, at most " + Attachment.MAX_PER_MESSAGE
                    + "): an image (PNG, JPEG, GIF, WebP), a PDF or a text file; at most 20 MB, text at most 1 MB.")
    List<Path> attach = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "PROMPT", description = "What to send.")
    List<String> prompt;

    ChatCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = environment.err();
        if (after != null && sessionId == null) {
            err.println("tidemark: --after needs --session: it names a message of that session.");
            err.flush();
            return 2;
        }
        List<Attachment> inspected;
        try {
            inspected = AttachedFiles.inspectAll(attach); // read, not stored: nothing is kept for a refused file
        } catch (AttachmentRefusedException refused) {
            return refuse(refused.getMessage());
        }
        ProviderCatalog catalog = environment.providers(parent.dataDir());
        ChatProvider chosen;
        try {
            chosen = catalog.create(provider, baseUrl);
        } catch (MissingKeyException e) {
            err.println("tidemark: " + e.getMessage());
            err.flush();
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("tidemark: " + e.getMessage());
            err.flush();
            return 2;
        }
        catalog.plainHttpRisk(provider, baseUrl).ifPresent(risk -> {
            err.println("tidemark: warning: " + risk);
            err.flush();
        });
        if ((model == null || model.isBlank()) && chosen.defaultModel().isBlank()) {
            // a local server or a custom URL with no model configured: use the first one it lists
            try {
                List<String> listed = chosen.listModels().get(30, TimeUnit.SECONDS);
                if (listed.isEmpty()) {
                    err.println("tidemark: " + baseUrlOf(catalog) + " lists no models; name one with --model.");
                    err.flush();
                    return 1;
                }
                model = listed.get(0);
            } catch (ExecutionException e) {
                String why = e.getCause() instanceof ProviderException ? e.getCause().getMessage()
                        : "the model list could not be read.";
                err.println("tidemark: " + why + " Name a model with --model to skip the model list.");
                err.flush();
                return 1;
            }
        }
        Workspace workspace = environment.open(parent.dataDir());
        try {
            if (workspace.isReadOnly()) {
                environment.reportProblems(workspace);
                err.println("tidemark: cannot chat: this Tidemark cannot write the data directory (see above);"
                        + " nothing was sent.");
                err.flush();
                return 1;
            }
            ChatService chat = new ChatService(workspace.appender(), workspace.store(), environment.clock(), Ids::next);
            environment.useAttachments(chat, workspace, catalog);
            workspace.onSegmentLost(chat::journalAgain);
            Session session = null;
            if (sessionId != null) {
                session = workspace.store().get(sessionId).orElse(null);
                if (session == null) {
                    environment.reportProblems(workspace);
                    err.println("tidemark: there is no session '" + sessionId + "'; 'sessions' lists them.");
                    err.flush();
                    return 2;
                }
                if (after != null && !ROOT.equals(after) && !session.hasMessage(after)) {
                    environment.reportProblems(workspace);
                    err.println("tidemark: there is no message '" + after + "' in session " + sessionId
                            + "; 'show " + sessionId + " --json --tree' lists them.");
                    err.flush();
                    return 2;
                }
            }
            String effectiveModel = model == null || model.isBlank() ? chosen.defaultModel() : model;
            var notTaken = chat.refusal(chosen, effectiveModel, inspected);
            if (notTaken.isPresent()) {
                environment.reportProblems(workspace);
                return refuse(notTaken.get());
            }
            List<Attachment> attachments = new ArrayList<>();
            AttachmentStore store = new AttachmentStore(workspace.dataDir());
            for (Path file : attach) {
                try {
                    attachments.add(store.store(file)); // forced and named by its hash before the message is journaled
                } catch (AttachmentRefusedException refused) { // changed since it was checked, or the disk is full
                    environment.reportProblems(workspace);
                    return refuse(refused.getMessage());
                }
            }
            if (sessionId == null) {
                session = chat.createSession();
            }
            err.println("session " + session.id());
            keyNote(catalog).ifPresent(note -> err.println("tidemark: " + note));
            err.flush();
            environment.reportProblems(workspace);
            String text = String.join(" ", prompt);
            String id = session.id();
            return stream(environment, chat, id, workspace, after == null
                    ? () -> chat.send(id, text, attachments, chosen, model)
                    : () -> chat.sendAfter(id, ROOT.equals(after) ? null : after, text, attachments, chosen, model));
        } finally {
            workspace.close();
        }
    }

    /** A usage error about a file: one line naming it, exit 2; nothing was sent or journaled. */
    private int refuse(String words) {
        environment.err().println("tidemark: " + words);
        environment.err().flush();
        return 2;
    }

    /** Says so when the key comes from the fallback file rather than a keychain. */
    private java.util.Optional<String> keyNote(ProviderCatalog catalog) {
        return catalog.configFor(provider.strip().toLowerCase(java.util.Locale.ROOT), baseUrl)
                .flatMap(catalog::keyFor)
                .filter(key -> key.source() == ApiKeys.Source.FILE)
                .map(key -> "the key for '" + provider + "' is read from " + key.where()
                        + " (no system keychain here; the file is readable only by you).");
    }

    private String baseUrlOf(ProviderCatalog catalog) {
        return catalog.configFor(provider.strip().toLowerCase(java.util.Locale.ROOT), baseUrl)
                .map(c -> c.baseUrl()).orElse("The server");
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the interrupt hook is already running
        }
    }

    /** What {@code --after} takes for "a new first message". */
    static final String ROOT = "root";

    /**
     * Starts a reply and prints it as it streams; the exit code as {@code chat} gives it (also
     * used by {@code regenerate}).
     */
    static int stream(CliEnvironment environment, ChatService chat, String sessionId, Workspace workspace,
                      java.util.function.Supplier<Reply> start) throws Exception {
        // Deltas are printed by this thread, not by the provider's.
        LinkedBlockingQueue<String> deltas = new LinkedBlockingQueue<>();
        CompletableFuture<Void> streamEnded = new CompletableFuture<>(); // the stream is over, saved or not
        chat.addListener(new ChatService.Listener() {
            @Override
            public void replyUpdated(Reply reply, StreamEvent piece) {
                if (piece instanceof StreamEvent.TextDelta text) {
                    deltas.offer(text.text());
                }
            }

            @Override
            public void replyFinished(Reply reply) {
                streamEnded.complete(null);
            }
        });
        Reply reply = start.get();
        Thread onInterrupt = new Thread(() -> {
            // Ctrl+C: keep what arrived as a stopped reply, make it durable, then let the JVM exit (130).
            chat.stop(sessionId);
            try {
                reply.finished().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the journal holds whatever reached it
            }
            workspace.close();
        }, "tidemark-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        PrintWriter out = environment.out();
        boolean endsWithNewline = true;
        // Printing follows the stream, not the disk: a full disk never holds the reply back.
        while (!(streamEnded.isDone() || reply.finished().isDone()) || !deltas.isEmpty()) {
            String delta = deltas.poll(50, TimeUnit.MILLISECONDS);
            if (delta != null) {
                out.print(delta);
                out.flush();
                endsWithNewline = delta.endsWith("\n");
            }
        }
        if (!endsWithNewline) {
            out.println();
            out.flush();
        }
        Message message;
        try {
            message = reply.finished().get(JOURNAL_PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException notWritten) {
            // the journal cannot write (a full disk): say what is lost rather than wait for as long as it lasts
            removeHook(onInterrupt);
            environment.reportProblems(workspace);
            environment.err().println("tidemark: the reply was printed but not saved: the journal could not write it"
                    + " to " + workspace.dataDir() + " within " + JOURNAL_PATIENCE.toSeconds() + " seconds."
                    + " Session " + sessionId + " keeps only what was saved before this prompt."
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
        if (message.status() == MessageStatus.COMPLETE) {
            return 0;
        }
        environment.err().println("tidemark: " + (message.detail() != null ? message.detail() : "the reply failed."));
        environment.err().flush();
        return message.status() == MessageStatus.STOPPED ? 130 : 1;
    }
}
