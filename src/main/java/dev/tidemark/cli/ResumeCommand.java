package dev.tidemark.cli;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.MissingKeyException;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.model.Ids;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.WireApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code resume [ID]}: re-attaches every background reply a crash or a lost connection interrupted
 * (or only those of session {@code ID}) — the replies recovery reports as
 * {@link Recovery.Report#reattachable()} — each through the provider, base URL and model it was
 * started with (keys as for {@code chat}), asking for the service's events after the last one the
 * journal holds. Prints exactly the re-attached text of each as it streams, nothing before it;
 * several replies are separated by one blank line ({@link ResumePrinter}). Exit 0 when every one
 * finished (also when there was nothing to resume: nothing is printed), 1 when any could not be
 * finished — each with one line on stderr saying why: one the service no longer has stays recovered
 * with its text unchanged; one whose key is missing is left for a later {@code resume} — 1 also
 * when another Tidemark owns the data directory, 2 for an unknown session, 130 on Ctrl+C (the reply
 * is stopped, and cancelled on the service). Only this command (and the window) contacts the
 * service for a recovered reply.
 */
@Command(name = "resume", description = "Finish the background replies a crash or a lost connection interrupted.")
final class ResumeCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID",
            description = "Only the replies of this session (default: every one that can be finished).")
    String sessionId;

    ResumeCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = environment.err();
        Workspace workspace = environment.open(parent.dataDir());
        try {
            if (workspace.isReadOnly()) {
                environment.reportProblems(); // settings problems; the reason is the one line below
                err.println("tidemark: " + workspace.readOnlyReason().orElse("this Tidemark cannot write the data"
                        + " directory.") + " Nothing was resumed (a window that owns it finishes the replies itself).");
                err.flush();
                return 1;
            }
            if (sessionId != null && workspace.store().get(sessionId).isEmpty()) {
                environment.reportProblems(workspace);
                err.println("tidemark: there is no session '" + sessionId + "'; 'sessions' lists them.");
                err.flush();
                return 2;
            }
            List<Recovery.Reattachable> waiting = workspace.recovery().reattachable().stream()
                    .filter(r -> sessionId == null || sessionId.equals(r.sessionId()))
                    .toList();
            environment.reportProblems(workspace);
            if (waiting.isEmpty()) {
                return 0;
            }
            ProviderCatalog catalog = environment.providers(parent.dataDir());
            ChatService chat = new ChatService(workspace.appender(), workspace.store(), environment.clock(), Ids::next);
            workspace.onSegmentLost(chat::journalAgain);
            ResumePrinter printer = new ResumePrinter(environment, chat, workspace);
            int code = 0;
            for (Recovery.Reattachable reply : waiting) {
                ChatProvider provider = providerFor(catalog, reply);
                if (provider == null) {
                    code = 1;
                    continue;
                }
                int one = printer.reattach(reply, provider);
                if (one == 130) {
                    return 130;
                }
                code = Math.max(code, one);
            }
            printer.end();
            return code;
        } finally {
            workspace.close();
        }
    }

    /**
     * The provider the reply was started with, able to re-attach; null (and one line on stderr) when
     * it cannot be built now. Then the reply is left as it is, carried for a later {@code resume}:
     * a key set later, or the provider added again, can still finish it.
     */
    private ChatProvider providerFor(ProviderCatalog catalog, Recovery.Reattachable reply) {
        String why;
        try {
            ChatProvider provider = catalog.create(reply.provider(), reply.baseUrl(), WireApi.RESPONSES, Boolean.TRUE);
            if (provider.resumable().isPresent()) {
                catalog.plainHttpRisk(reply.provider(), reply.baseUrl()).ifPresent(risk -> {
                    environment.err().println("tidemark: warning: " + risk);
                    environment.err().flush();
                });
                return provider;
            }
            why = "the provider '" + reply.provider() + "' cannot re-join a reply running on the service.";
        } catch (MissingKeyException e) {
            why = e.getMessage() + " It stays recovered; run resume again once the key is set.";
        } catch (IllegalArgumentException e) {
            why = e.getMessage() + " It stays recovered; run resume again once the provider is back.";
        }
        environment.err().println("tidemark: session " + reply.sessionId() + ": the reply was not resumed: " + why);
        environment.err().flush();
        return null;
    }
}
