package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Session;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.Workspace;
import okhttp3.OkHttpClient;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link AttachmentKillTest}: opens the data directory as the app does, stores the
 * files it is given with {@link AttachmentStore#store(Path)}, sends them with a question to the
 * OpenAI-compatible server at the URL it is given (the request built by {@link StoreParts}, which
 * reads them back from the store), prints "session ID", "message ID" and "stream ID", and waits to
 * be killed.
 */
public final class AttachmentKillChild {

    static final String QUESTION = "What do these three say about the tide?";

    private AttachmentKillChild() {
    }

    /** @param args the data directory, the server's base URL, then the files to attach */
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Workspace workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(),
                p -> System.err.println("problem: " + p));
        AttachmentStore store = new AttachmentStore(dataDir);
        List<Attachment> attached = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            attached.add(store.store(Path.of(args[i])));
        }
        ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
        chat.useAttachments(new StoreParts(store));
        Session session = chat.createSession();
        Reply reply = chat.send(session.id(), QUESTION, attached,
                new OpenAiProvider(new OkHttpClient(), args[1], "sk-test-kill"), "vision-model");
        System.out.println("session " + session.id());
        System.out.println("message " + reply.userMessage().id());
        System.out.println("stream " + reply.streamId());
        System.out.flush();
        Thread.sleep(120_000);
        Runtime.getRuntime().halt(3); // not killed: the parent is gone
    }
}
