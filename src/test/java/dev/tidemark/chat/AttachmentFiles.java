package dev.tidemark.chat;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Files to attach, made here with real encoders: a PNG by ImageIO, a one-page PDF written object by object, UTF-8 text. */
final class AttachmentFiles {

    private AttachmentFiles() {
    }

    /** A PNG of {@code width}×{@code height} whose pixels depend on {@code seed}. */
    static byte[] png(int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(seed * 40 % 256, 90, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.drawString("tide " + seed, 4, height / 2);
        g.dispose();
        image.setRGB(seed % width, 0, seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer");
        }
        return out.toByteArray();
    }

    /** A valid one-page PDF showing {@code line} (Helvetica), with a correct cross-reference table. */
    static byte[] pdf(String line) {
        String content = "BT /F1 14 Tf 20 60 Td (" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                + ") Tj ET\n";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 120] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + content.getBytes(StandardCharsets.US_ASCII).length + " >>\nstream\n" + content
                        + "endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format("%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes the three kinds into {@code dir}: photo.png, report.pdf, notes.py; returns their paths in that order. */
    static List<Path> threeKinds(Path dir, int seed) throws IOException {
        Files.createDirectories(dir);
        Path png = Files.write(dir.resolve("photo.png"), png(64, 48, seed));
        Path pdf = Files.write(dir.resolve("report.pdf"), pdf("Tide tables, page " + seed));
        Path text = Files.writeString(dir.resolve("notes.py"), "print('high water at " + seed + "')  # café ✓\n",
                StandardCharsets.UTF_8);
        return List.of(png, pdf, text);
    }
}
