package dev.tidemark.media;

import dev.tidemark.model.AttachmentRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The type of a file from its bytes, fed as the store reads them: images made here with ImageIO,
 * a PDF's and a WebP's headers, UTF-8 text (also cut inside a character), and binaries refused.
 */
class MediaSnifferTest {

    static byte[] image(String format) throws IOException {
        BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        image.setRGB(2, 3, 0x3366cc);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("ImageIO writes " + format).isTrue();
        return out.toByteArray();
    }

    /** The bytes as the store feeds them: in pieces of {@code chunk}. */
    static String sniff(String name, byte[] bytes, int chunk) throws AttachmentRefusedException {
        MediaSniffer sniffer = new MediaSniffer(name);
        for (int i = 0; i < bytes.length; i += chunk) {
            sniffer.update(bytes, i, Math.min(chunk, bytes.length - i));
        }
        assertThat(sniffer.size()).isEqualTo(bytes.length);
        return sniffer.mediaType();
    }

    static String sniff(String name, byte[] bytes) throws AttachmentRefusedException {
        return sniff(name, bytes, 64 * 1024);
    }

    @Test
    void imagesMadeWithImageIoAreKnownByTheirSignatureWhateverTheirName() throws Exception {
        assertThat(sniff("photo.txt", image("png"))).isEqualTo("image/png");
        assertThat(sniff("photo", image("jpeg"))).isEqualTo("image/jpeg");
        assertThat(sniff("anim.png", image("gif"))).isEqualTo("image/gif");
        // fed a byte at a time: the signature is gathered across pieces
        assertThat(sniff("photo.png", image("png"), 1)).isEqualTo("image/png");
    }

    @Test
    void aPdfAndAWebpByTheirHeaders() throws Exception {
        byte[] pdf = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(sniff("report.pdf", pdf)).isEqualTo("application/pdf");
        byte[] webp = {'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 0x18, 0, 0, 0,
                (byte) 0x9d, 0x01, 0x2a};
        assertThat(sniff("pic.webp", webp)).isEqualTo("image/webp");
        assertThat(sniff("pic.webp", webp, 3)).isEqualTo("image/webp");
        byte[] wave = {'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' ', 0x10, 0, 0, 0};
        assertThatThrownBy(() -> sniff("sound.wav", wave)).isInstanceOf(AttachmentRefusedException.class);
    }

    @Test
    void utf8TextWithCharactersCutAtTheBufferBoundaryIsText() throws Exception {
        StringBuilder s = new StringBuilder();
        while (s.length() < 70_000) {
            s.append("Gezeiten \u00fc\u00e9 \u6f6e\u6c50 \ud83c\udf0a; ");
        }
        byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        // every way of cutting the 4-byte wave emoji and the 3-byte characters at the 64 KB boundary
        for (int shift = 0; shift < 8; shift++) {
            byte[] shifted = new byte[bytes.length - shift];
            System.arraycopy(bytes, shift, shifted, 0, shifted.length);
            // a shifted start may cut the first character: keep only from the first whole one
            int start = 0;
            while ((shifted[start] & 0xC0) == 0x80) {
                start++;
            }
            byte[] whole = java.util.Arrays.copyOfRange(shifted, start, shifted.length);
            assertThat(sniff("notes.md", whole)).as("shift " + shift).isEqualTo("text/markdown");
            assertThat(sniff("notes.py", whole, 7)).as("shift " + shift).isEqualTo("text/x-python");
        }
    }

    @Test
    void anEmptyFileIsPlainText() throws Exception {
        assertThat(sniff("empty.txt", new byte[0])).isEqualTo("text/plain");
        assertThat(sniff("README", "hello\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("text/plain");
        assertThat(sniff("data.CSV", "a,b\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("text/csv");
    }

    @Test
    void aNulByteMakesItBinaryAndRefused() {
        byte[] bytes = "text\u0000more text".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> sniff("blob.txt", bytes)).isInstanceOf(AttachmentRefusedException.class)
                .hasMessage("blob.txt cannot be attached: it is not an image (PNG, JPEG, GIF, WebP), a PDF or a text file.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"caf\u00e9 au lait", "caf\u00e9"}) // inside, and cut off at the end
    void latin1TextIsRefused(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> sniff("menu.txt", bytes)).isInstanceOf(AttachmentRefusedException.class)
                .hasMessageStartingWith("menu.txt cannot be attached");
    }

    @Test
    void aCharacterCutOffAtTheVeryEndIsRefused() {
        byte[] wave = "sea \ud83c\udf0a".getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(wave, wave.length - 1);
        assertThatThrownBy(() -> sniff("cut.txt", cut)).isInstanceOf(AttachmentRefusedException.class);
        assertThatThrownBy(() -> sniff("cut.txt", cut, 1)).isInstanceOf(AttachmentRefusedException.class);
    }

    @Test
    void aJpegCutToItsSignatureIsStillAJpegButAnUnknownBinaryIsRefused() throws Exception {
        assertThat(sniff("x.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})).isEqualTo("image/jpeg");
        assertThatThrownBy(() -> sniff("x.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8}))
                .isInstanceOf(AttachmentRefusedException.class);
        assertThatThrownBy(() -> sniff("app.exe", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}))
                .isInstanceOf(AttachmentRefusedException.class);
    }
}
