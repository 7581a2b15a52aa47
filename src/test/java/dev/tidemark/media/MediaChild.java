package dev.tidemark.media;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link PdfBoxOutputTest}: reads the text of the PDF it is given and draws
 * its thumbnail, and prints one line on stdout. Whatever PDFBox logs shows on the child's stderr.
 */
public final class MediaChild {

    private MediaChild() {
    }

    public static void main(String[] args) throws Exception {
        Path pdf = Path.of(args[0]);
        Pdfs.Text text = Pdfs.text(Files.readAllBytes(pdf), Pdfs.Progress.NONE, () -> false);
        Images.Encoded thumbnail = Images.thumbnail(pdf, "application/pdf", 64, () -> false);
        System.out.println("pages " + text.pages() + " thumbnail " + thumbnail.width() + "x" + thumbnail.height());
    }
}
