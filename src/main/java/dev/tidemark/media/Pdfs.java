package dev.tidemark.media;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Reading PDFs (Apache PDFBox) off the FX thread: page count and text, cancellable between pages.
 *
 * <p>An {@link IOException}'s message is a phrase that follows the file's name, which the caller
 * puts in front ({@code "report.pdf " + e.getMessage()}): "is protected by a password…", "could not
 * be read as a PDF…". PDFBox keeps its streams in temporary files, not in the heap
 * ({@link IOUtils#createTempFileOnlyStreamCache()}).
 */
public final class Pdfs {

    /** The words after the name of a PDF that needs a password to open. */
    static final String PROTECTED = "is protected by a password. Remove the password (print it to a new PDF), then attach it again.";
    /** The words after the name of a file PDFBox cannot read. */
    static final String UNREADABLE = "could not be read as a PDF: it is damaged or not a PDF.";

    private Pdfs() {
    }

    /**
     * A PDF's text, page by page joined, and how many pages it has. Each page's text is preceded by
     * a line {@code --- page N ---} (N counted from 1), and pages are separated by a blank line, so
     * that a model (and a person reading an export) can tell which page a passage is on.
     */
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
        try (PDDocument document = load(new RandomAccessReadBuffer(pdf))) {
            return document.getNumberOfPages();
        }
    }

    /**
     * Every page's text, each page after a {@code --- page N ---} line (see {@link Text}).
     *
     * @throws java.util.concurrent.CancellationException when {@code cancelled} turned true (checked once a page)
     */
    public static Text text(byte[] pdf, Progress progress, BooleanSupplier cancelled) throws IOException {
        return text(new RandomAccessReadBuffer(pdf), progress, cancelled);
    }

    /** {@link #text(byte[], Progress, BooleanSupplier)} read from a file, not held in the heap. */
    static Text text(Path pdf, Progress progress, BooleanSupplier cancelled) throws IOException {
        return text(open(pdf), progress, cancelled);
    }

    private static Text text(RandomAccessRead source, Progress progress, BooleanSupplier cancelled)
            throws IOException {
        if (cancelled.getAsBoolean()) {
            source.close();
            throw new CancellationException("PDF text extraction cancelled");
        }
        try (PDDocument document = load(source)) {
            int total = document.getNumberOfPages();
            PagedStripper stripper = new PagedStripper(total, progress, cancelled);
            StringWriter out = new StringWriter();
            try {
                stripper.writeText(document, out);
            } catch (CancellationException | IOException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IOException(UNREADABLE, e); // a damaged content stream PDFBox did not expect
            }
            return new Text(total, out.toString());
        }
    }

    /**
     * The first page drawn so that its long side is about {@code maxSide} pixels (at least 1).
     *
     * @throws CancellationException when {@code cancelled} is true before or after drawing
     */
    static BufferedImage firstPage(Path pdf, int maxSide, BooleanSupplier cancelled) throws IOException {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("PDF thumbnail cancelled");
        }
        try (PDDocument document = load(open(pdf))) {
            if (document.getNumberOfPages() == 0) {
                throw new IOException("could not be shown: the PDF has no pages.");
            }
            PDPage page = document.getPage(0);
            PDRectangle box = page.getCropBox();
            float longSide = Math.max(box.getWidth(), box.getHeight());
            float dpi = longSide <= 0 ? 72 : maxSide * 72f / longSide;
            BufferedImage image;
            try {
                image = new PDFRenderer(document).renderImageWithDPI(0, dpi, ImageType.RGB);
            } catch (RuntimeException e) {
                throw new IOException(UNREADABLE, e);
            }
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("PDF thumbnail cancelled");
            }
            return image;
        }
    }

    private static RandomAccessRead open(Path pdf) throws IOException {
        try {
            return new RandomAccessReadBufferedFile(pdf.toFile());
        } catch (IOException | SecurityException e) {
            throw new IOException(Images.MISSING, e);
        }
    }

    /** Loads (and closes {@code source} when it cannot), the IOException's words made a person's. */
    private static PDDocument load(RandomAccessRead source) throws IOException {
        try {
            return Loader.loadPDF(source, "", null, null, IOUtils.createTempFileOnlyStreamCache());
        } catch (InvalidPasswordException e) {
            source.close();
            throw new IOException(PROTECTED, e);
        } catch (IOException | RuntimeException e) {
            source.close();
            throw new IOException(UNREADABLE, e);
        }
    }

    /** Writes a {@code --- page N ---} line before each page; checks {@code cancelled} there, tells progress after. */
    private static final class PagedStripper extends PDFTextStripper {
        private final int total;
        private final Progress progress;
        private final BooleanSupplier cancelled;

        PagedStripper(int total, Progress progress, BooleanSupplier cancelled) {
            this.total = total;
            this.progress = progress;
            this.cancelled = cancelled;
            setLineSeparator("\n");
        }

        @Override
        protected void startPage(PDPage page) throws IOException {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("PDF text extraction cancelled at page " + getCurrentPageNo());
            }
            int number = getCurrentPageNo();
            writeString((number > 1 ? getLineSeparator() : "") + "--- page " + number + " ---" + getLineSeparator());
        }

        @Override
        protected void endPage(PDPage page) throws IOException {
            progress.page(getCurrentPageNo(), total);
        }
    }
}
