package dev.tidemark.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.media.MediaCache;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.EventCollector;
import dev.tidemark.provider.TestHttp;
import dev.tidemark.provider.anthropic.AnthropicProvider;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.settings.AttachmentSupport;
import dev.tidemark.settings.Protocol;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.provider.TestHttp.fixture;
import static dev.tidemark.provider.TestHttp.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AttachmentRequests} with a real attachment store and media cache in a temporary data
 * directory, and real providers sending to a real HTTP server on loopback: what each service gets
 * for images, PDFs and text files, the budget's notes, and the refusals (ADR 10 §1, §2).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AttachmentRequestsTest {

    private static final Instant AT = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dataDir;

    private MockWebServer server;
    private OkHttpClient client;
    private AttachmentStore store;
    private ProviderTraits traits;
    private AttachmentRequests requests;
    private final EventCollector events = new EventCollector();
    private int ids;

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start();
        client = TestHttp.newClient();
        store = new AttachmentStore(dataDir);
        traits = local();
        requests = new AttachmentRequests(store, new MediaCache(dataDir), p -> traits);
    }

    @AfterEach
    void tearDown() {
        TestHttp.shutdown(client);
        server.close();
    }

    private static ProviderTraits local() {
        return new ProviderTraits(Protocol.OPENAI_COMPATIBLE, "localhost", "llamacpp", AttachmentSupport.GUESS);
    }

    private static ProviderTraits anthropic() {
        return new ProviderTraits(Protocol.ANTHROPIC, "api.anthropic.com", "anthropic", AttachmentSupport.GUESS);
    }

    private static ProviderTraits openRouter() {
        return new ProviderTraits(Protocol.OPENAI_COMPATIBLE, "openrouter.ai", "openrouter", AttachmentSupport.GUESS);
    }

    private ChatProvider openAi() {
        return new OpenAiProvider(client, server.url("/v1").toString(), "sk-x");
    }

    private ChatProvider claude() {
        return new AnthropicProvider(client, server.url("/").toString(), "sk-ant-x");
    }

    private Attachment stored(String name, byte[] bytes) throws Exception {
        Path source = dataDir.resolve("incoming").resolve(name);
        Files.createDirectories(source.getParent());
        Files.write(source, bytes);
        return store.store(source);
    }

    private Message user(String text, Attachment... files) {
        return Message.user("u" + (++ids), text, AT, List.of(files));
    }

    private Message assistant(String text) {
        return new Message("a" + (++ids), dev.tidemark.model.Role.ASSISTANT, text, MessageStatus.COMPLETE, AT, "m",
                null);
    }

    /** The request ChatService would make of this path, with its parts, sent; the recorded messages. */
    private JsonNode send(ChatProvider provider, String model, Message... path) throws Exception {
        ChatRequest request = requests.withParts(new ChatRequest(model, null, Turns.context(List.of(path))),
                List.of(path), provider);
        server.enqueue(sse(fixture(provider instanceof AnthropicProvider ? "anthropic/basic_response.sse"
                : "openai/83b060bae42e.sse")).build());
        provider.stream(request, events);
        events.awaitDone();
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded).isNotNull();
        return TestHttp.json(recorded.getBody().utf8()).get("messages");
    }

    private static List<String> types(JsonNode content) {
        List<String> out = new ArrayList<>();
        content.forEach(part -> out.add(part.get("type").asText()));
        return out;
    }

    private static byte[] dataUrl(JsonNode part, String mediaType) {
        String url = part.has("image_url") ? part.get("image_url").get("url").asText()
                : part.get("file").get("file_data").asText();
        String prefix = "data:" + mediaType + ";base64,";
        assertThat(url).startsWith(prefix);
        return Base64.getDecoder().decode(url.substring(prefix.length()));
    }

    // ---------------------------------------------------------------- text files

    @Test
    void aTextFileGoesFencedWithItsNameAndAFenceLongerThanAnyRunOfBackticksInside() throws Exception {
        String code = "def f():\n    return \"```\" + '````'\n";
        Attachment file = stored("notes.py", code.getBytes(StandardCharsets.UTF_8));

        JsonNode messages = send(openAi(), "some-model", user("What is wrong here?", file));

        JsonNode content = messages.get(0).get("content");
        assertThat(types(content)).containsExactly("text", "text");
        assertThat(content.get(0).get("text").asText())
                .isEqualTo("File: notes.py\n`````python\n" + code + "`````");
        assertThat(content.get(1).get("text").asText()).isEqualTo("What is wrong here?");
    }

    @Test
    void aTextFileWithoutBackticksGetsThreeAndAnUnknownExtensionNoInfoString() throws Exception {
        Attachment file = stored("README.weird", "just words".getBytes(StandardCharsets.UTF_8));

        JsonNode content = send(claude(), "claude-sonnet-4-5", user("Read it", file)).get(0).get("content");

        assertThat(content.get(0).get("text").asText()).isEqualTo("File: README.weird\n```\njust words\n```");
    }

    // ---------------------------------------------------------------- PDFs

    @Test
    void aPdfGoesToAnthropicAsADocumentOfTheExactBytes() throws Exception {
        traits = anthropic();
        byte[] pdf = WireTestFiles.pdf(2);
        Attachment file = stored("report.pdf", pdf);

        JsonNode content = send(claude(), "claude-sonnet-4-5", user("Sum it up", file)).get(0).get("content");

        assertThat(types(content)).containsExactly("document", "text");
        assertThat(content.get(0).get("source").get("media_type").asText()).isEqualTo("application/pdf");
        assertThat(Base64.getDecoder().decode(content.get(0).get("source").get("data").asText())).isEqualTo(pdf);
    }

    @Test
    void aPdfGoesToOpenRouterAsAFilePartOfTheExactBytes() throws Exception {
        traits = openRouter();
        byte[] pdf = WireTestFiles.pdf(1);
        Attachment file = stored("report.pdf", pdf);

        JsonNode content = send(openAi(), "meta-llama/llama-3.3-70b", user("Sum it up", file)).get(0).get("content");

        assertThat(types(content)).containsExactly("file", "text");
        assertThat(content.get(0).get("file").get("filename").asText()).isEqualTo("report.pdf");
        assertThat(dataUrl(content.get(0), "application/pdf")).isEqualTo(pdf);
    }

    @Test
    void aServiceThatTakesNoPdfGetsItsTextWithTheNoteLine() throws Exception {
        Attachment file = stored("report.pdf", WireTestFiles.pdf(2));

        JsonNode content = send(openAi(), "llama-3.1-8b", user("Sum it up", file)).get(0).get("content");

        assertThat(types(content)).containsExactly("text", "text");
        String text = content.get(0).get("text").asText();
        assertThat(text).startsWith("File: report.pdf (PDF, 2 pages; its text, extracted by Tidemark — this service"
                + " does not take this PDF as a document)\n```\n");
        assertThat(text).contains("Page 1 of the report").contains("Page 2 of the report").endsWith("```");
    }

    @Test
    void aPdfOfMoreThanAHundredPagesGoesToAnthropicAsItsText() throws Exception {
        traits = anthropic();
        Attachment file = stored("long.pdf", WireTestFiles.pdf(101));

        JsonNode content = send(claude(), "claude-sonnet-4-5", user("Sum it up", file)).get(0).get("content");

        assertThat(types(content)).containsExactly("text", "text");
        assertThat(content.get(0).get("text").asText()).startsWith("File: long.pdf (PDF, 101 pages; its text")
                .contains("more than the 100 pages").contains("Page 101 of the report");
    }

    // ---------------------------------------------------------------- images

    @Test
    void aSmallPngGoesAsItIsAndALargeOneIsScaledForAnthropicWithTheOriginalKept() throws Exception {
        traits = anthropic();
        byte[] small = WireTestFiles.png(64, 48, Color.ORANGE);
        byte[] large = WireTestFiles.png(3000, 2000, Color.CYAN);
        Attachment a = stored("small.png", small);
        Attachment b = stored("large.png", large);

        JsonNode content = send(claude(), "claude-sonnet-4-5", user("Compare", a, b)).get(0).get("content");

        assertThat(types(content)).containsExactly("image", "image", "text");
        assertThat(Base64.getDecoder().decode(content.get(0).get("source").get("data").asText())).isEqualTo(small);
        byte[] sent = Base64.getDecoder().decode(content.get(1).get("source").get("data").asText());
        BufferedImage scaled = ImageIO.read(new ByteArrayInputStream(sent));
        assertThat(Math.max(scaled.getWidth(), scaled.getHeight())).isLessThanOrEqualTo(1568);
        assertThat((long) scaled.getWidth() * scaled.getHeight()).isLessThanOrEqualTo(1_150_000);
        assertThat(store.read(b)).as("the stored original is kept").isEqualTo(large);
    }

    @Test
    void webpGoesAsItIsWhereItIsTakenAndAsPngElsewhere() throws Exception {
        byte[] webp = Files.readAllBytes(Path.of("src/test/resources/fixtures/media/tide-lossy.webp"));
        Attachment file = stored("tide.webp", webp);

        traits = openRouter();
        JsonNode toOpenRouter = send(openAi(), "google/gemini-2.5-flash", user("What is it?", file)).get(0);
        assertThat(dataUrl(toOpenRouter.get("content").get(0), "image/webp")).isEqualTo(webp);

        traits = local();
        JsonNode toLlamaCpp = send(openAi(), "qwen2.5vl:7b", user("What is it?", file)).get(0);
        byte[] png = dataUrl(toLlamaCpp.get("content").get(0), "image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
    }

    @Test
    void earlierTurnsAttachmentsAreSentAgainAndATurnWithoutStaysAString() throws Exception {
        byte[] png = WireTestFiles.png(32, 32, Color.RED);
        Attachment picture = stored("photo.png", png);
        Attachment notes = stored("notes.md", "# Notes".getBytes(StandardCharsets.UTF_8));

        JsonNode messages = send(openAi(), "gpt-4o", user("Look", picture), assistant("A red square."),
                user("Plain question"), assistant("Plain answer."), user("And these notes?", notes));

        assertThat(types(messages.get(0).get("content"))).containsExactly("image_url", "text");
        assertThat(dataUrl(messages.get(0).get("content").get(0), "image/png")).isEqualTo(png);
        assertThat(messages.get(1).get("content").asText()).isEqualTo("A red square.");
        assertThat(messages.get(2).get("content").isTextual()).isTrue();
        assertThat(messages.get(4).get("content").get(0).get("text").asText())
                .isEqualTo("File: notes.md\n```markdown\n# Notes\n```");
    }

    @Test
    void aRequestWithoutAttachmentsIsLeftAsItIs() throws Exception {
        ChatRequest request = new ChatRequest("m", null, List.of(new ChatRequest.Turn(dev.tidemark.model.Role.USER,
                "Hi")));
        assertThat(requests.withParts(request, List.of(user("Hi")), openAi())).isSameAs(request);
    }

    // ---------------------------------------------------------------- the budget

    @Test
    void overTheBudgetTheOldestAttachmentBecomesANoteAndTheNewerOnesGo() throws Exception {
        traits = openRouter(); // 20 MB; PDFs go as documents
        byte[] oldest = WireTestFiles.largePdf(7 * 1024 * 1024, 1);
        byte[] older = WireTestFiles.largePdf(7 * 1024 * 1024, 2);
        byte[] current = WireTestFiles.largePdf(4 * 1024 * 1024, 3);
        Attachment a = stored("oldest.pdf", oldest);
        Attachment b = stored("older.pdf", older);
        Attachment c = stored("current.pdf", current);

        JsonNode messages = send(openAi(), "openai/gpt-4o", user("One", a), assistant("Read."), user("Two", b),
                assistant("Read too."), user("Three", c));

        assertThat(types(messages.get(0).get("content"))).containsExactly("text", "text");
        assertThat(messages.get(0).get("content").get(0).get("text").asText()).isEqualTo("[Attachment oldest.pdf"
                + " (application/pdf, " + AttachmentTexts.size(oldest.length) + ") left out: the request would be"
                + " over the 20 MB Tidemark allows a request to this service.]");
        assertThat(dataUrl(messages.get(2).get("content").get(0), "application/pdf")).isEqualTo(older);
        assertThat(dataUrl(messages.get(4).get("content").get(0), "application/pdf")).isEqualTo(current);
    }

    @Test
    void theCurrentMessagesOwnFilesAreNeverDroppedButRefusedInWordsWhenTheyAloneAreOver() throws Exception {
        traits = openRouter();
        Attachment a = stored("first.pdf", WireTestFiles.largePdf(8 * 1024 * 1024, 4));
        Attachment b = stored("second.pdf", WireTestFiles.largePdf(8 * 1024 * 1024, 5));
        Message message = user("Both", a, b);

        assertThatThrownBy(() -> requests.withParts(new ChatRequest("m", null, Turns.context(List.of(message))),
                List.of(message), openAi()))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessageStartingWith("first.pdf cannot be sent: with the other files of this message the request"
                        + " would be ")
                .hasMessageEndingWith("over the 20 MB Tidemark allows a request to this service. Send fewer or"
                        + " smaller files.");
    }

    @Test
    void overTwentyImagesTheOldestBecomesANote() throws Exception {
        List<Attachment> first = new ArrayList<>();
        List<Attachment> second = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(stored("a" + i + ".png", WireTestFiles.png(8 + i, 8, Color.GREEN)));
            second.add(stored("b" + i + ".png", WireTestFiles.png(8 + i, 9, Color.BLUE)));
        }
        Attachment last = stored("c.png", WireTestFiles.png(8, 10, Color.PINK));

        JsonNode messages = send(openAi(), "gpt-4.1", user("One", first.toArray(Attachment[]::new)),
                assistant("Seen."), user("Two", second.toArray(Attachment[]::new)), assistant("Seen too."),
                user("Three", last));

        JsonNode oldest = messages.get(0).get("content");
        assertThat(types(oldest)).containsExactly("image_url", "image_url", "image_url", "image_url", "image_url",
                "image_url", "image_url", "image_url", "image_url", "text", "text");
        assertThat(oldest.get(9).get("text").asText()).startsWith("[Attachment a0.png (image/png, ")
                .endsWith(") left out: the request would carry more than 20 images.]");
        assertThat(types(messages.get(2).get("content"))).filteredOn("image_url"::equals).hasSize(10);
        assertThat(types(messages.get(4).get("content"))).containsExactly("image_url", "text");
    }

    // ---------------------------------------------------------------- what a model takes

    @Test
    void aModelKnownNotToTakeImagesIsRefusedNamingTheFileAndPdfsAreNeverRefused() throws Exception {
        traits = anthropic();
        Attachment photo = stored("photo.png", WireTestFiles.png(10, 10, Color.GRAY));
        Attachment pdf = stored("report.pdf", WireTestFiles.pdf(1));

        assertThat(requests.refusal(claude(), "claude-2.1", List.of(photo, pdf)))
                .contains("claude-2.1 does not take images (photo.png). Send the text only, or choose a model that does.");
        assertThat(requests.refusal(claude(), "claude-2.1", List.of(pdf))).isEmpty();
        assertThat(requests.refusal(claude(), "claude-sonnet-4-5", List.of(photo))).isEmpty();

        traits = local();
        assertThat(requests.refusal(openAi(), "some-new-model", List.of(photo))).as("unknown is tried").isEmpty();
        traits = new ProviderTraits(Protocol.OPENAI_COMPATIBLE, "localhost", "ollama", AttachmentSupport.TEXT_ONLY);
        assertThat(requests.refusal(openAi(), "llava:13b", List.of(photo))).as("the setting wins").isPresent();
        traits = new ProviderTraits(Protocol.ANTHROPIC, "api.anthropic.com", "anthropic", AttachmentSupport.IMAGES);
        assertThat(requests.refusal(claude(), "claude-2.1", List.of(photo))).isEmpty();
    }

    @Test
    void withPartsRefusesTheCurrentImageForAKnownNoAndNotesAnEarlierOne() throws Exception {
        Attachment photo = stored("photo.png", WireTestFiles.png(10, 10, Color.GRAY));
        Message current = user("What is it?", photo);
        assertThatThrownBy(() -> requests.withParts(new ChatRequest("gpt-3.5-turbo", null,
                Turns.context(List.of(current))), List.of(current), openAi()))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessage("gpt-3.5-turbo does not take images (photo.png). Send the text only, or choose a model"
                        + " that does.");

        JsonNode messages = send(openAi(), "gpt-3.5-turbo", user("Look", photo), assistant("Nice."),
                user("Now text only"));
        assertThat(messages.get(0).get("content").get(0).get("text").asText())
                .endsWith("left out: gpt-3.5-turbo does not take images.]");
    }

    @Test
    void aServiceSayingTheModelTakesNoImagesIsRememberedAndTheNextSendRefusedBeforeARequest() throws Exception {
        traits = openRouter();
        Attachment photo = stored("photo.png", WireTestFiles.png(10, 10, Color.GRAY));
        ChatProvider provider = openAi();
        String model = "mistralai/mistral-7b-instruct";
        assertThat(requests.refusal(provider, model, List.of(photo))).as("not known before").isEmpty();
        Message message = user("What is it?", photo);
        server.enqueue(TestHttp.jsonError(404,
                "{\"error\":{\"message\":\"No endpoints found that support image input\",\"code\":404}}"));

        provider.stream(requests.withParts(new ChatRequest(model, null, Turns.context(List.of(message))),
                List.of(message), provider), events);
        StreamEvent.Failed failed = events.awaitFailed();
        Reply reply = new Reply("s1", "session", provider.id(), model, message, message.id(), AT);
        reply.end(MessageStatus.ERROR, failed.message());
        requests.learning().replyFinished(reply);

        assertThat(failed.message()).startsWith(model + " does not take images.").doesNotContain("model name");
        assertThat(requests.refusal(provider, model, List.of(photo)))
                .contains(model + " does not take images (photo.png). Send the text only, or choose a model that does.");
        assertThat(requests.refusal(provider, "openai/gpt-4o", List.of(photo))).as("only that model").isEmpty();
    }

    @Test
    void aBlankReplyWhoseCallsRanKeepsTheTurnsAndTheirFilesAlignedAndTheToolsOffered() throws Exception {
        Message first = user("Echo this", stored("notes.txt", "hello".getBytes(StandardCharsets.UTF_8)));
        Message reply = new Message("a" + (++ids), dev.tidemark.model.Role.ASSISTANT, "", MessageStatus.COMPLETE, AT,
                "m", null, "", List.of(new dev.tidemark.model.ToolCall("c1", "echo", "{}", "tests", "echo",
                        dev.tidemark.model.ToolCallState.DONE, dev.tidemark.model.ToolResult.text("ok"))), false);
        Message second = user("And this", stored("more.txt", "more".getBytes(StandardCharsets.UTF_8)));
        ChatRequest.ToolSpec echo = new ChatRequest.ToolSpec("echo", "", "{\"type\":\"object\"}");
        List<Message> path = List.of(first, reply, second);

        ChatRequest request = requests.withParts(new ChatRequest("gpt-4o", null, Turns.context(path))
                .withTools(List.of(echo)), path, openAi());

        assertThat(request.tools()).containsExactly(echo);
        assertThat(request.messages()).hasSize(3);
        assertThat(request.messages().get(1).toolCalls()).hasSize(1);
        assertThat(request.messages().get(0).parts()).hasSize(1);
        assertThat(request.messages().get(2).parts()).hasSize(1);
    }
}
