package dev.tidemark.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Derived forms of stored attachments, kept under {@code <data dir>/cache/attachments/} by hash so
 * that a scrolled chat or a re-sent turn decodes nothing twice: thumbnails (PNG) and PDFs' text.
 * A cache only: rebuildable, never referenced, not checked by {@code fsck}; a damaged entry is
 * made again. Every method touches the disk: call it on a worker thread.
 */
public final class MediaCache {

    private final Path directory;

    /** @param dataDirectory the data directory (the cache is its {@code cache/attachments/}) */
    public MediaCache(Path dataDirectory) {
        this.directory = dataDirectory.resolve("cache").resolve("attachments");
    }

    /**
     * A PNG thumbnail of a stored image or PDF (first page), at most {@code maxSide} px on its long side.
     *
     * @param original the stored file ({@code AttachmentStore.path(sha256)})
     */
    public Images.Encoded thumbnail(Path original, String sha256, String mediaType, int maxSide,
                                    BooleanSupplier cancelled) throws IOException {
        throw new UnsupportedOperationException("MediaCache.thumbnail: being built (issue 16)");
    }

    /** A stored PDF's text (extracted once, then read from the cache), with progress, cancellable between pages. */
    public Pdfs.Text pdfText(Path original, String sha256, Pdfs.Progress progress, BooleanSupplier cancelled)
            throws IOException {
        throw new UnsupportedOperationException("MediaCache.pdfText: being built (issue 16)");
    }

    public Path directory() {
        return directory;
    }
}
