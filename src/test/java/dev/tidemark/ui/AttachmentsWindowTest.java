package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.ui.chat.ChatStyles;
import dev.tidemark.ui.chat.ComposerAttachments;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attachments in the window (issue 16): an image pasted from the clipboard and a file dropped on
 * the conversation become chips above the composer, ✕ removes one, Send sends the others with the
 * message (stored by hash in the data directory) and clears the chips; the message shows its
 * image as a thumbnail decoded at display size and its file as a chip; a model known not to take
 * images gets a warning instead of a request, and "Send the text only" sends the text alone. None
 * of the storing, encoding or decoding runs on the FX thread.
 */
@ExtendWith(WindowExtension.class)
class AttachmentsWindowTest {

    private final MockWebServer server = new MockWebServer();
    private WindowHarness harness;
    private MainWindow window;
    /** Each piece of slow attachment work, and whether it ran on the FX thread. */
    private final List<String> work = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aPastedImageAndADroppedFileAreSentWithTheMessageAndShownInTheConversation(FxRobot robot) throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("A gradient."), Duration.ZERO).response());
        open(robot, "gpt-4o");
        Path dir = Files.createTempDirectory(harness.dataDir.getParent(), "attach-src");
        BufferedImage picture = gradient(640, 480);
        Path notes = Files.writeString(dir.resolve("notes.md"), "# Notes\n\nThe gradient goes from blue to orange.\n");
        Path extra = Files.writeString(dir.resolve("extra.txt"), "not this one\n");

        // paste an image (a screenshot tool puts only the image on the clipboard)
        robot.interact(() -> {
            ClipboardContent content = new ClipboardContent();
            content.putImage(fxImage(picture));
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        robot.clickOn("#" + ConversationView.COMPOSER_ID).press(KeyCode.CONTROL).type(KeyCode.V).release(KeyCode.CONTROL);
        untilFx(() -> ready(1));
        assertThat(pending().get(0).name()).matches("pasted-image-\\d{8}-\\d{6}\\.png");
        assertThat(composerText()).isEmpty(); // nothing pasted as text

        // drop two files onto the conversation, then remove one with its ✕
        drop(robot, List.of(notes, extra));
        untilFx(() -> ready(3));
        assertThat(pending()).extracting(ComposerAttachments.Pending::name).containsExactly(
                pending().get(0).name(), "notes.md", "extra.txt");
        Button remove = robot.lookup("." + ChatStyles.ATTACHMENT_REMOVE)
                .match((Button b) -> "Remove extra.txt".equals(b.getAccessibleText())).queryAs(Button.class);
        robot.clickOn(remove);
        untilFx(() -> pending().size() == 2);

        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("What is in these?").type(KeyCode.ENTER);
        RecordedRequest request = server.takeRequest(20, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        untilFx(() -> pending().isEmpty() && window.conversation().stateProperty().get() == ConversationViewModel.State.IDLE);

        // the message carries both files, each stored by its hash, byte for byte
        Session session = window.services().chat().store().get(window.conversation().sessionIdProperty().get())
                .orElseThrow();
        Message sent = session.messages().stream().filter(m -> m.role() == Role.USER).findFirst().orElseThrow();
        assertThat(sent.text()).isEqualTo("What is in these?");
        assertThat(sent.attachments()).extracting(Attachment::mediaType).containsExactly("image/png", "text/markdown");
        AttachmentStore store = new AttachmentStore(harness.dataDir);
        Attachment image = sent.attachments().get(0);
        BufferedImage stored = ImageIO.read(store.path(image.sha256()).toFile());
        assertThat(stored.getWidth()).isEqualTo(640);
        assertThat(stored.getRGB(10, 10)).isEqualTo(picture.getRGB(10, 10));
        assertThat(stored.getRGB(630, 470)).isEqualTo(picture.getRGB(630, 470));
        assertThat(Files.readAllBytes(store.path(sent.attachments().get(1).sha256())))
                .isEqualTo(Files.readAllBytes(notes));

        // the request carried the image as a data URL of the stored bytes, and the text file as text
        com.fasterxml.jackson.databind.JsonNode content = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(request.getBody().utf8()).get("messages").get(0).get("content");
        String url = content.findValues("url").get(0).asText();
        assertThat(url).startsWith("data:image/png;base64,");
        assertThat(java.util.Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)))
                .isEqualTo(Files.readAllBytes(store.path(image.sha256())));
        assertThat(content.toString()).contains("notes.md").contains("The gradient goes from blue to orange.")
                .contains("What is in these?");

        // the conversation shows the image as a 160 × 120 thumbnail and the text file as a chip
        untilFx(() -> thumbnails(robot).stream().anyMatch(v -> v.getImage() != null));
        ImageView thumbnail = thumbnails(robot).get(0);
        assertThat(thumbnail.getImage().getWidth()).isEqualTo(160);
        assertThat(thumbnail.getImage().getHeight()).isEqualTo(120);
        assertThat(robot.lookup("." + ChatStyles.ATTACHMENT_FILE).queryAll()).hasSize(1);
        assertThat(robot.lookup("." + ChatStyles.ATTACHMENT_BROKEN).queryAll()).isEmpty();

        // a click on the thumbnail opens a larger preview, fitted to its window; Esc closes it
        robot.clickOn(thumbnail);
        untilFx(() -> previewImage(robot) != null);
        assertThat(previewImage(robot).getImage().getWidth()).isEqualTo(640); // at most 1,600 px: the original
        robot.type(KeyCode.ESCAPE);
        untilFx(() -> previewImage(robot) == null);

        // a click on the file chip hands a copy under its own name to the system's application
        robot.clickOn("." + ChatStyles.ATTACHMENT_FILE);
        untilFx(() -> !harness.browsed.isEmpty());
        Path opened = Path.of(java.net.URI.create(harness.browsed.get(0)));
        assertThat(opened.getFileName().toString()).isEqualTo("notes.md");
        assertThat(Files.readAllBytes(opened)).isEqualTo(Files.readAllBytes(notes));

        assertThat(work).isNotEmpty().allMatch(w -> w.endsWith("off the FX thread"));
        assertThat(work).anyMatch(w -> w.startsWith("store notes.md")).anyMatch(w -> w.startsWith("encode pasted-image"))
                .anyMatch(w -> w.startsWith("thumbnail " + image.name()));
    }

    @Test
    void aModelKnownNotToTakeImagesGetsAWarningInsteadOfARequestAndSendTheTextOnlySendsTheText(FxRobot robot)
            throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("Just text."), Duration.ZERO).response());
        open(robot, "gpt-3.5-turbo");
        Path dir = Files.createTempDirectory(harness.dataDir.getParent(), "attach-src");
        Path photo = dir.resolve("photo.png");
        ImageIO.write(gradient(200, 100), "png", photo.toFile());
        robot.interact(() -> window.conversation().attachments().attach(List.of(photo)));
        untilFx(() -> ready(1));

        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("Describe it").type(KeyCode.ENTER);
        untilFx(() -> !window.conversation().attachments().refusalProperty().get().isEmpty());
        Node warning = robot.lookup("#" + ConversationView.ATTACHMENT_REFUSAL_ID).query();
        assertThat(warning.isVisible()).isTrue();
        assertThat(window.conversation().attachments().refusalProperty().get()).contains("photo.png");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(server.getRequestCount()).isZero();
        assertThat(composerText()).isEqualTo("Describe it"); // text and chip kept
        assertThat(pending()).hasSize(1);

        // Cancel keeps both; asking again and choosing the text only sends the text alone
        robot.clickOn("#" + ConversationView.REFUSAL_CANCEL_ID);
        untilFx(() -> window.conversation().attachments().refusalProperty().get().isEmpty());
        assertThat(composerText()).isEqualTo("Describe it");
        assertThat(pending()).hasSize(1);
        robot.clickOn("#" + ConversationView.SEND_ID);
        untilFx(() -> !window.conversation().attachments().refusalProperty().get().isEmpty());
        assertThat(server.getRequestCount()).isZero();
        robot.clickOn("#" + ConversationView.SEND_TEXT_ONLY_ID);

        RecordedRequest request = server.takeRequest(20, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.getBody().utf8()).contains("Describe it").doesNotContain("image_url");
        untilFx(() -> window.conversation().stateProperty().get() == ConversationViewModel.State.IDLE);
        Session session = window.services().chat().store().get(window.conversation().sessionIdProperty().get())
                .orElseThrow();
        assertThat(session.messages().get(0).attachments()).isEmpty();
        assertThat(pending()).isEmpty();
        assertThat(composerText()).isEmpty();
    }

    @Test
    void pastedTextStillPastesAsTextAndAttachesNothing(FxRobot robot) throws Exception {
        open(robot, "gpt-4o");
        robot.interact(() -> {
            ClipboardContent content = new ClipboardContent();
            content.putString("plain words");
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        robot.clickOn("#" + ConversationView.COMPOSER_ID).press(KeyCode.CONTROL).type(KeyCode.V).release(KeyCode.CONTROL);
        untilFx(() -> "plain words".equals(composerText()));
        assertThat(pending()).isEmpty();
    }

    @Test
    void filesThatCannotBeAttachedAreRefusedInWordsNamingThemAndLeaveNoChip(FxRobot robot) throws Exception {
        open(robot, "gpt-4o");
        Path dir = Files.createTempDirectory(harness.dataDir.getParent(), "attach-src");
        Path binary = Files.write(dir.resolve("program.bin"), new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 0});
        robot.interact(() -> window.conversation().attachments().attach(List.of(binary)));
        untilFx(() -> pending().isEmpty() && notice(robot).contains("program.bin"));

        List<Path> eleven = new java.util.ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            eleven.add(Files.writeString(dir.resolve("note" + i + ".txt"), "note " + i + "\n"));
        }
        robot.interact(() -> window.conversation().attachments().attach(eleven));
        untilFx(() -> ready(10));
        assertThat(notice(robot)).contains("note11.txt").contains("10 files");
        assertThat(pending()).extracting(ComposerAttachments.Pending::name).doesNotContain("note11.txt");
    }

    @Test
    void theSendButtonWaitsWhileAFileIsStillBeingStored(FxRobot robot) throws Exception {
        open(robot, "gpt-4o");
        Path dir = Files.createTempDirectory(harness.dataDir.getParent(), "attach-src");
        Path text = Files.writeString(dir.resolve("a.txt"), "hello\n");
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        // the background executor is held busy so the store cannot start until the test lets it
        harness.background.execute(() -> {
            try {
                hold.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("Here");
        Button send = robot.lookup("#" + ConversationView.SEND_ID).queryAs(Button.class);
        assertThat(send.isDisabled()).isFalse();
        robot.interact(() -> window.conversation().attachments().attach(List.of(text)));
        assertThat(pending()).hasSize(1);
        // it may already be stored: the cached pool runs it on another thread; while busy, Send waits
        robot.interact(() -> assertThat(send.isDisabled()).isEqualTo(pending().get(0).busyProperty().get()));
        hold.countDown();
        untilFx(() -> ready(1));
        assertThat(send.isDisabled()).isFalse();
    }

    @Test
    void aMessageOfFilesOnlyIsSentWithoutWordsAndTitledByItsFirstFile(FxRobot robot) throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("A gradient."), Duration.ZERO).response());
        open(robot, "gpt-4o");
        Button send = robot.lookup("#" + ConversationView.SEND_ID).queryAs(Button.class);
        assertThat(send.isDisabled()).as("nothing to send").isTrue();
        Path dir = Files.createTempDirectory(harness.dataDir.getParent(), "attach-src");
        Path photo = dir.resolve("harbour.png");
        ImageIO.write(gradient(64, 48), "png", photo.toFile());
        robot.interact(() -> window.conversation().attachments().attach(List.of(photo)));
        untilFx(() -> ready(1));
        assertThat(composerText()).isEmpty();
        untilFx(() -> !send.isDisabled());
        robot.clickOn(send);
        RecordedRequest request = server.takeRequest(20, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        com.fasterxml.jackson.databind.JsonNode content = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(request.getBody().utf8()).get("messages").get(0).get("content");
        assertThat(content.size()).as("the image alone, no empty text part").isEqualTo(1);
        assertThat(content.get(0).path("type").asText()).isEqualTo("image_url");
        untilFx(() -> pending().isEmpty() && window.conversation().stateProperty().get() == ConversationViewModel.State.IDLE);
        Session session = window.services().chat().store().get(window.conversation().sessionIdProperty().get())
                .orElseThrow();
        assertThat(session.title()).isEqualTo("harbour.png");
        assertThat(session.messages().get(0).text()).isEmpty();
        assertThat(session.messages().get(0).attachments()).extracting(Attachment::name).containsExactly("harbour.png");
    }

    @Test
    void attachmentsMissingFromTheDataFolderShowAsBrokenFileChipsWithWords(FxRobot robot) throws Exception {
        open(robot, "gpt-4o");
        // a message whose files went missing from the store after it was sent (deleted by hand, a partial backup)
        AttachmentStore store = new AttachmentStore(harness.dataDir);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(gradient(64, 48), "png", png);
        Attachment photo = store.store(png.toByteArray(), "photo.png");
        Attachment notes = store.store("a note\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "notes.txt");
        String id = window.services().chat().createSession().id();
        window.services().chat().send(id, "Look at these", List.of(photo, notes),
                window.services().providers().create("demo", null), "demo");
        patientlyUntilIdle(id);
        Files.delete(store.path(photo.sha256()));
        Files.delete(store.path(notes.sha256()));
        robot.interact(() -> window.conversation().showSession(id));
        untilFx(() -> robot.lookup("." + ChatStyles.ATTACHMENT_BROKEN).queryAll().size() == 2);
        List<String> words = robot.lookup("." + ChatStyles.ATTACHMENT_BROKEN).queryAllAs(Label.class).stream()
                .map(Label::getText).sorted().toList();
        assertThat(words.get(0)).startsWith("notes.txt is missing from Tidemark's data folder");
        assertThat(words.get(1)).startsWith("photo.png is missing from Tidemark's data folder");
        assertThat(thumbnails(robot)).allMatch(v -> v.getImage() == null);
    }

    @Test
    void theComposerSaysWhichPdfPageIsBeingReadAndTheCrossCancelsIt(FxRobot robot) throws Exception {
        open(robot, "gpt-4o");
        Path dir = Files.createTempDirectory(harness.dataDir.getParent(), "attach-src");
        Path report = dir.resolve("report.pdf");
        writePdf(report, 300);
        robot.interact(() -> window.conversation().attachments().attach(List.of(report)));
        untilFx(() -> pending().size() == 1 && pending().get(0).progressProperty().get().startsWith("Reading report.pdf"));
        assertThat(pending().get(0).progressProperty().get()).matches("Reading report\\.pdf\u2026 page \\d+ of 300");
        assertThat(robot.lookup("#" + ConversationView.SEND_ID).queryAs(Button.class).isDisabled()).isTrue();
        Button remove = robot.lookup("." + ChatStyles.ATTACHMENT_REMOVE).queryAs(Button.class);
        assertThat(remove.getAccessibleText()).isEqualTo("Remove report.pdf");
        robot.clickOn(remove);
        untilFx(() -> pending().isEmpty());
        assertThat(work).anyMatch(w -> w.startsWith("read report.pdf")).allMatch(w -> w.endsWith("off the FX thread"));
    }

    // ---- helpers

    private void patientlyUntilIdle(String sessionId) {
        dev.tidemark.testing.Waits.patiently().until(() -> window.services().chat().activeReply(sessionId).isEmpty());
    }

    /** A PDF of {@code pages} pages of text, made with PDFBox. */
    private static void writePdf(Path file, int pages) throws java.io.IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument document = new org.apache.pdfbox.pdmodel.PDDocument()) {
            var font = new org.apache.pdfbox.pdmodel.font.PDType1Font(
                    org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA);
            for (int page = 1; page <= pages; page++) {
                var p = new org.apache.pdfbox.pdmodel.PDPage();
                document.addPage(p);
                try (var text = new org.apache.pdfbox.pdmodel.PDPageContentStream(document, p)) {
                    text.beginText();
                    text.setFont(font, 11);
                    text.newLineAtOffset(72, 720);
                    for (int line = 0; line < 50; line++) {
                        text.showText("Page " + page + ", line " + line + ": the tide turns at twenty past two.");
                        text.newLineAtOffset(0, -13);
                    }
                    text.endText();
                }
            }
            document.save(file.toFile());
        }
    }

    private void open(FxRobot robot, String model) throws Exception {
        harness.keyFile = true;
        server.start();
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN, Journal.Options.defaults(), Duration.ofMillis(2), Map.of());
        harness.settings.update(List.of(new ProviderConfig("openai", "OpenAI", "custom", Protocol.OPENAI_COMPATIBLE,
                        server.url("/v1").toString(), AuthStyle.BEARER, null, model, Map.of(), ProxyChoice.DIRECT)),
                Map.of("openai", "sk-test"), Set.of()).get(10, TimeUnit.SECONDS);
        robot.interact(() -> {
            window.conversation().providerIdProperty().set("openai");
            window.conversation().modelProperty().set(model);
            window.conversation().attachmentsWatch(what -> work.add(what + (Platform.isFxApplicationThread()
                    ? " ON the FX thread" : " off the FX thread")));
        });
        untilFx(() -> window.conversation().stateProperty().get() == ConversationViewModel.State.IDLE);
    }

    /**
     * Drops files on the conversation as the desktop does: a real {@link DragEvent} carrying a real
     * {@link javafx.scene.input.Dragboard} (made by JavaFX's own {@code DragboardHelper} over a
     * toolkit clipboard holding the files, as a drag from a file manager arrives), first DRAG_OVER,
     * which must be accepted and light the drop highlight, then DRAG_DROPPED, through the handlers
     * the conversation installed. Monocle has no native drag source to start a drag from outside.
     */
    private void drop(FxRobot robot, List<Path> files) {
        ConversationView view = robot.lookup((Node n) -> n instanceof ConversationView).queryAs(ConversationView.class);
        robot.interact(() -> {
            // JavaFX's own Dragboard over the files, as a drag from a file manager brings them
            javafx.scene.input.Dragboard board = com.sun.javafx.scene.input.DragboardHelper.createDragboard(
                    new DraggedFiles(files.stream().map(Path::toFile).toList()));
            DragEvent over = new DragEvent(DragEvent.DRAG_OVER, board, 100, 100, 100, 100, TransferMode.COPY,
                    null, null, null);
            javafx.event.Event.fireEvent(view, over);
            assertThat(over.isAccepted()).isTrue();
            assertThat(view.getPseudoClassStates()).contains(ChatStyles.DROP_TARGET);
            DragEvent dropped = new DragEvent(DragEvent.DRAG_DROPPED, board, 100, 100, 100, 100, TransferMode.COPY,
                    null, null, null);
            javafx.event.Event.fireEvent(view, dropped);
            assertThat(dropped.isDropCompleted()).isTrue();
            assertThat(view.getPseudoClassStates()).doesNotContain(ChatStyles.DROP_TARGET);
        });
    }

    /** What the desktop's drag-and-drop hands JavaFX while files from another application are dragged over a window. */
    private static final class DraggedFiles implements com.sun.javafx.tk.TKClipboard {
        private final List<java.io.File> files;

        DraggedFiles(List<java.io.File> files) {
            this.files = files;
        }

        @Override
        public void setSecurityContext(java.security.AccessControlContext context) {
        }

        @Override
        public Set<javafx.scene.input.DataFormat> getContentTypes() {
            return Set.of(javafx.scene.input.DataFormat.FILES);
        }

        @Override
        @SafeVarargs
        public final boolean putContent(javafx.util.Pair<javafx.scene.input.DataFormat, Object>... content) {
            return false; // the files come from elsewhere: nothing here writes them
        }

        @Override
        public Object getContent(javafx.scene.input.DataFormat format) {
            return javafx.scene.input.DataFormat.FILES.equals(format) ? files : null;
        }

        @Override
        public boolean hasContent(javafx.scene.input.DataFormat format) {
            return javafx.scene.input.DataFormat.FILES.equals(format);
        }

        @Override
        public Set<TransferMode> getTransferModes() {
            return Set.of(TransferMode.COPY, TransferMode.LINK);
        }

        @Override
        public void setDragView(javafx.scene.image.Image image) {
        }

        @Override
        public void setDragViewOffsetX(double offsetX) {
        }

        @Override
        public void setDragViewOffsetY(double offsetY) {
        }

        @Override
        public javafx.scene.image.Image getDragView() {
            return null;
        }

        @Override
        public double getDragViewOffsetX() {
            return 0;
        }

        @Override
        public double getDragViewOffsetY() {
            return 0;
        }
    }

    private List<ComposerAttachments.Pending> pending() {
        return window.conversation().attachments().pending();
    }

    private boolean ready(int count) {
        return pending().size() == count && pending().stream().noneMatch(p -> p.busyProperty().get());
    }

    private String composerText() {
        return window.conversation().composerTextProperty().get();
    }

    private static String notice(FxRobot robot) {
        return robot.lookup("." + ChatStyles.COMPOSER).lookup("." + ChatStyles.MESSAGE_DETAIL)
                .match(Node::isVisible).queryAllAs(Label.class).stream().map(Label::getText)
                .reduce("", (a, b) -> a + b);
    }

    /** The picture in the open preview window, once it has one; null when no preview is open. */
    private static ImageView previewImage(FxRobot robot) {
        return javafx.stage.Window.getWindows().stream().filter(javafx.stage.Window::isShowing)
                .map(w -> w.getScene() == null ? null : w.getScene().getRoot())
                .filter(r -> r != null && r.getStyleClass().contains(ChatStyles.ATTACHMENT_PREVIEW))
                .flatMap(r -> r.lookupAll(".image-view").stream()).map(ImageView.class::cast)
                .filter(v -> v.getImage() != null).findFirst().orElse(null);
    }

    private static List<ImageView> thumbnails(FxRobot robot) {
        return List.copyOf(robot.lookup("." + ChatStyles.ATTACHMENT_IMAGE + " .image-view").queryAllAs(ImageView.class));
    }

    /** The picture as an FX image, pixel for pixel (what a screenshot tool puts on the clipboard). */
    private static javafx.scene.image.Image fxImage(BufferedImage picture) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        javafx.scene.image.WritableImage image = new javafx.scene.image.WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(),
                picture.getRGB(0, 0, w, h, null, 0, w), 0, w);
        return image;
    }

    private static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 200), width, height, new Color(250, 150, 30)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }
}
