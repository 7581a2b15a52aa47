package dev.tidemark.media;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/** Reading PDFs (Apache PDFBox) off the FX thread: page count and text, cancellable between pages. */
public final class Pdfs {

    private Pdfs() {
    }

    /** A PDF's text, page by page joined, and how many pages it has. */
    public record Text(int pages, String text) {
    }

    /** Told after each page. */
    @FunctionalInterface
    public interface Progress {
        void page(int done, int total);

        Progress NONE = (done, total) -> {
        };
    }

    /**
     * How many pages.
     *
     * @throws IOException with words a person can act on (not a PDF, protected by a password, damaged)
     */
    public static int pageCount(byte[] pdf) throws IOException {
        throw new UnsupportedOperationException("Pdfs.pageCount: being built (issue 16)");
    }

    /**
     * Every page's text.
     *
     * @throws java.util.concurrent.CancellationException when {@code cancelled} turned true (checked once a page)
     */
    public static Text text(byte[] pdf, Progress progress, BooleanSupplier cancelled) throws IOException {
        throw new UnsupportedOperationException("Pdfs.text: being built (issue 16)");
    }
}
