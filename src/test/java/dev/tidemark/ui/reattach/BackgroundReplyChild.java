package dev.tidemark.ui.reattach;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.chat.Reply;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Session;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.Settings;
import okhttp3.OkHttpClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The child JVM of {@link ReattachWindowTest}: Tidemark's own chat over a real workspace, as the app
 * runs it, asking {@code provider} (configured in the data directory's settings.json with background
 * runs) one question. Once the journal on disk holds the reply's response id and some of its text, it
 * prints {@code streaming <session id>} and goes on until the test kills it with SIGKILL.
 *
 * <p>Arguments: data directory, provider id, question.
 */
public final class BackgroundReplyChild {

    private BackgroundReplyChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Workspace workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(),
                p -> System.err.println(p.message()));
        ProviderSettings settings = ProviderSettings.of(dataDir, Settings.load(dataDir, p -> { }),
                ApiKeys.environmentOnly(Map.of()));
        ProviderCatalog catalog = new ProviderCatalog(new OkHttpClient(), Map.of(), Duration.ofMillis(2), settings);
        ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
        Session session = chat.createSession();
        Reply reply = chat.send(session.id(), args[2], catalog.create(args[1], null), null);
        while (!(reply.length() > 0 && journalHolds(dataDir, "stream.remote") && journalHolds(dataDir, "rseq"))) {
            if (reply.finished().isDone()) {
                throw new IllegalStateException("the reply ended before the kill: " + reply.toMessage());
            }
            Thread.sleep(5);
        }
        System.out.println("streaming " + session.id());
        System.out.flush();
        reply.finished().join(); // killed before this
    }

    /** True when a journal segment on disk holds {@code text}. */
    private static boolean journalHolds(Path dataDir, String text) throws Exception {
        Path journal = dataDir.resolve("journal");
        if (!Files.isDirectory(journal)) {
            return false;
        }
        try (Stream<Path> files = Files.list(journal)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(f), StandardCharsets.UTF_8).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
