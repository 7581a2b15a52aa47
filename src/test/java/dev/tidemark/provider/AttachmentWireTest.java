package dev.tidemark.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.ChatRequest.Turn;
import dev.tidemark.provider.anthropic.AnthropicProvider;
import dev.tidemark.provider.openai.OpenAiProvider;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.provider.TestHttp.fixture;
import static dev.tidemark.provider.TestHttp.sse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attachments on the wire (ADR 10 §1): request bodies of both protocols recorded by a real HTTP
 * server on loopback, with a real PNG (ImageIO) and a real PDF (PDFBox) whose base64 must decode to
 * the exact bytes; and the services' answers that a model takes no images (ADR 10 §2).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AttachmentWireTest {

    private static final String FENCED = "File: notes.py\n```python\nprint(1)\n```";

    private MockWebServer server;
    private OkHttpClient client;
    private final EventCollector events = new EventCollector();

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start();
        client = TestHttp.newClient();
    }

    @AfterEach
    void tearDown() {
        TestHttp.shutdown(client);
        server.close();
    }

    static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 40, 30);
        g.setColor(Color.BLUE);
        g.drawLine(0, 0, 39, 29);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static byte[] pdf() throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                text.beginText();
                text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                text.newLineAtOffset(72, 700);
                text.showText("Quarterly report");
                text.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    /** An earlier plain exchange, then a user turn with parts given texts first (the providers put files first). */
    private static ChatRequest request(String model, byte[] png, byte[] pdf) {
        return new ChatRequest(model, null, List.of(
                new Turn(Role.USER, "Hello"),
                new Turn(Role.ASSISTANT, "Hi."),
                new Turn(Role.USER, "What is wrong here?", List.of(
                        new ChatRequest.Text(FENCED),
                        new ChatRequest.Image("image/png", png),
                        new ChatRequest.Document("application/pdf", pdf, "report.pdf")))));
    }

    private JsonNode recordedBody() throws InterruptedException {
        RecordedRequest recorded = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(recorded).isNotNull();
        return TestHttp.json(recorded.getBody().utf8());
    }

    private static byte[] dataUrl(String url, String mediaType) {
        String prefix = "data:" + mediaType + ";base64,";
        assertThat(url).startsWith(prefix);
        return Base64.getDecoder().decode(url.substring(prefix.length()));
    }

    private static List<String> types(JsonNode content) {
        List<String> out = new ArrayList<>();
        content.forEach(part -> out.add(part.get("type").asText()));
        return out;
    }

    @Test
    void openAiSendsImageUrlFileAndTextPartsWithTheTypedTextLast() throws Exception {
        byte[] png = png();
        byte[] pdf = pdf();
        server.enqueue(sse(fixture("openai/83b060bae42e.sse")).build());

        new OpenAiProvider(client, server.url("/v1").toString(), "sk-x").stream(request("gpt-4.1", png, pdf), events);
        events.awaitDone();

        JsonNode messages = recordedBody().get("messages");
        assertThat(messages.get(0).get("content").isTextual()).as("a turn without parts stays a string").isTrue();
        assertThat(messages.get(0).get("content").asText()).isEqualTo("Hello");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Hi.");
        JsonNode content = messages.get(2).get("content");
        assertThat(types(content)).containsExactly("image_url", "file", "text", "text");
        assertThat(dataUrl(content.get(0).get("image_url").get("url").asText(), "image/png")).isEqualTo(png);
        assertThat(content.get(0).get("image_url").has("detail")).isFalse();
        assertThat(content.get(1).get("file").get("filename").asText()).isEqualTo("report.pdf");
        assertThat(dataUrl(content.get(1).get("file").get("file_data").asText(), "application/pdf")).isEqualTo(pdf);
        assertThat(new String(dataUrl(content.get(1).get("file").get("file_data").asText(), "application/pdf"),
                java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("%PDF-");
        assertThat(content.get(2).get("text").asText()).isEqualTo(FENCED);
        assertThat(content.get(3).get("text").asText()).isEqualTo("What is wrong here?");
    }

    @Test
    void anthropicSendsImageAndDocumentBlocksFirstThenTextsThenTheTypedText() throws Exception {
        byte[] png = png();
        byte[] pdf = pdf();
        server.enqueue(sse(fixture("anthropic/basic_response.sse")).build());

        new AnthropicProvider(client, server.url("/").toString(), "sk-ant-x")
                .stream(request("claude-sonnet-4-5", png, pdf), events);
        events.awaitDone();

        JsonNode messages = recordedBody().get("messages");
        assertThat(messages.get(0).get("content").isTextual()).as("a turn without parts stays a string").isTrue();
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Hi.");
        JsonNode content = messages.get(2).get("content");
        assertThat(types(content)).containsExactly("image", "document", "text", "text");
        JsonNode image = content.get(0).get("source");
        assertThat(image.get("type").asText()).isEqualTo("base64");
        assertThat(image.get("media_type").asText()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(image.get("data").asText())).isEqualTo(png);
        JsonNode document = content.get(1).get("source");
        assertThat(document.get("type").asText()).isEqualTo("base64");
        assertThat(document.get("media_type").asText()).isEqualTo("application/pdf");
        assertThat(Base64.getDecoder().decode(document.get("data").asText())).isEqualTo(pdf);
        assertThat(content.get(2).get("text").asText()).isEqualTo(FENCED);
        assertThat(content.get(3).get("text").asText()).isEqualTo("What is wrong here?");
    }

    @Test
    void anthropicLeavesOutAnEmptyTypedText() throws Exception {
        byte[] png = png();
        server.enqueue(sse(fixture("anthropic/basic_response.sse")).build());

        new AnthropicProvider(client, server.url("/").toString(), "sk-ant-x").stream(new ChatRequest("claude-sonnet-4-5",
                null, List.of(new Turn(Role.USER, "", List.of(new ChatRequest.Image("image/png", png))))), events);
        events.awaitDone();

        assertThat(types(recordedBody().get("messages").get(0).get("content"))).containsExactly("image");
    }

    // ---------------------------------------------------------------- a model that takes no images

    private static final String OPENAI_400 = "{\"error\":{\"message\":\"Invalid content type. image_url is only"
            + " supported by certain models.\",\"type\":\"invalid_request_error\","
            + "\"param\":\"messages.[1].content.[1].type\",\"code\":null}}";
    private static final String OPENROUTER_404 =
            "{\"error\":{\"message\":\"No endpoints found that support image input\",\"code\":404}}";
    private static final String LLAMA_CPP_500 = "{\"code\":500,\"message\":\"image input is not supported - hint: if"
            + " this is unexpected, you may need to provide the mmproj\",\"type\":\"server_error\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "OpenAI 400|400",
            "OpenRouter 404|404",
            "llama.cpp 500|500",
    })
    void aServiceSayingTheModelTakesNoImagesIsToldInWordsAndNotRetried(String service, int status) throws Exception {
        String body = switch (status) {
            case 400 -> OPENAI_400;
            case 404 -> OPENROUTER_404;
            default -> LLAMA_CPP_500;
        };
        server.enqueue(TestHttp.jsonError(status, body));
        server.enqueue(TestHttp.jsonError(status, body));
        server.enqueue(TestHttp.jsonError(status, body));

        new OpenAiProvider(client, server.url("/v1").toString(), "sk-x")
                .stream(request("text-model-7b", png(), pdf()), events);
        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(failed.message()).startsWith("text-model-7b does not take images. Send the text only, or choose"
                + " a model that does.");
        assertThat(failed.message()).doesNotContainIgnoringCase("check the model name")
                .doesNotContainIgnoringCase("try again later").doesNotContain("sk-x");
        assertThat(MediaRefusals.refusedKind("text-model-7b", failed.message())).contains(MediaRefusals.Kind.IMAGES);
        TestHttp.awaitIdle(client);
        assertThat(server.getRequestCount()).as("asking again would change nothing").isEqualTo(1);
    }

    @Test
    void theSameAnswerToARequestOfTextOnlyIsAnOrdinaryError() throws Exception {
        server.enqueue(TestHttp.jsonError(404, OPENROUTER_404));

        new OpenAiProvider(client, server.url("/v1").toString(), "sk-x")
                .stream(new ChatRequest("m", null, List.of(new Turn(Role.USER, "Hi"))), events);
        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(failed.message()).contains("HTTP 404").doesNotContain("does not take images");
        assertThat(MediaRefusals.refusedKind("m", failed.message())).isEmpty();
    }

    @Test
    void aServiceRefusingAPdfDocumentSaysItsTextWillBeSentInstead() throws Exception {
        server.enqueue(TestHttp.jsonError(400, "{\"error\":{\"message\":\"Unsupported content part type: file\"}}"));

        new AnthropicProvider(client, server.url("/").toString(), "sk-ant-x").stream(new ChatRequest("claude-x", null,
                List.of(new Turn(Role.USER, "Sum up", List.of(
                        new ChatRequest.Document("application/pdf", pdf(), "report.pdf"))))), events);
        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(failed.message()).startsWith("claude-x does not take PDFs as documents.");
        assertThat(MediaRefusals.refusedKind("claude-x", failed.message())).contains(MediaRefusals.Kind.PDFS);
    }
}
