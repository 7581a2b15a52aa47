package dev.tidemark.cli;

import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionSummary;
import dev.tidemark.session.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code delete ID}: moves a session to the trash, where it stays for 30 days. */
@Command(name = "delete", description = "Move a session to the trash (removed for good after 30 days).")
final class DeleteCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Parameters(index = "0", paramLabel = "ID", description = "Session id (see 'sessions').")
    String id;

    DeleteCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        try (Workspace workspace = environment.open(parent.dataDir())) {
            environment.reportProblems(workspace);
            Optional<SessionSummary> found = SessionChanges.find(environment, workspace, id);
            if (found.isEmpty()) {
                return 1;
            }
            if (found.get().inTrash()) {
                environment.out().println("\"" + found.get().title() + "\" (" + id + ") is already in the trash"
                        + " since " + found.get().deletedAt() + ".");
                environment.out().flush();
                return 0;
            }
            Integer refused = SessionChanges.run(environment, () -> workspace.store().moveToTrash(id));
            if (refused != null) {
                return refused;
            }
            workspace.store().flush().get(10, TimeUnit.SECONDS);
            environment.out().println("Moved \"" + found.get().title() + "\" (" + id + ") to the trash; it is removed"
                    + " for good after " + SessionStore.KEPT.toDays() + " days.");
            environment.out().flush();
            return 0;
        }
    }
}
