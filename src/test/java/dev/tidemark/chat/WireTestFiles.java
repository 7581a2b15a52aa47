package dev.tidemark.chat;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/** Real files for the attachment tests, made here with ImageIO and PDFBox. */
final class WireTestFiles {

    private WireTestFiles() {
    }

    static BufferedImage picture(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.drawLine(0, 0, width - 1, height - 1);
        g.dispose();
        return image;
    }

    static byte[] png(int width, int height, Color color) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(picture(width, height, color), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PDF whose page {@code n} says "Page n of the report". */
    static byte[] pdf(int pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int n = 1; n <= pages; n++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                    text.beginText();
                    text.setFont(font, 12);
                    text.newLineAtOffset(72, 700);
                    text.showText("Page " + n + " of the report");
                    text.endText();
                }
            }
            return save(document);
        }
    }

    /** A one-page PDF of about {@code bytes} bytes: the bulk is a metadata stream of random bytes. */
    static byte[] largePdf(int bytes, long seed) throws IOException {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            byte[] bulk = new byte[bytes];
            new Random(seed).nextBytes(bulk);
            document.getDocumentCatalog().setMetadata(new PDMetadata(document, new ByteArrayInputStream(bulk)));
            return save(document);
        }
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }
}
