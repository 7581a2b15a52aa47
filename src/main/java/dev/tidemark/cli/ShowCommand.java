package dev.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.history.AttachmentText;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
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
 * {@code Attachments: photo.png (image/png, 47 KB), …} line under the message.
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
                    String badge = m.status() == MessageStatus.COMPLETE ? "" : " [" + m.status().wireName() + "]";
                    out.println("## " + m.role().wireName() + badge);
                    out.println(m.text());
                    if (!m.attachments().isEmpty()) {
                        out.println(AttachmentText.line(m.attachments()));
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

    private static ObjectNode placed(Session session, Message m) {
        ObjectNode node = SessionCodec.toJson(m); // id and parentId first
        if (!m.attachments().isEmpty() && !node.has("attachments")) { // as session format 5 writes them
            ArrayNode attachments = node.putArray("attachments");
            for (Attachment a : m.attachments()) {
                attachments.addObject().put("name", a.name()).put("mediaType", a.mediaType()).put("size", a.size())
                        .put("sha256", a.sha256());
            }
        }
        node.put("version", session.version(m.id()));
        node.put("versions", session.versions(m.id()));
        return node;
    }
}
