package dev.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tidemark.session.SessionSummary;
import dev.tidemark.session.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sessions [--json]}: every session, newest first. */
@Command(name = "sessions", description = "List sessions, newest first.")
final class SessionsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    SessionsCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        try (Workspace workspace = environment.open(parent.dataDir())) {
            environment.reportProblems(workspace);
            List<SessionSummary> sessions = workspace.store().summaries();
            PrintWriter out = json ? environment.exactOut() : environment.out();
            if (json) {
                ArrayNode array = JSON.createArrayNode();
                for (SessionSummary s : sessions) {
                    array.addObject()
                            .put("id", s.id())
                            .put("title", s.title())
                            .put("updatedAt", s.updatedAt().toString())
                            .put("messageCount", s.messageCount())
                            .put("pinned", s.pinned())
                            .put("damaged", s.damaged())
                            .put("readOnly", s.readOnly());
                }
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            } else if (sessions.isEmpty()) {
                out.println("No sessions yet.");
            } else {
                for (SessionSummary s : sessions) {
                    out.printf("%s  %s  %3d messages  %s%s%n", s.id(), s.updatedAt(), s.messageCount(), s.title(),
                            s.damaged() ? "  [damaged]" : s.readOnly() ? "  [read-only]" : s.pinned() ? "  [pinned]" : "");
                }
            }
            out.flush();
            return 0;
        }
    }
}
