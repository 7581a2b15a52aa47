package dev.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/** {@code show ID [--json]}: one session with its messages in order. */
@Command(name = "show", description = "Print one session.")
final class ShowCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

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
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(SessionCodec.toJson(session)));
            } else {
                out.println("# " + session.title() + "  (" + session.id() + ")");
                for (Message m : session.messages()) {
                    out.println();
                    String badge = m.status() == MessageStatus.COMPLETE ? "" : " [" + m.status().wireName() + "]";
                    out.println("## " + m.role().wireName() + badge);
                    out.println(m.text());
                    if (m.detail() != null && m.status() != MessageStatus.COMPLETE) {
                        out.println("(" + m.detail() + ")");
                    }
                }
            }
            out.flush();
            return 0;
        }
    }
}
