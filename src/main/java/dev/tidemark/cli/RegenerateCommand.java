package dev.tidemark.cli;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.MissingKeyException;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.session.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code regenerate ID [--message MSG_ID] [--provider …] [--base-url URL] [--model NAME]}: a new
 * reply version to one of the user's messages (by default the last one of the active path), beside
 * the replies it already has, streamed like {@code chat} and with its exit codes. By default it asks
 * the provider and model of the reply it is a new version of. The new version becomes the active
 * path, also when the message was on another branch.
 */
@Command(name = "regenerate", description = "Ask for a new version of a reply; the earlier versions stay.")
final class RegenerateCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Parameters(index = "0", paramLabel = "ID", description = "Session id (see 'sessions').")
    String sessionId;

    @Option(names = "--message", paramLabel = "MSG_ID",
            description = "The user message to answer again (default: the last one of the active path).")
    String messageId;

    @Option(names = "--provider", paramLabel = "ID",
            description = "As for chat (default: the provider of the reply this is a new version of).")
    String provider;

    @Option(names = "--base-url", paramLabel = "URL", description = "As for chat.")
    String baseUrl;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Model name (default: the model of the reply this is a new version of).")
    String model;

    RegenerateCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = environment.err();
        Workspace workspace = environment.open(parent.dataDir());
        try {
            if (workspace.isReadOnly()) {
                environment.reportProblems(workspace);
                err.println("tidemark: cannot regenerate while another Tidemark owns the data directory.");
                err.flush();
                return 1;
            }
            Session session = workspace.store().get(sessionId).orElse(null);
            if (session == null) {
                return usage(workspace, "there is no session '" + sessionId + "'; 'sessions' lists them.");
            }
            Optional<Message> question = messageId != null
                    ? session.message(messageId).filter(m -> m.role() == Role.USER)
                    : lastQuestion(session.messages());
            if (question.isEmpty()) {
                return usage(workspace, messageId != null
                        ? "'" + messageId + "' is not one of your messages in session " + sessionId
                                + "; 'show " + sessionId + " --json --tree' lists them."
                        : "session " + sessionId + " has no message of yours to answer again.");
            }
            Message user = question.get();
            // the reply this is a new version of: the chosen one below the question, if any
            Optional<String> previous = session.chosenAt(user.id()).filter(m -> m.role() == Role.ASSISTANT)
                    .map(Message::model).filter(m -> m != null && !m.isBlank());
            String providerId = provider != null ? provider
                    : previous.map(m -> m.contains("/") ? m.substring(0, m.indexOf('/')) : m)
                            .or(() -> Optional.ofNullable(session.settings().provider())).orElse("demo");
            String modelName = model != null ? model
                    : provider == null ? previous.filter(m -> m.contains("/")).map(m -> m.substring(m.indexOf('/') + 1))
                            .orElse(null) : null;
            ProviderCatalog catalog = environment.providers(parent.dataDir());
            ChatProvider chosen;
            try {
                chosen = catalog.create(providerId, baseUrl);
            } catch (MissingKeyException e) {
                environment.reportProblems(workspace);
                err.println("tidemark: " + e.getMessage());
                err.flush();
                return 1;
            } catch (IllegalArgumentException e) {
                return usage(workspace, e.getMessage());
            }
            catalog.plainHttpRisk(providerId, baseUrl).ifPresent(risk -> {
                err.println("tidemark: warning: " + risk);
                err.flush();
            });
            ChatService chat = new ChatService(workspace.appender(), workspace.store(), environment.clock(), Ids::next);
            workspace.onSegmentLost(chat::journalAgain);
            environment.useAttachments(chat, workspace, catalog);
            err.println("session " + session.id());
            err.flush();
            environment.reportProblems(workspace);
            return ChatCommand.stream(environment, chat, session.id(), workspace,
                    () -> chat.regenerateVersion(session.id(), user.id(), chosen, modelName));
        } finally {
            workspace.close();
        }
    }

    private static Optional<Message> lastQuestion(List<Message> path) {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (path.get(i).role() == Role.USER) {
                return Optional.of(path.get(i));
            }
        }
        return Optional.empty();
    }

    private int usage(Workspace workspace, String what) {
        environment.reportProblems(workspace);
        environment.err().println("tidemark: " + what);
        environment.err().flush();
        return 2;
    }
}
