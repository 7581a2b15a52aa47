package dev.tidemark.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImagesTest {

    /** What Anthropic takes (ADR 10 §1). */
    private static final Set<String> ANTHROPIC = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    /** A service that takes no WebP (Ollama, vLLM, llama.cpp). */
    private static final Set<String> NO_WEBP = Set.of("image/png", "image/jpeg", "image/gif");
    private static final long FIVE_MB = 5L * 1024 * 1024;
    private static final long TWENTY_MB = 20L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void anImageWithinEveryLimitIsSentAsItIs() throws IOException {
        byte[] png = TestMedia.png(TestMedia.picture(800, 600, BufferedImage.TYPE_INT_RGB));

        Images.Encoded fitted = Images.fit(png, "image/png", 1568, 1_150_000, FIVE_MB, ANTHROPIC);

        assertThat(fitted.bytes()).isSameAs(png);
        assertThat(fitted).extracting(Images.Encoded::mediaType, Images.Encoded::width, Images.Encoded::height)
                .containsExactly("image/png", 800, 600);
    }

    @Test
    void aLargePhotoIsScaledToTheLongSideAndThePixelLimit() throws IOException {
        byte[] png = TestMedia.png(TestMedia.picture(4000, 3000, BufferedImage.TYPE_INT_RGB));

        Images.Encoded anthropic = Images.fit(png, "image/png", 1568, 1_150_000, FIVE_MB, ANTHROPIC);
        BufferedImage decoded = TestMedia.read(anthropic.bytes());

        assertThat(anthropic.mediaType()).isEqualTo("image/png");
        assertThat(Math.max(decoded.getWidth(), decoded.getHeight())).isLessThanOrEqualTo(1568);
        assertThat((long) decoded.getWidth() * decoded.getHeight()).isLessThanOrEqualTo(1_150_000).isGreaterThan(1_100_000);
        assertThat(decoded.getWidth() * 3).isCloseTo(decoded.getHeight() * 4, org.assertj.core.data.Offset.offset(4));
        assertThat(new int[] {anthropic.width(), anthropic.height()}).containsExactly(decoded.getWidth(), decoded.getHeight());
        assertThat(new Color(decoded.getRGB(decoded.getWidth() / 2, decoded.getHeight() / 2))).isEqualTo(Color.RED);

        Images.Encoded openAi = Images.fit(png, "image/png", 2048, Long.MAX_VALUE, TWENTY_MB, ANTHROPIC);
        assertThat(new int[] {openAi.width(), openAi.height()}).containsExactly(2048, 1536);
        BufferedImage large = TestMedia.read(openAi.bytes());
        assertThat(new int[] {large.getWidth(), large.getHeight()}).containsExactly(2048, 1536);
    }

    @Test
    void aPngOverTheByteLimitBecomesAJpegUnderIt() throws IOException {
        byte[] noise = TestMedia.png(TestMedia.noise(1400, 1400, 16));
        assertThat((long) noise.length).isGreaterThan(FIVE_MB);

        Images.Encoded fitted = Images.fit(noise, "image/png", 2048, Long.MAX_VALUE, FIVE_MB, ANTHROPIC);

        assertThat(fitted.mediaType()).isEqualTo("image/jpeg");
        assertThat((long) fitted.bytes().length).isLessThanOrEqualTo(FIVE_MB);
        assertThat(TestMedia.read(fitted.bytes()).getWidth()).isEqualTo(1400);
    }

    @Test
    void whenEvenTheJpegIsOverTheLimitTheImageShrinksUntilItFits() throws IOException {
        byte[] noise = TestMedia.png(TestMedia.noise(1000, 800, 7));

        Images.Encoded fitted = Images.fit(noise, "image/png", 2048, Long.MAX_VALUE, 100_000, ANTHROPIC);

        assertThat(fitted.mediaType()).isEqualTo("image/jpeg");
        assertThat(fitted.bytes().length).isLessThanOrEqualTo(100_000);
        assertThat(fitted.width()).isLessThan(1000);
        assertThat(TestMedia.read(fitted.bytes()).getWidth()).isEqualTo(fitted.width());
    }

    @Test
    void aJpegStaysAJpegWhenScaled() throws IOException {
        byte[] jpeg = TestMedia.jpeg(TestMedia.picture(3000, 2000, BufferedImage.TYPE_3BYTE_BGR));

        Images.Encoded fitted = Images.fit(jpeg, "image/jpeg", 1568, 1_150_000, FIVE_MB, ANTHROPIC);

        assertThat(fitted.mediaType()).isEqualTo("image/jpeg");
        assertThat(fitted.bytes()).startsWith(0xFF, 0xD8, 0xFF);
        assertThat(fitted.width()).isLessThanOrEqualTo(1568);
        assertThat((long) fitted.width() * fitted.height()).isLessThanOrEqualTo(1_150_000);
    }

    @Test
    void transparencyIsPutOnWhiteInAJpeg() throws IOException {
        BufferedImage image = new BufferedImage(600, 600, BufferedImage.TYPE_INT_ARGB);
        BufferedImage noise = TestMedia.noise(300, 600, 3);
        image.createGraphics().drawImage(noise, 300, 0, null); // the left half stays transparent
        byte[] png = TestMedia.png(image);

        Images.Encoded fitted = Images.fit(png, "image/png", 2048, Long.MAX_VALUE, png.length / 2, ANTHROPIC);

        assertThat(fitted.mediaType()).isEqualTo("image/jpeg");
        Color left = new Color(TestMedia.read(fitted.bytes()).getRGB(100, 300));
        assertThat(left.getRed() + left.getGreen() + left.getBlue()).isGreaterThan(3 * 245);
    }

    @Test
    void anAnimatedGifIsSentAsItsFirstFrame() throws IOException {
        byte[] gif = animatedGif(solid(120, 80, Color.RED), solid(120, 80, Color.BLUE));

        Images.Encoded fitted = Images.fit(gif, "image/gif", 1568, 1_150_000, FIVE_MB, ANTHROPIC);

        assertThat(fitted.mediaType()).isEqualTo("image/png");
        assertThat(new Color(TestMedia.read(fitted.bytes()).getRGB(60, 40))).isEqualTo(Color.RED);

        byte[] still = TestMedia.gif(solid(120, 80, Color.GREEN));
        assertThat(Images.fit(still, "image/gif", 1568, 1_150_000, FIVE_MB, ANTHROPIC).bytes()).isSameAs(still);
    }

    @Test
    void aWebpIsSentAsItIsWhereTakenAndAsPngElsewhere() throws IOException {
        for (String name : new String[] {"tide-lossy.webp", "tide-lossless.webp"}) {
            byte[] webp = fixture(name);

            assertThat(Images.fit(webp, "image/webp", 1568, 1_150_000, FIVE_MB, ANTHROPIC).bytes()).isSameAs(webp);

            Images.Encoded png = Images.fit(webp, "image/webp", 2048, Long.MAX_VALUE, TWENTY_MB, NO_WEBP);
            assertThat(png.mediaType()).as(name).isEqualTo("image/png");
            BufferedImage decoded = TestMedia.read(png.bytes());
            assertThat(new int[] {decoded.getWidth(), decoded.getHeight()}).containsExactly(48, 32);
            Color centre = new Color(decoded.getRGB(24, 16)); // the red circle ImageMagick drew
            assertThat(centre.getRed()).as(name).isGreaterThan(200);
            assertThat(centre.getBlue()).as(name).isLessThan(60);
        }
    }

    @Test
    void bytesThatAreNoImageAreRefusedInWords() {
        byte[] text = "not an image at all".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Images.fit(text, "image/png", 1568, 1_150_000, FIVE_MB, ANTHROPIC))
                .isInstanceOf(IOException.class).hasMessage(ImageCodec.UNREADABLE);
        byte[] png = TestMedia.png(TestMedia.picture(50, 50, BufferedImage.TYPE_INT_RGB));
        byte[] truncated = java.util.Arrays.copyOf(png, 60);
        assertThatThrownBy(() -> Images.fit(truncated, "image/png", 20, 1_150_000, FIVE_MB, ANTHROPIC))
                .isInstanceOf(IOException.class).hasMessage(ImageCodec.UNREADABLE);
    }

    @Test
    void aThumbnailOfAHugePhotoIsDecodedSubsampled() throws IOException {
        Path photo = dir.resolve("photo.jpg");
        Files.write(photo, TestMedia.jpeg(TestMedia.picture(8000, 6000, BufferedImage.TYPE_3BYTE_BGR)));

        assertThat(ImageCodec.subsampling(8000, 6000, 256)).isEqualTo(15);
        Images.Decoded decoded = Images.decodeForThumbnail(photo, 256, () -> false);
        assertThat(new int[] {decoded.width(), decoded.height()}).containsExactly(8000, 6000);
        assertThat(new int[] {decoded.image().getWidth(), decoded.image().getHeight()}).containsExactly(534, 400);

        Images.Encoded thumbnail = Images.thumbnail(photo, "image/jpeg", 256, () -> false);
        assertThat(thumbnail.mediaType()).isEqualTo("image/png");
        BufferedImage shown = TestMedia.read(thumbnail.bytes());
        assertThat(new int[] {shown.getWidth(), shown.getHeight()}).containsExactly(256, 192)
                .containsExactly(thumbnail.width(), thumbnail.height());
        Color centre = new Color(shown.getRGB(128, 96)); // the red circle, through JPEG
        assertThat(centre.getRed()).isGreaterThan(240);
        assertThat(centre.getGreen() + centre.getBlue()).isLessThan(30);
    }

    @Test
    void subsamplingKeepsTwiceTheTargetAndNeverLess() {
        assertThat(ImageCodec.subsampling(100, 80, 256)).isEqualTo(1);
        assertThat(ImageCodec.subsampling(600, 400, 256)).isEqualTo(1);
        assertThat(ImageCodec.subsampling(4000, 3000, 1238)).isEqualTo(1);
        assertThat(ImageCodec.subsampling(3000, 8000, 1568)).isEqualTo(2);
        for (int side = 1; side < 20_000; side += 37) {
            int period = ImageCodec.subsampling(side, side / 2 + 1, 256);
            assertThat((side + period - 1) / period).isGreaterThanOrEqualTo(Math.min(side, 512));
        }
    }

    @Test
    void thumbnailsOfSmallImagesWebpAndGifKeepTheirSize() throws IOException {
        Path webp = dir.resolve("tide.webp");
        Files.write(webp, fixture("tide-lossy.webp"));
        assertThat(Images.thumbnail(webp, "image/webp", 64, () -> false))
                .extracting(Images.Encoded::width, Images.Encoded::height).containsExactly(48, 32);
        assertThat(Images.thumbnail(webp, "image/webp", 24, () -> false))
                .extracting(Images.Encoded::width, Images.Encoded::height).containsExactly(24, 16);

        Path gif = dir.resolve("moving.gif");
        Files.write(gif, animatedGif(solid(300, 100, Color.RED), solid(300, 100, Color.BLUE)));
        Images.Encoded thumbnail = Images.thumbnail(gif, "image/gif", 150, () -> false);
        assertThat(new int[] {thumbnail.width(), thumbnail.height()}).containsExactly(150, 50);
        assertThat(new Color(TestMedia.read(thumbnail.bytes()).getRGB(75, 25))).isEqualTo(Color.RED);
    }

    @Test
    void aPdfThumbnailIsItsFirstPage() throws IOException {
        Path pdf = dir.resolve("tides.pdf");
        Files.write(pdf, TestMedia.textPdf(3));

        Images.Encoded thumbnail = Images.thumbnail(pdf, "application/pdf", 128, () -> false);

        BufferedImage page = TestMedia.read(thumbnail.bytes());
        assertThat(page.getHeight()).isEqualTo(128).isEqualTo(thumbnail.height());
        assertThat(page.getWidth()).isBetween(97, 100); // Letter: 612 × 792 pt
    }

    @Test
    void aThumbnailIsCancelledBeforeAndAfterDecoding() throws IOException {
        Path photo = dir.resolve("photo.png");
        Files.write(photo, TestMedia.png(TestMedia.picture(900, 600, BufferedImage.TYPE_INT_RGB)));
        Path pdf = dir.resolve("tides.pdf");
        Files.write(pdf, TestMedia.textPdf(1));

        assertThatThrownBy(() -> Images.thumbnail(photo, "image/png", 64, () -> true))
                .isInstanceOf(CancellationException.class);
        AtomicInteger asked = new AtomicInteger();
        assertThatThrownBy(() -> Images.thumbnail(photo, "image/png", 64, () -> asked.incrementAndGet() > 1))
                .isInstanceOf(CancellationException.class);
        AtomicInteger askedPdf = new AtomicInteger();
        assertThatThrownBy(() -> Images.thumbnail(pdf, "application/pdf", 64, () -> askedPdf.incrementAndGet() > 1))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void aMissingFileIsSaidInWords() {
        Path missing = dir.resolve("gone.png");
        assertThatThrownBy(() -> Images.thumbnail(missing, "image/png", 64, () -> false))
                .isInstanceOf(IOException.class).hasMessage(Images.MISSING);
        assertThatThrownBy(() -> Images.thumbnail(missing, "application/pdf", 64, () -> false))
                .isInstanceOf(IOException.class).hasMessage(Images.MISSING);
    }

    private static BufferedImage solid(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static byte[] animatedGif(BufferedImage... frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        }
        writer.dispose();
        return bytes.toByteArray();
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ImagesTest.class.getResourceAsStream("/fixtures/media/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
