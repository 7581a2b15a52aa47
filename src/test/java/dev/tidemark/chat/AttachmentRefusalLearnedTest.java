package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.media.MediaCache;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.provider.TestHttp;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.AttachmentSupport;
import dev.tidemark.settings.Protocol;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole way of a refusal learned at run time (ADR 10 §2), through the real ChatService, journal
 * and stores: a message with an image to a model OpenRouter answers with its 404 "No endpoints found
 * that support image input" ends in words naming the model (not "model not found"); from then on
 * that model is refused before a request, and a send that goes anyway ends in words without one.
 */
class AttachmentRefusalLearnedTest {

    @TempDir
    Path dataDir;

    private final MockWebServer server = new MockWebServer();
    private Workspace workspace;
    private OkHttpClient client;

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        client = TestHttp.newClient();
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
    }

    @AfterEach
    void tearDown() {
        workspace.close();
        TestHttp.shutdown(client);
        server.close();
    }

    @Test
    void openRoutersNoImageEndpointIsRememberedForTheRun() throws Exception {
        AttachmentStore store = new AttachmentStore(dataDir);
        ProviderTraits openRouter = new ProviderTraits(Protocol.OPENAI_COMPATIBLE, "openrouter.ai", "openrouter",
                AttachmentSupport.GUESS);
        AttachmentRequests requests = new AttachmentRequests(store, new MediaCache(dataDir), p -> openRouter);
        ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
        chat.useAttachments(requests);
        chat.addListener(requests.learning());
        OpenAiProvider provider = new OpenAiProvider(client, server.url("/v1").toString(), "sk-or-test");
        String model = "mistralai/mistral-7b-instruct";
        Attachment photo = store.store(WireTestFiles.png(16, 16, Color.MAGENTA), "photo.png");
        Session session = chat.createSession();
        assertThat(chat.refusal(provider, model, List.of(photo))).as("unknown: tried").isEmpty();
        server.enqueue(TestHttp.jsonError(404,
                "{\"error\":{\"message\":\"No endpoints found that support image input\",\"code\":404}}"));

        Message first = chat.send(session.id(), "What is it?", List.of(photo), provider, model).finished()
                .get(20, TimeUnit.SECONDS);

        assertThat(first.status()).isEqualTo(MessageStatus.ERROR);
        assertThat(first.detail()).startsWith(model + " does not take images. Send the text only, or choose a model"
                + " that does.").doesNotContainIgnoringCase("check the model name");
        assertThat(chat.refusal(provider, model, List.of(photo)))
                .contains(model + " does not take images (photo.png). Send the text only, or choose a model that does.");

        Message second = chat.send(session.id(), "And now?", List.of(photo), provider, model).finished()
                .get(20, TimeUnit.SECONDS);
        assertThat(second.status()).isEqualTo(MessageStatus.ERROR);
        assertThat(second.detail()).contains("does not take images (photo.png)");
        assertThat(server.getRequestCount()).as("the second send made no request").isEqualTo(1);
    }
}
