package dev.tidemark.cli;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.MissingKeyException;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.chat.Reply;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Session;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ProviderException;
import dev.tidemark.provider.RequestOrigin;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.WireApi;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code chat [--provider …] [--base-url URL] [--model NAME] [--session ID [--after MSG_ID]] [--attach FILE]...
 * PROMPT}: sends one prompt and prints the reply as it streams. Each {@code --attach} adds a file to
 * the message; every file is checked (and the model asked about, when it is known not to take
 * images or PDFs) before anything is stored, sent or journaled: a file that cannot be attached is a
 * usage error, one line naming it. With {@code --after}, the prompt is a new
 * child of that message (a new version beside its other children; {@code root}: a new first
 * message) and its path becomes the active one. Exit 0 when it completes, 1 when the provider or
 * the stream fails or the reply cannot be saved (a full disk: the reply is still printed), 2 for a
 * usage error, 130 on Ctrl+C (the partial reply is kept as stopped). With {@code --tools [--allow TOOL]...
 * [--allow-all]} the MCP servers of settings.json are started, their tools offered, and the whole
 * tool loop runs and is printed ({@link ReplyPrinter}); the flags alone decide each call
 * ({@link FlagToolPolicy}); continuing a session first settles the calls its last reply left waiting
 * ({@link ChatTools}).
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

    @Option(names = "--api", paramLabel = "API",
            description = "For OpenAI-compatible providers: responses (the Responses API) or chat (Chat Completions)."
                    + " Default: as in Settings; with --base-url, chat.")
    String api;

    @Option(names = "--background",
            description = "With the Responses API: run the reply in the background on the service (stored there for a"
                    + " while), so that 'resume' can finish it after a crash or a dropped connection.")
    boolean background;

    @Option(names = "--no-background", description = "Never run the reply in the background (default: as in Settings).")
    boolean noBackground;

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

    @Option(names = "--tools",
            description = "Offer the model the tools of the MCP servers in settings.json (\"mcpServers\") and run"
                    + " the tool loop until a reply calls no tool. Only calls --allow or --allow-all covers run;"
                    + " any other is denied and the model told so. With --session, calls the last reply left"
                    + " waiting are decided the same way first; an interrupted call is never run again.")
    boolean tools;

    @Option(names = "--allow", paramLabel = "TOOL",
            description = "With --tools: let this tool run (its name, or SERVER/TOOL); repeat for more.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--allow-all", description = "With --tools: let every tool run.")
    boolean allowAll;

    @Parameters(arity = "1..*", paramLabel = "PROMPT", description = "What to send.")
    List<String> prompt;

    ChatCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = environment.err();
        if (!tools && (allowAll || !allow.isEmpty())) {
            err.println("tidemark: --allow and --allow-all need --tools: without it no tool is offered or run.");
            err.flush();
            return 2;
        }
        if (after != null && sessionId == null) {
            err.println("tidemark: --after needs --session: it names a message of that session.");
            err.flush();
            return 2;
        }
        if (background && noBackground) {
            return refuse("--background and --no-background cannot both be given.");
        }
        WireApi wireApi = null;
        if (api != null) {
            wireApi = WireApi.fromWireName(api).filter(a -> a != WireApi.AUTO).orElse(null);
            if (wireApi == null) {
                return refuse("--api takes 'responses' or 'chat', not '" + ServerStates.oneLine(api) + "'.");
            }
        }
        Boolean inBackground = background ? Boolean.TRUE : noBackground ? Boolean.FALSE : null;
        List<Attachment> inspected;
        try {
            inspected = AttachedFiles.inspectAll(attach); // read, not stored: nothing is kept for a refused file
        } catch (AttachmentRefusedException refused) {
            return refuse(refused.getMessage());
        }
        ProviderCatalog catalog = environment.providers(parent.dataDir());
        if ((wireApi != null || inBackground != null) && !speaksOpenAi(catalog)) {
            return refuse((wireApi != null ? "--api" : background ? "--background" : "--no-background")
                    + " is for providers that speak OpenAI's protocols; '" + ServerStates.oneLine(provider)
                    + "' does not.");
        }
        ChatProvider chosen;
        try {
            chosen = catalog.create(provider, baseUrl, wireApi, inBackground);
        } catch (MissingKeyException e) {
            err.println("tidemark: " + e.getMessage());
            err.flush();
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("tidemark: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (background && !chosen.origin().map(o -> RequestOrigin.RESPONSES.equals(o.api())).orElse(false)) {
            return refuse("--background needs the Responses API: add --api responses.");
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
        ChatTools chatTools = null;
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
            boolean loop = false;
            if (tools) {
                chatTools = new ChatTools(environment, workspace, chat, new FlagToolPolicy(allow, allowAll));
                loop = chatTools.start(session);
                if (sessionId != null && !chatTools.settle(session, ROOT.equals(after) ? null : after)) {
                    return 1;
                }
            }
            return ReplyPrinter.stream(environment, chat, id, workspace, after == null
                    ? () -> chat.send(id, text, attachments, chosen, model)
                    : () -> chat.sendAfter(id, ROOT.equals(after) ? null : after, text, attachments, chosen, model),
                    loop);
        } finally {
            if (chatTools != null) {
                chatTools.close();
            }
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

    /** Whether the chosen provider speaks OpenAI's protocols (the demo does not; an unknown id: create() says so). */
    private boolean speaksOpenAi(ProviderCatalog catalog) {
        String id = provider.strip().toLowerCase(java.util.Locale.ROOT);
        if (ProviderCatalog.DEMO_ID.equals(id)) {
            return false;
        }
        try {
            return catalog.configFor(id, baseUrl).map(c -> c.protocol() == Protocol.OPENAI_COMPATIBLE).orElse(true);
        } catch (IllegalArgumentException wrongUrl) {
            return true; // create() says what is wrong with it
        }
    }

    private String baseUrlOf(ProviderCatalog catalog) {
        return catalog.configFor(provider.strip().toLowerCase(java.util.Locale.ROOT), baseUrl)
                .map(c -> c.baseUrl()).orElse("The server");
    }

    /** What {@code --after} takes for "a new first message". */
    static final String ROOT = "root";

    /**
     * Starts a reply and prints it as it streams; the exit code as {@code chat} gives it (also
     * used by {@code regenerate}).
     */
    static int stream(CliEnvironment environment, ChatService chat, String sessionId, Workspace workspace,
                      java.util.function.Supplier<Reply> start) throws Exception {
        return ReplyPrinter.stream(environment, chat, sessionId, workspace, start, false);
    }
}
