package dev.tidemark.cli;

import dev.tidemark.session.SessionSummary;
import dev.tidemark.session.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code rename ID TITLE}: gives a session a new title. */
@Command(name = "rename", description = "Give a session a new title.")
final class RenameCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Parameters(index = "0", paramLabel = "ID", description = "Session id (see 'sessions').")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TITLE", description = "The new title.")
    List<String> title;

    RenameCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        String newTitle = String.join(" ", title).strip();
        if (newTitle.isEmpty()) {
            return SessionChanges.usage(environment, "the new title is empty.");
        }
        try (Workspace workspace = environment.open(parent.dataDir())) {
            environment.reportProblems(workspace);
            Optional<SessionSummary> found = SessionChanges.find(environment, workspace, id);
            if (found.isEmpty()) {
                return 1;
            }
            String before = found.get().title();
            Integer refused = SessionChanges.run(environment, () -> workspace.store().rename(id, newTitle));
            if (refused != null) {
                return refused;
            }
            workspace.store().flush().get(10, TimeUnit.SECONDS);
            environment.out().println("Renamed " + id + ": \"" + before + "\" is now \""
                    + workspace.store().summary(id).orElseThrow().title() + "\".");
            environment.out().flush();
            return 0;
        }
    }
}
