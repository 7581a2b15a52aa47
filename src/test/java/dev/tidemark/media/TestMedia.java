package dev.tidemark.media;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Real image and PDF bytes made with the JDK's ImageIO writers and PDFBox, for the media tests. */
final class TestMedia {

    private TestMedia() {
    }

    /** An opaque picture (stripes and a circle) of the given size. */
    static BufferedImage picture(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 90, 160));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(240, 200, 40));
        for (int x = 0; x < width; x += Math.max(2, width / 20)) {
            g.fillRect(x, 0, Math.max(1, width / 40), height);
        }
        g.setColor(Color.RED);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    /** Random pixels: PNG cannot compress them, so the file is about 3 bytes a pixel. */
    static BufferedImage noise(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    static byte[] png(BufferedImage image) {
        return write(image, "png");
    }

    static byte[] gif(BufferedImage image) {
        return write(image, "gif");
    }

    static byte[] jpeg(BufferedImage image) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            writer.dispose();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                if (!ImageIO.write(image, format, out)) {
                    throw new IllegalStateException("no " + format + " writer");
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage read(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    /** A text PDF: {@code pages} Letter pages, each with 40 lines naming its page. */
    static byte[] textPdf(int pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDFont font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 1; p <= pages; p++) {
                writePage(document, font, p);
            }
            return save(document);
        }
    }

    private static void writePage(PDDocument document, PDFont font, int number) throws IOException {
        PDPage page = new PDPage(PDRectangle.LETTER);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(font, 10);
            content.setLeading(14);
            content.newLineAtOffset(50, 740);
            for (int line = 1; line <= 40; line++) {
                content.showText("Page " + number + " line " + line + " of the tide table");
                content.newLine();
            }
            content.endText();
        }
    }

    /** A one-page PDF that needs {@code userPassword} to open ("" for one that opens without). */
    static byte[] protectedPdf(String ownerPassword, String userPassword) throws IOException {
        try (PDDocument document = new PDDocument()) {
            writePage(document, new PDType1Font(Standard14Fonts.FontName.HELVETICA), 1);
            StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, userPassword,
                    new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return save(document);
        }
    }

    /**
     * A PDF whose one page uses a Type 1 font that is neither embedded nor one of the standard 14:
     * PDFBox warns that it uses a fallback font, both when extracting text and when drawing.
     */
    static byte[] pdfWithMissingFont() throws IOException {
        try (PDDocument document = new PDDocument()) {
            COSDictionary dictionary = new COSDictionary();
            dictionary.setItem(COSName.TYPE, COSName.FONT);
            dictionary.setItem(COSName.SUBTYPE, COSName.TYPE1);
            dictionary.setName(COSName.BASE_FONT, "TidemarkNoSuchFont-Bold");
            PDResources resources = new PDResources();
            resources.put(COSName.getPDFName("F1"), new PDType1Font(dictionary));
            PDPage page = new PDPage(PDRectangle.A4);
            page.setResources(resources);
            page.setContents(new PDStream(document, new ByteArrayInputStream(
                    "BT /F1 12 Tf 50 700 Td (Tide) Tj ET".getBytes(StandardCharsets.US_ASCII))));
            document.addPage(page);
            return save(document);
        }
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }
}
