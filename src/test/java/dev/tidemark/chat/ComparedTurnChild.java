package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Session;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.Workspace;
import okhttp3.OkHttpClient;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The child JVM of {@link ComparedTurnKillTest}: opens the data directory as the app does, sends one
 * question to the models at the URLs it is given (OpenAI-compatible servers in the parent), prints
 * "session ID" and "streams ID ID ID" (in the order asked), and waits to be killed.
 */
public final class ComparedTurnChild {

    static final String QUESTION = "Which tide table is right?";

    private ComparedTurnChild() {
    }

    /** @param args the data directory, then one base URL per model */
    public static void main(String[] args) throws Exception {
        Workspace workspace = Workspace.open(Path.of(args[0]), Journal.Options.defaults(), Clock.systemUTC(),
                p -> System.err.println("problem: " + p));
        ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
        OkHttpClient http = new OkHttpClient();
        List<ChatService.Target> targets = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            targets.add(new ChatService.Target(new OpenAiProvider(http, args[i], "sk-test-" + i), "model-" + i));
        }
        Session session = chat.createSession();
        List<Reply> replies = chat.sendToMany(session.id(), QUESTION, targets);
        System.out.println("session " + session.id());
        System.out.println("streams " + replies.stream().map(Reply::streamId).collect(Collectors.joining(" ")));
        System.out.flush();
        Thread.sleep(120_000);
        Runtime.getRuntime().halt(3); // not killed: the parent is gone
    }
}
