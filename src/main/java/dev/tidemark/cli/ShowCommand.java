package dev.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.history.AttachmentText;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolResult;
import dev.tidemark.session.SessionCodec;
import dev.tidemark.session.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code show ID [--json [--tree]]}: one session with the messages of its active path in order. In
 * JSON each message also says its {@code parentId}, which {@code version} it is among its siblings
 * and how many {@code versions} there are; {@code --tree} adds {@code tree}, every message of the
 * session in creation order. A message with attachments has {@code attachments}, each with
 * {@code name}, {@code mediaType}, {@code size} and {@code sha256} (absent when none); as text, an
 * {@code Attachments: photo.png (image/png, 47 KB), …} line under the message. An assistant
 * message's {@code toolCalls} are {@code [{"id", "name", "server", "arguments", "state", "result"}]}
 * ({@link #toolCalls}); as text, one {@code Tool call: …} line per call with its state. A reply the
 * app died while it streamed has {@code "recovered": true}, also once {@code resume} finished it
 * (then its {@code status} is {@code complete}; as text, {@code [recovered · finished]}). Nothing
 * here contacts a service: a background reply waiting to be re-attached shows as {@code recovered}.
 */
@Command(name = "show", description = "Print one session.")
final class ShowCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--tree", description = "With --json: add 'tree', every message and version of the session.")
    boolean tree;

    @Parameters(index = "0", paramLabel = "ID", description = "Session id (see 'sessions').")
    String id;

    ShowCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        try (Workspace workspace = environment.open(parent.dataDir())) {
            environment.reportProblems(workspace);
            Optional<Session> found = workspace.store().get(id);
            if (found.isEmpty()) {
                environment.err().println("tidemark: there is no session '" + id + "'; 'sessions' lists them.");
                environment.err().flush();
                return 2;
            }
            Session session = found.get();
            PrintWriter out = json ? environment.exactOut() : environment.out();
            if (json) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(session, tree)));
            } else {
                out.println("# " + session.title() + "  (" + session.id() + ")");
                for (Message m : session.messages()) {
                    out.println();
                    String badge = m.status() != MessageStatus.COMPLETE ? " [" + m.status().wireName() + "]"
                            : m.recovered() ? " [recovered · finished]" : "";
                    out.println("## " + m.role().wireName() + badge);
                    out.println(m.text());
                    if (!m.attachments().isEmpty()) {
                        out.println(AttachmentText.line(m.attachments()));
                    }
                    for (ToolCall call : m.toolCalls()) {
                        out.println(toolCallLine(call));
                    }
                    if (m.detail() != null && m.status() != MessageStatus.COMPLETE) {
                        out.println("(" + m.detail() + ")");
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    /** The session as the file holds it, but {@code messages} is the active path, each message with its place in the tree. */
    static ObjectNode toJson(Session session, boolean withTree) {
        ObjectNode root = SessionCodec.toJson(session);
        root.remove("chosen");
        ArrayNode messages = root.putArray("messages");
        session.messages().forEach(m -> messages.add(placed(session, m)));
        if (withTree) {
            ArrayNode all = root.putArray("tree");
            session.allMessages().forEach(m -> all.add(placed(session, m)));
        }
        return root;
    }

    /**
     * {@code [{"id", "name", "server", "arguments", "state", "result"}]}: {@code name} the MCP tool's
     * own name, {@code arguments} the JSON text the model sent, {@code state} the wire name (null for
     * a call only shown), {@code result} the result's text (null when none); a result's images as
     * {@code attachments} beside it, as a message's, and {@code error: true} for an error result.
     */
    static ArrayNode toolCalls(java.util.List<ToolCall> calls) {
        ArrayNode list = JSON.createArrayNode();
        for (ToolCall call : calls) {
            ObjectNode node = list.addObject();
            node.put("id", call.id());
            node.put("name", call.ownName());
            node.put("server", call.server());
            node.put("arguments", call.arguments());
            node.put("state", call.state() == null ? null : call.state().wireName());
            ToolResult result = call.result();
            node.put("result", result == null ? null : result.text());
            if (result != null && result.error()) {
                node.put("error", true);
            }
            if (result != null && !result.images().isEmpty()) {
                ArrayNode images = node.putArray("attachments");
                for (Attachment a : result.images()) {
                    images.addObject().put("name", a.name()).put("mediaType", a.mediaType()).put("size", a.size())
                            .put("sha256", a.sha256());
                }
            }
        }
        return list;
    }

    /** {@code Tool call: server/tool {"a":1} — done: 42}, with the result's images when it has any. */
    static String toolCallLine(ToolCall call) {
        String where = call.server() == null || call.server().isEmpty() ? call.ownName()
                : call.server() + "/" + call.ownName();
        String state = call.state() == null ? "not run" : call.state().wireName();
        String result = call.result() == null ? "" : ServerStates.oneLine(call.result().text());
        if (result.length() > 200) {
            result = result.substring(0, 199) + "…";
        }
        return "Tool call: " + where + " " + ServerStates.oneLine(call.arguments()) + " — " + state
                + (result.isEmpty() ? "" : ": " + result)
                + (call.result() == null || call.result().images().isEmpty() ? ""
                        : " (" + AttachmentText.line(call.result().images()) + ")");
    }

    private static ObjectNode placed(Session session, Message m) {
        ObjectNode node = SessionCodec.toJson(m); // id and parentId first
        if (!m.attachments().isEmpty() && !node.has("attachments")) { // as session format 5 writes them
            ArrayNode attachments = node.putArray("attachments");
            for (Attachment a : m.attachments()) {
                attachments.addObject().put("name", a.name()).put("mediaType", a.mediaType()).put("size", a.size())
                        .put("sha256", a.sha256());
            }
        }
        if (!m.toolCalls().isEmpty()) { // replaces the session file's own shape of them
            node.set("toolCalls", toolCalls(m.toolCalls()));
        }
        if (m.recovered()) { // also once a re-attach finished it (status complete), whatever the file's format says
            node.put("recovered", true);
        }
        node.put("version", session.version(m.id()));
        node.put("versions", session.versions(m.id()));
        return node;
    }
}
