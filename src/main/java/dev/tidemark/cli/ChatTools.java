package dev.tidemark.cli;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ToolPolicy;
import dev.tidemark.mcp.McpServers;
import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.Workspace;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code chat --tools}: the data directory's MCP servers wired into a chat service's tool loop
 * with the flags' policy, started before the prompt is sent (failed servers said on stderr), the
 * calls a continued session's last reply left waiting settled, and every server (and its process
 * tree) stopped at the end — also on Ctrl+C.
 */
final class ChatTools implements AutoCloseable {

    /** How long the calls a continued session left waiting may run before the prompt is sent anyway. */
    static final Duration SETTLE_PATIENCE = Duration.ofMinutes(10);

    private final CliEnvironment environment;
    private final ChatService chat;
    private final McpServers servers;
    private final Thread onExit;

    ChatTools(CliEnvironment environment, Workspace workspace, ChatService chat, ToolPolicy policy) {
        this.environment = environment;
        this.chat = chat;
        this.servers = environment.mcpServers(workspace.dataDir(), new AttachmentStore(workspace.dataDir()));
        this.onExit = new Thread(servers::close, "tidemark-mcp-stop");
        Runtime.getRuntime().addShutdownHook(onExit);
        chat.tools().use(servers, policy);
    }

    /**
     * Starts the servers and says on stderr which failed, and when no tool is offered at all.
     *
     * @return whether the model is offered tools (the tool loop may go on after a reply)
     */
    boolean start(Session session) throws InterruptedException {
        PrintWriter err = environment.err();
        List<McpServers.Status> statuses = ServerStates.started(servers, ToolsCommand.START_PATIENCE);
        for (McpServers.Status status : statuses) {
            if (!ServerStates.isReady(status)) {
                err.println("tidemark: warning: the MCP server \"" + status.server() + "\" failed, so its tools are"
                        + " not offered: " + ServerStates.reason(status));
            }
        }
        boolean offered = !servers.offered().isEmpty();
        if (!session.settings().toolsOn()) {
            err.println("tidemark: warning: tools are switched off for this chat, so none is offered.");
            offered = false;
        } else if (!offered) {
            err.println("tidemark: warning: no tool is offered: " + (statuses.isEmpty()
                    ? "no MCP server is configured (\"mcpServers\" in settings.json)." : "no server has a tool ready."));
        }
        err.flush();
        return offered;
    }

    /**
     * Before a prompt is sent to a continued session: the calls its reply left requested are run
     * if the flags allow them, else denied; interrupted ones are left as they are (the model is told
     * they were interrupted, never run again).
     *
     * @param after the message the prompt follows; null: the last of the active path
     * @return false when they could not be settled (said on stderr)
     */
    boolean settle(Session session, String after) throws InterruptedException {
        Optional<Message> parent = after == null
                ? (session.messages().isEmpty() ? Optional.empty()
                        : Optional.of(session.messages().get(session.messages().size() - 1)))
                : session.message(after);
        if (parent.isEmpty() || parent.get().role() != Role.ASSISTANT
                || parent.get().toolCalls().stream().allMatch(c -> c.state() == null || c.state().isSettled())) {
            return true;
        }
        try {
            chat.tools().settle(session.id(), parent.get().id()).get(SETTLE_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            environment.err().println("tidemark: the tool calls the last reply left waiting did not finish within "
                    + SETTLE_PATIENCE.toMinutes() + " minutes; nothing was sent.");
            environment.err().flush();
            return false;
        }
    }

    @Override
    public void close() {
        servers.close();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }
}
