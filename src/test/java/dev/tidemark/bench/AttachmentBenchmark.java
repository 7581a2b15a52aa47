package dev.tidemark.bench;

import dev.tidemark.app.DesktopAttachments;
import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.Appearance;
import dev.tidemark.ui.chat.ComposerAttachments;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.fx.FxExecutor;
import dev.tidemark.ui.fx.PulseExecutor;
import dev.tidemark.ui.fx.UpdateCoalescer;
import dev.tidemark.ui.theme.AppearanceViewModel;
import dev.tidemark.ui.theme.ThemeApplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Attachments in the real conversation view (a benchmark, not a test):
 * {@code mvn -o -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.bench.AttachmentBenchmark}.
 *
 * <p>Headless (Monocle, software rendering), as {@link RenderBenchmark}, with the window's own
 * wiring of files ({@link DesktopAttachments}: the attachment store and the media cache) and a
 * pool of two background threads.
 * <ol>
 *   <li><b>Attaching</b> a 20 MB image (a 2,560 × 2,560 PNG of noise, which does not compress) and a
 *   300-page PDF through the composer ({@link ComposerAttachments#attach}, as a drop or the file
 *   chooser calls it): from the call until both chips are ready (stored, hashed, thumbnail made, the
 *   PDF's text read into the cache), the FX thread's longest pulse (its CPU time between two frames).
 *   Each round starts from empty {@code attachments/} and {@code cache/} folders, so every round does
 *   all the work. Baseline, in the same run: attaching a 1 KB text file the same way.</li>
 *   <li><b>Scrolling</b> a 200-message chat in which 50 of the questions carry a photo (1,600 × 1,200
 *   JPEG), top to bottom at 400 px a frame, against the same chat without the photos: the FX thread's
 *   busy share. The first round of each is cold (thumbnails made and decoded while scrolling), the
 *   others warm.</li>
 * </ol>
 * Options: {@code -Dbench.rounds=5}.
 */
public final class AttachmentBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int MESSAGES = 200;
    private static final int PHOTOS = 50;

    private Stage stage;
    private FxFrames frames;

    public static void main(String[] args) throws Exception {
        new AttachmentBenchmark().run();
        Platform.exit();
        System.exit(0);
    }

    private void run() throws Exception {
        FxFrames.Headless headless = FxFrames.startHeadless();
        stage = headless.stage();
        frames = headless.frames();
        System.out.printf("machine: %s, %d CPUs, %s %s; headless Monocle, software rendering; load average %s%n",
                System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), VersionSwitchBenchmark.load());
        Path dir = Files.createTempDirectory("tidemark-attach");
        Path files = Files.createTempDirectory("tidemark-attach-files");
        ExecutorService background = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-background");
            t.setDaemon(true);
            return t;
        });
        try (Workspace workspace = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
            ProviderCatalog providers = new ProviderCatalog(new OkHttpClient(), Map.of(), Duration.ofMillis(30));
            ConversationViewModel[] vm = new ConversationViewModel[1];
            RenderBenchmark.onFx(() -> {
                FxExecutor fx = new FxExecutor();
                vm[0] = new ConversationViewModel(chat, providers, fx, background,
                        new UpdateCoalescer(new PulseExecutor(fx)), false, new DesktopAttachments(dir));
                Scene scene = new Scene(new ConversationView(vm[0]), 1100, 720);
                new ThemeApplier(AppearanceViewModel.inMemory(Appearance.DEFAULTS.withTheme(Appearance.Theme.LIGHT)))
                        .apply(scene);
                stage.setScene(scene);
                stage.show();
            });
            Path image = files.resolve("noise.png");
            Files.write(image, noisePng(2560, 2560));
            Path pdf = files.resolve("report.pdf");
            Files.write(pdf, textPdf(300));
            Path text = files.resolve("notes.txt");
            Files.writeString(text, "a short note\n".repeat(80));
            System.out.printf("files: %s %,d bytes, %s %,d bytes (300 pages), %s %,d bytes%n", image.getFileName(),
                    Files.size(image), pdf.getFileName(), Files.size(pdf), text.getFileName(), Files.size(text));
            attaching(vm[0], dir, image, pdf, text);
            scrolling(vm[0], workspace, dir);
        } finally {
            background.shutdownNow();
            RecoveryProbe.delete(dir);
            RecoveryProbe.delete(files);
        }
    }

    private void attaching(ConversationViewModel vm, Path dir, Path image, Path pdf, Path text) throws Exception {
        attachOnce(vm, dir, List.of(text)); // warm-up: class loading, the chip's first layout
        attachOnce(vm, dir, List.of(image, pdf));
        List<double[]> heavy = new ArrayList<>();
        List<double[]> light = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            heavy.add(attachOnce(vm, dir, List.of(image, pdf)));
            light.add(attachOnce(vm, dir, List.of(text)));
        }
        System.out.printf("%nattaching through the composer, %d rounds (ms; load average %s)%n", ROUNDS,
                VersionSwitchBenchmark.load());
        System.out.printf("%-44s %12s %12s %12s %10s%n", "files", "longest p50", "longest max", "p99 p50",
                "wall p50");
        double[] h = row("20 MB PNG + 300-page PDF", heavy);
        double[] l = row("1 KB text file (baseline)", light);
        System.out.printf("ratio heavy / baseline, longest pulse p50: %.2f; target (longest pulse <= 16 ms): %s"
                + " (max of rounds %.1f ms)%n", h[0] / l[0], h[1] <= 16 ? "met" : "NOT met", h[1]);
    }

    /** One attach from an empty store and cache: {longest pulse CPU ms, p99 pulse CPU ms, wall s}. */
    private double[] attachOnce(ConversationViewModel vm, Path dir, List<Path> paths) throws Exception {
        RecoveryProbe.delete(dir.resolve(AttachmentStore.FOLDER));
        RecoveryProbe.delete(dir.resolve("cache"));
        ComposerAttachments composer = vm.attachments();
        RenderBenchmark.nextFrame();
        FxFrames.Result r = frames.measure(() -> {
            RenderBenchmark.onFxQuiet(() -> composer.attach(paths));
            AtomicBoolean ready = new AtomicBoolean();
            while (!ready.get()) {
                RenderBenchmark.onFxQuiet(() -> ready.set(composer.pending().size() == paths.size()
                        && !composer.busyProperty().get()
                        && composer.pending().stream().allMatch(p -> p.attachmentProperty().get() != null)));
                sleep(20);
            }
        });
        RenderBenchmark.onFx(() -> List.copyOf(composer.pending()).forEach(composer::remove));
        return new double[] {r.longestPulseCpuMs, r.p99PulseCpuMs, r.seconds};
    }

    private static double[] row(String label, List<double[]> runs) {
        double longest = median(runs, 0);
        double max = runs.stream().mapToDouble(r -> r[0]).max().orElse(0);
        System.out.printf("%-44s %12.1f %12.1f %12.1f %10.0f%n", label, longest, max, median(runs, 1),
                median(runs, 2) * 1000);
        return new double[] {longest, max};
    }

    private void scrolling(ConversationViewModel vm, Workspace workspace, Path dir) throws Exception {
        AttachmentStore store = new AttachmentStore(dir);
        Session warmUp = chat(photos(store, 1000));
        Session withPhotos = chat(photos(store, 0));
        Session plain = chat(List.of());
        workspace.store().put(warmUp);
        workspace.store().put(withPhotos);
        workspace.store().put(plain);
        // the first scroll of all loads the strip's classes and compiles its code: done on other photos, so
        // the first measured round is what a chat not seen before costs (every thumbnail made and decoded)
        double veryFirst = scrollOnce(vm, warmUp);
        scrollOnce(vm, plain);
        List<Double> photoBusy = new ArrayList<>();
        List<Double> plainBusy = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            photoBusy.add(scrollOnce(vm, withPhotos));
            plainBusy.add(scrollOnce(vm, plain));
        }
        System.out.printf("%nscrolling a %d-message chat top to bottom, 400 px a frame, %d rounds (FX busy %%; load"
                + " average %s)%n", MESSAGES, ROUNDS, VersionSwitchBenchmark.load());
        System.out.printf("(the very first scroll of the run, other photos, classes loaded and compiled as it went:"
                + " %.1f%%)%n", veryFirst);
        System.out.printf("%-44s %10s %12s %10s%n", "chat", "first", "median rest", "median");
        double[] p = scrollRow(PHOTOS + " questions with a photo", photoBusy);
        double[] b = scrollRow("the same without photos (baseline)", plainBusy);
        System.out.printf("ratio photos / none: first round %.2f, warm rounds %.2f, all rounds %.2f; target (<= 1.5): %s%n",
                p[0] / b[0], p[1] / b[1], p[2] / b[2], p[2] / b[2] <= 1.5 ? "met" : "NOT met");
    }

    /** {@value #PHOTOS} photos, each its own picture (seeded from {@code first}), in the store. */
    private static List<Attachment> photos(AttachmentStore store, int first) throws Exception {
        List<Attachment> photos = new ArrayList<>();
        for (int i = first; i < first + PHOTOS; i++) {
            photos.add(store.store(photoJpeg(1600, 1200, i), "photo-" + (i + 1) + ".jpg"));
        }
        return photos;
    }

    private double scrollOnce(ConversationViewModel vm, Session session) throws Exception {
        RenderBenchmark.onFx(() -> vm.showSession(session.id()));
        RenderBenchmark.nextFrame();
        RenderBenchmark.nextFrame();
        FxFrames.Result r = frames.measure(() -> FxFrames.scrollThrough(stage));
        return r.fxBusyMsPerSecond / 10; // per cent
    }

    private static double[] scrollRow(String label, List<Double> busy) {
        List<double[]> runs = new ArrayList<>();
        busy.forEach(b -> runs.add(new double[] {b}));
        double rest = median(runs.subList(1, runs.size()), 0);
        double all = median(runs, 0);
        System.out.printf("%-44s %9.1f%% %11.1f%% %9.1f%%%n", label, busy.get(0), rest, all);
        return new double[] {busy.get(0), rest, all};
    }

    /** A chat of questions and markdown replies; every other question carries the next photo while they last. */
    private static Session chat(List<Attachment> photos) {
        Instant at = Instant.parse("2026-12-06T00:00:00Z");
        List<Message> messages = new ArrayList<>();
        String reply = String.join("", RenderBenchmark.reply(120));
        int photo = 0;
        String parent = null;
        for (int i = 0; i < MESSAGES; i++) {
            Message m;
            if (i % 2 == 0) {
                List<Attachment> attached = (i / 2) % 2 == 0 && photo < photos.size()
                        ? List.of(photos.get(photo++)) : List.of();
                m = Message.user(Ids.next(), "Question " + i + ": what is in this picture?", at, attached);
            } else {
                m = new Message(Ids.next(), Role.ASSISTANT, reply, MessageStatus.COMPLETE, at, "demo/demo", null);
            }
            m = m.withParent(parent);
            parent = m.id();
            messages.add(m);
        }
        return new Session(Ids.next(), photos.isEmpty() ? "Without photos" : "With photos", at, at, messages);
    }

    private static double median(List<double[]> runs, int column) {
        List<Double> values = new ArrayList<>();
        runs.forEach(r -> values.add(r[column]));
        Collections.sort(values);
        return values.isEmpty() ? 0 : values.get(values.size() / 2);
    }

    private static byte[] noisePng(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(16);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return encode(image, "png");
    }

    /** A photo-like JPEG: a sky and a sea in gradients, and some grain. */
    private static byte[] photoJpeg(int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Random random = new Random(seed);
        g.setPaint(new GradientPaint(0, 0, new Color(90 + seed % 100, 150, 220), 0, height / 2f, new Color(200, 225, 245)));
        g.fillRect(0, 0, width, height / 2);
        g.setPaint(new GradientPaint(0, height / 2f, new Color(40, 90, 140), 0, height, new Color(20, 50, 90)));
        g.fillRect(0, height / 2, width, height / 2);
        for (int i = 0; i < 4000; i++) {
            g.setColor(new Color(random.nextInt(0x1000000)));
            g.fillRect(random.nextInt(width), random.nextInt(height), 3, 3);
        }
        g.dispose();
        return encode(image, "jpg");
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    /** A text PDF: 60 lines a page. */
    private static byte[] textPdf(int pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 1; p <= pages; p++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 9);
                    content.setLeading(11);
                    content.newLineAtOffset(50, 740);
                    for (int line = 1; line <= 60; line++) {
                        content.showText("Page " + p + ", line " + line + ": the tide turns at twenty past two.");
                        content.newLine();
                    }
                    content.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
