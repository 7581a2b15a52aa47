package dev.tidemark.app;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ModelTitles;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.health.Problem;
import dev.tidemark.history.StoreLibrary;
import dev.tidemark.mcp.McpServers;
import dev.tidemark.model.Ids;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.McpServerSettings;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

/**
 * The composition root: what the window works with, wired once from an opened workspace — the
 * chat service (with the model writing titles), the providers, the history library and its
 * search index, the executors and the clock. {@link TidemarkApp} builds it, and so do the UI
 * tests; the {@link MainWindow} only lays out views over it. Build on any thread.
 */
public final class AppServices {

    private final Workspace workspace;
    private final ProviderCatalog providers;
    private final LocalServerDetector localServers;
    private final Executor fx;
    private final Executor background;
    private final Clock clock;
    private final ChatService chat;
    private final StoreLibrary library;
    private final LazySearchIndex searchIndex;
    private final McpServerSettings toolSettings;
    private final McpServers toolServers;

    /** Local servers looked for on their default ports, background work on the common pool, problems not shown. */
    public AppServices(Workspace workspace, ProviderCatalog providers, Executor fx, Clock clock) {
        this(workspace, providers, LocalServerDetector.defaults(), fx, ForkJoinPool.commonPool(), clock,
                problem -> { });
    }

    /**
     * @param localServers probes for Ollama and LM Studio when the settings open
     * @param fx           runs on the FX thread
     * @param background   reads sessions, keys and the OS's colours (never the FX thread)
     * @param problems     told, from any thread, when the search index cannot be read or written
     */
    public AppServices(Workspace workspace, ProviderCatalog providers, LocalServerDetector localServers, Executor fx,
                       Executor background, Clock clock, Consumer<Problem> problems) {
        this.workspace = workspace;
        this.providers = providers;
        this.localServers = localServers;
        this.fx = fx;
        this.background = background;
        this.clock = clock;
        chat = new ChatService(workspace.appender(), workspace.store(), clock, Ids::next);
        workspace.onSegmentLost(chat::journalAgain);
        AttachmentStore store = new AttachmentStore(workspace.dataDir());
        var attachments = new dev.tidemark.chat.AttachmentRequests( // how files reach models (ADR 10)
                store, new dev.tidemark.media.MediaCache(workspace.dataDir()),
                providers::traits);
        chat.useAttachments(attachments);
        chat.addListener(attachments.learning());
        if (!workspace.isReadOnly()) {
            chat.addListener(new ModelTitles(workspace.store(), id -> providers.create(id, null),
                    () -> providers.settings().askModelForTitles()));
        }
        library = new StoreLibrary(workspace.store(), store);
        // MCP servers (ADR 11): configured in Settings → Tools, started by startTools, stopped by close
        toolSettings = providers.settings().mcpServers();
        toolServers = new McpServers(toolSettings.configs(), store);
        toolSettings.addListener(toolServers::reconfigure);
        chat.tools().use(toolServers, new RememberedToolPolicy(toolSettings, problems));
        searchIndex = new LazySearchIndex(workspace.dataDir(), library, !workspace.isReadOnly(), problems);
    }

    public Workspace workspace() {
        return workspace;
    }

    public ProviderCatalog providers() {
        return providers;
    }

    public LocalServerDetector localServers() {
        return localServers;
    }

    /** Runs on the FX thread. */
    public Executor fx() {
        return fx;
    }

    /** Never the FX thread. */
    public Executor background() {
        return background;
    }

    public Clock clock() {
        return clock;
    }

    public ChatService chat() {
        return chat;
    }

    /** The sessions as history: exported, imported and searched. */
    public StoreLibrary library() {
        return library;
    }

    public LazySearchIndex searchIndex() {
        return searchIndex;
    }

    /** The MCP servers as configured (Settings → Tools), their secrets filled in. */
    public McpServerSettings toolSettings() {
        return toolSettings;
    }

    /** The running MCP servers: the chat's tool host. */
    public McpServers toolServers() {
        return toolServers;
    }

    /** Starts the enabled MCP servers in the background (never on the caller's thread); returns at once. */
    public void startTools() {
        background.execute(toolServers::ready);
    }

    /** Stops every MCP server and its process tree; waits a few seconds at most (not on the FX thread). */
    public void closeTools() {
        toolServers.close();
    }
}
