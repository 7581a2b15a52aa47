package dev.tidemark.cli;

import dev.tidemark.session.SessionSummary;
import dev.tidemark.session.Workspace;

import java.util.Optional;

/** What {@code rename} and {@code delete} share: finding the session and saying why a change was refused. */
final class SessionChanges {

    private SessionChanges() {
    }

    /** The session, or empty after telling the user there is none (exit code 1). */
    static Optional<SessionSummary> find(CliEnvironment environment, Workspace workspace, String id) {
        Optional<SessionSummary> found = workspace.store().summary(id);
        if (found.isEmpty()) {
            environment.err().println("tidemark: there is no session '" + id + "'; 'sessions' lists them.");
            environment.err().flush();
        }
        return found;
    }

    /** Runs a change; null when done, else the exit code after saying why it was refused. */
    static Integer run(CliEnvironment environment, Runnable change) {
        try {
            change.run();
            return null;
        } catch (IllegalStateException | IllegalArgumentException refused) {
            environment.err().println("tidemark: " + refused.getMessage());
            environment.err().flush();
            return 1;
        }
    }

    static int usage(CliEnvironment environment, String what) {
        environment.err().println("tidemark: " + what);
        environment.err().flush();
        return 2;
    }
}
