package dev.tidemark.cli;

import dev.tidemark.chat.AttachmentRequests;
import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.health.Problem;
import dev.tidemark.mcp.McpServers;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.McpServerSettings;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.Settings;
import dev.tidemark.media.MediaCache;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.DataDirectory;
import dev.tidemark.session.Workspace;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the commands share: the environment, the streams and how to open the data directory. */
public final class CliEnvironment {

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final PrintWriter exactOut;
    private final Clock clock;
    private final Duration demoTokenInterval;
    private final List<String> deferredProblems = new ArrayList<>();
    private Path settingsDir;   // the data directory whose settings were read (commands run on one thread)
    private Settings settings;
    private AttachmentRequests attachments;
    private Path attachmentsDir; // the data directory the attachments above read
    private Path privateDir;    // the data directory made private in this run (commands run on one thread)
    private volatile boolean live; // once the first problems are out, later ones are printed as they happen
    private final boolean terminal;

    public CliEnvironment(Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock,
                          Duration demoTokenInterval) {
        this(env, out, err, clock, demoTokenInterval, false);
    }

    /**
     * @param terminal whether the output is a terminal: then {@link #out()} and {@link #err()} drop
     *                 control characters ({@link TerminalText}), so what is printed stays text
     */
    public CliEnvironment(Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock,
                          Duration demoTokenInterval, boolean terminal) {
        this.env = env;
        this.exactOut = out;
        this.out = terminal ? new PrintWriter(new TerminalText(out), true) : out;
        this.err = terminal ? new PrintWriter(new TerminalText(err), true) : err;
        this.clock = clock;
        this.demoTokenInterval = demoTokenInterval;
        this.terminal = terminal;
    }

    /** Whether standard output is a terminal. */
    public boolean terminal() {
        return terminal;
    }

    public Map<String, String> env() {
        return env;
    }

    public PrintWriter out() {
        return out;
    }

    /** Standard output as it is, also on a terminal: for JSON (--json), which must stay exact. */
    public PrintWriter exactOut() {
        return exactOut;
    }

    public PrintWriter err() {
        return err;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The providers: presets, and those configured in the data directory's settings.json with their
     * saved keys (the keychain, else the key file; looked up only when a configured provider is used).
     */
    public ProviderCatalog providers(Path fromCommandLine) {
        Path dataDir = dataDir(fromCommandLine);
        ProviderSettings configured = ProviderSettings.of(dataDir, settings(dataDir),
                ApiKeys.open(dataDir, env, this::problem));
        return new ProviderCatalog(ProviderCatalog.defaultHttpClient(), env, demoTokenInterval, configured);
    }

    /**
     * Lets a chat service of this run send attachments (ADR 10): one {@link AttachmentRequests} per
     * run and data directory, so that a model found not to take images is remembered across the
     * command's sends.
     */
    public ChatService useAttachments(ChatService chat, Workspace workspace, ProviderCatalog providers) {
        if (attachments == null || !workspace.dataDir().equals(attachmentsDir)) {
            attachments = new AttachmentRequests(new AttachmentStore(workspace.dataDir()),
                    new MediaCache(workspace.dataDir()), providers::traits);
            attachmentsDir = workspace.dataDir();
        }
        chat.useAttachments(attachments);
        chat.addListener(attachments.learning());
        return chat;
    }

    /**
     * The MCP servers of the data directory's {@code settings.json} ({@code "mcpServers"}), with the
     * values saved with the keys filled in ({@link McpServerSettings#resolve}), not started yet: they start when first needed ({@link McpServers#ready()}). The caller closes
     * them, which stops every server and its process tree.
     *
     * @param images where images a tool returns are kept; null: left out (nothing runs a tool)
     */
    public McpServers mcpServers(Path dataDir, AttachmentStore images) {
        return new McpServers(McpServerSettings.resolve(settings(dataDir), ApiKeys.open(dataDir, env, this::problem)),
                images);
    }

    /** The data directory's settings, read once per run (so their problems are reported once). */
    Settings settings(Path dataDir) {
        if (settings == null || !dataDir.equals(settingsDir)) {
            settings = Settings.load(dataDir, this::problem);
            settingsDir = dataDir;
        }
        return settings;
    }

    public Path dataDir(Path fromCommandLine) {
        return DataDirectory.resolve(fromCommandLine, env);
    }

    /**
     * The data directory, made private once per run ({@link DataDirectory#makePrivate}: created
     * {@code rwx------}, closed when open to others, a warning when it is someone else's).
     *
     * @throws IOException in words, when it (or a part of it) cannot be read by this user
     */
    public Path privateDataDir(Path fromCommandLine) throws IOException {
        Path dataDir = dataDir(fromCommandLine);
        if (!dataDir.equals(privateDir)) {
            DataDirectory.makePrivate(dataDir, this::problem);
            privateDir = dataDir;
        }
        return dataDir;
    }

    /**
     * Opens the data directory and runs recovery. Problems found while opening are held back
     * until {@link #reportProblems()} so that a command controls what comes first on stderr.
     */
    public Workspace open(Path fromCommandLine) throws IOException {
        Path dataDir = privateDataDir(fromCommandLine);
        return Workspace.open(dataDir, settings(dataDir).journal(), clock, this::problem);
    }

    /**
     * Prints what went wrong so far and what recovery did, one line each, on stderr; from then on
     * a problem (the disk filling while a reply streams) is printed when it happens.
     */
    public void reportProblems(Workspace workspace) {
        reportProblems();
        workspace.readOnlyReason().ifPresent(reason -> err.println("tidemark: " + reason));
        for (var recovered : workspace.recovery().recovered()) {
            err.println("tidemark: recovered an interrupted reply (" + recovered.characters()
                    + " characters) in session " + recovered.sessionId());
        }
        for (var call : workspace.recovery().interruptedCalls()) {
            err.println("tidemark: the tool call " + call.tool() + " in session " + call.sessionId() + " was interrupted:"
                    + " Tidemark stopped while it ran, so it may have run. It is never run again by itself; the next"
                    + " prompt tells the model so.");
        }
        err.flush();
    }

    /** Prints what went wrong so far, one line each, on stderr; later problems are printed as they happen. */
    public void reportProblems() {
        synchronized (deferredProblems) {
            for (String problem : deferredProblems) {
                err.println("tidemark: " + problem);
            }
            deferredProblems.clear();
            live = true;
        }
        err.flush();
    }

    private void problem(Problem problem) {
        synchronized (deferredProblems) {
            if (!live) {
                deferredProblems.add(problem.message());
                return;
            }
        }
        err.println("tidemark: " + problem.message());
        err.flush();
    }
}
