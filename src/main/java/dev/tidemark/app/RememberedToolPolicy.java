package dev.tidemark.app;

import dev.tidemark.chat.ToolPolicy;
import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.model.ToolCall;
import dev.tidemark.settings.McpServerSettings;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The window's tool policy, backed by the settings: a call to a tool the person chose "Always allow
 * this tool" for (the server's {@code alwaysAllow} in settings.json) is allowed by rule; every other
 * call waits for the person. "Always allow" is saved there at once (the file follows on the settings
 * writer). Answers from memory: no I/O, safe on any thread.
 */
final class RememberedToolPolicy implements ToolPolicy {

    private final McpServerSettings settings;
    private final Consumer<Problem> problems;

    /** @param problems told, from the settings writer, when "Always allow" could not be saved */
    RememberedToolPolicy(McpServerSettings settings, Consumer<Problem> problems) {
        this.settings = settings;
        this.problems = problems;
    }

    @Override
    public Optional<Decision> decide(ToolCall call) {
        if (call.server() == null || call.tool() == null) {
            return Optional.empty();
        }
        return settings.isAlwaysAllowed(call.server(), call.tool()) ? Optional.of(Decision.ALLOWED_BY_RULE)
                : Optional.empty();
    }

    @Override
    public void alwaysAllow(String server, String tool) {
        settings.alwaysAllow(server, tool).whenComplete((done, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                problems.accept(new Problem.CannotWrite(Area.SETTINGS, "\"Always allow\" for the tool " + tool
                        + " of " + server, Problem.describe(cause)));
            }
        });
    }
}
