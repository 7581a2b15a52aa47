package dev.tidemark.tools;

import dev.tidemark.app.AppServices;
import dev.tidemark.app.MainWindow;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.Settings;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.ui.fx.FxExecutor;
import javafx.application.Platform;
import javafx.scene.image.WritableImage;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.tools.Samples.onFx;
import static dev.tidemark.tools.Samples.showWindow;
import static dev.tidemark.tools.Samples.provider;
import static dev.tidemark.tools.Samples.toBuffered;
import static dev.tidemark.tools.Samples.waitFor;
import static dev.tidemark.tools.Samples.words;

/**
 * Takes the README's picture of attachments ({@code docs/screenshot-attachments.png}): the real
 * window on a throw-away data directory, a question sent with a photo, a PDF and a text file (a
 * model service on loopback answers), and two more files waiting as chips above the composer.
 * {@code -Dsample.theme=dark} takes it in the dark theme. Needs a display (Xvfb):
 * {@code xvfb-run -s '-screen 0 1280x800x24' mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tidemark.tools.SampleAttachments -Dexec.args=docs/screenshot-attachments.png}.
 */
public final class SampleAttachments {

    private SampleAttachments() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/screenshot-attachments.png");
        Path dir = Files.createTempDirectory("tidemark-attachments");
        Path files = Files.createDirectories(dir.resolve("files"));
        Path photo = files.resolve("harbour.png");
        ImageIO.write(harbour(1200, 800), "png", photo.toFile());
        Path pdf = files.resolve("tide-tables.pdf");
        writePdf(pdf);
        Path notes = Files.writeString(files.resolve("mooring-notes.md"), "# Mooring\n\nBow line first, then the stern.\n");
        Path sketch = files.resolve("sail-plan.png");
        ImageIO.write(harbour(600, 600), "png", sketch.toFile());
        MockWebServer server = new MockWebServer();
        server.enqueue(SlowSseBody.openAi(words("The photo shows the harbour at **low water**: the boats rest on the"
                + " mud, so the tide table is right that it turns at 14:20. Your mooring notes match what the"
                + " harbour master's sheet says — bow line first."), Duration.ZERO).response());
        server.start();
        ExecutorService background = Executors.newCachedThreadPool();
        ExecutorService settingsWriter = Executors.newSingleThreadExecutor();
        Workspace workspace = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        ApiKeys keys = ApiKeys.with(Optional.empty(), dir, Map.of(), p -> { });
        ProviderSettings settings = ProviderSettings.of(dir, Settings.load(dir, p -> { }), keys, settingsWriter::execute);
        settings.update(List.of(provider("openai-box", "OpenAI", "gpt-4o", server)),
                Map.of("openai-box", "sk-sample"), Set.of()).get(10, TimeUnit.SECONDS);
        OkHttpClient http = new OkHttpClient();
        ProviderCatalog providers = new ProviderCatalog(http, Map.of(), Duration.ofMillis(2), settings);

        Platform.startup(() -> { });
        FxExecutor fx = new FxExecutor();
        MainWindow window = onFx(() -> {
            AppServices services = new AppServices(workspace, providers, LocalServerDetector.defaults(http), fx,
                    background, Clock.systemUTC(), p -> { });
            return showWindow(services);
        });
        waitFor(() -> onFx(() -> window.conversation().shownIdProperty().get() != null));
        onFx(() -> {
            window.conversation().providerIdProperty().set("openai-box");
            window.conversation().modelProperty().set("gpt-4o");
            window.conversation().attachments().attach(List.of(photo, pdf, notes));
            return null;
        });
        waitFor(() -> onFx(() -> window.conversation().attachments().pending().size() == 3
                && !window.conversation().attachments().busyProperty().get()));
        onFx(() -> {
            window.conversation().composerTextProperty().set("Is the tide table right about this afternoon?");
            window.conversation().send();
            return null;
        });
        waitFor(() -> onFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE));
        onFx(() -> {
            window.conversation().attachments().attach(List.of(sketch, notes));
            window.conversation().composerTextProperty().set("And what about this sail plan?");
            return null;
        });
        waitFor(() -> onFx(() -> window.conversation().attachments().pending().size() == 2
                && !window.conversation().attachments().busyProperty().get()));
        Thread.sleep(1_500); // a picture, not a test: let the thumbnails arrive and the last frames settle
        WritableImage image = onFx(() -> window.scene().snapshot(null));
        ImageIO.write(toBuffered(image), "png", out.toFile());
        System.out.println("attachments screenshot written to " + out.toAbsolutePath());
        workspace.close();
        settings.flush().get(10, TimeUnit.SECONDS);
        server.close();
        background.shutdownNow();
        settingsWriter.shutdown();
        Platform.exit();
        System.exit(0);
    }

    /** A harbour at low water, drawn: sky, hills, mud, and a few boats. */
    private static BufferedImage harbour(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new java.awt.GradientPaint(0, 0, new java.awt.Color(120, 170, 220), 0, height / 2f,
                new java.awt.Color(220, 235, 245)));
        g.fillRect(0, 0, width, height);
        g.setColor(new java.awt.Color(90, 120, 90));
        g.fillOval(-width / 4, height * 2 / 5, width, height / 3);
        g.fillOval(width / 2, height * 2 / 5 - height / 20, width, height / 3);
        g.setColor(new java.awt.Color(140, 120, 90));
        g.fillRect(0, height * 3 / 5, width, height);
        g.setColor(new java.awt.Color(70, 110, 150));
        g.fillRect(0, height * 4 / 5, width, height);
        for (int i = 0; i < 4; i++) {
            int x = width / 8 + i * width / 5;
            int y = height * 3 / 5 + (i % 2) * height / 20;
            g.setColor(new java.awt.Color(240, 240, 235));
            g.fillPolygon(new int[] {x, x + width / 8, x + width / 10, x + width / 40},
                    new int[] {y, y, y + height / 30, y + height / 30}, 4);
            g.setColor(new java.awt.Color(60, 50, 40));
            g.fillRect(x + width / 16, y - height / 6, Math.max(2, width / 300), height / 6);
            g.setColor(new java.awt.Color(250, 245, 230));
            g.fillPolygon(new int[] {x + width / 16 + 3, x + width / 16 + 3, x + width / 16 + width / 14},
                    new int[] {y - height / 6, y - 4, y - 4}, 3);
        }
        g.dispose();
        return image;
    }

    /** A three-page PDF of tide times, made with PDFBox. */
    private static void writePdf(Path file) throws java.io.IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument document = new org.apache.pdfbox.pdmodel.PDDocument()) {
            org.apache.pdfbox.pdmodel.font.PDType1Font font = new org.apache.pdfbox.pdmodel.font.PDType1Font(
                    org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA);
            for (int page = 1; page <= 3; page++) {
                org.apache.pdfbox.pdmodel.PDPage p = new org.apache.pdfbox.pdmodel.PDPage();
                document.addPage(p);
                try (org.apache.pdfbox.pdmodel.PDPageContentStream text =
                             new org.apache.pdfbox.pdmodel.PDPageContentStream(document, p)) {
                    text.beginText();
                    text.setFont(font, 22);
                    text.newLineAtOffset(72, 700);
                    text.showText("Tide tables, week " + page);
                    text.setFont(font, 12);
                    for (int day = 0; day < 7; day++) {
                        text.newLineAtOffset(0, -24);
                        text.showText("Day " + (day + 1) + ": high water 08:" + (10 + day) + ", low water 14:" + (20 + day));
                    }
                    text.endText();
                }
            }
            document.save(file.toFile());
        }
    }
}
