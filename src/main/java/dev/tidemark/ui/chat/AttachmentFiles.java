package dev.tidemark.ui.chat;

import dev.tidemark.media.Images;
import dev.tidemark.media.Pdfs;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.session.AttachmentStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What the conversation asks of the attachment files: store one, make its thumbnail, read a
 * PDF's text into the cache, and hand a copy to the system's application. The window's wiring
 * ({@code app}) provides it over the attachment store and the media cache; the view does no file
 * I/O itself. Every method may read or write the disk or decode: call it on a worker thread,
 * never the FX thread.
 */
public interface AttachmentFiles {

    /** Stores a file (see {@link AttachmentStore#store(Path, AttachmentStore.Progress, BooleanSupplier)}). */
    Attachment store(Path file, AttachmentStore.Progress progress, BooleanSupplier cancelled)
            throws AttachmentRefusedException;

    /** Stores bytes that have no file of their own (a pasted image) under {@code name}. */
    Attachment store(byte[] bytes, String name) throws AttachmentRefusedException;

    /**
     * A PNG thumbnail of a stored image or PDF (its first page), at most {@code maxSide} px on its long side.
     *
     * @throws AttachmentRefusedException when the stored file is missing or damaged (words naming it)
     * @throws IOException                when it cannot be decoded
     */
    Images.Encoded thumbnail(Attachment attachment, int maxSide, BooleanSupplier cancelled)
            throws AttachmentRefusedException, IOException;

    /** Reads a stored PDF's text into the cache (so sending it is quick), telling each page; cancellable. */
    void readPdf(Attachment attachment, Pdfs.Progress progress, BooleanSupplier cancelled)
            throws AttachmentRefusedException, IOException;

    /** Words saying why this stored attachment cannot be shown (missing, of another size); empty when it looks whole. */
    java.util.Optional<String> problem(Attachment attachment);

    /**
     * A copy of the stored file under its own name (the store's has no extension, so the system
     * would not know what opens it), as a URI for the system's application.
     *
     * @throws AttachmentRefusedException when it is missing or damaged, or cannot be copied (words)
     */
    String openable(Attachment attachment) throws AttachmentRefusedException;

    /** For a conversation without a data directory: nothing can be attached. */
    AttachmentFiles NONE = new AttachmentFiles() {
        private AttachmentRefusedException refused(String name) {
            return new AttachmentRefusedException(name + " cannot be attached here.");
        }

        @Override
        public Attachment store(Path file, AttachmentStore.Progress progress, BooleanSupplier cancelled)
                throws AttachmentRefusedException {
            throw refused(String.valueOf(file.getFileName()));
        }

        @Override
        public Attachment store(byte[] bytes, String name) throws AttachmentRefusedException {
            throw refused(name);
        }

        @Override
        public Images.Encoded thumbnail(Attachment attachment, int maxSide, BooleanSupplier cancelled)
                throws AttachmentRefusedException {
            throw refused(attachment.name());
        }

        @Override
        public void readPdf(Attachment attachment, Pdfs.Progress progress, BooleanSupplier cancelled) {
        }

        @Override
        public java.util.Optional<String> problem(Attachment attachment) {
            return java.util.Optional.of(attachment.name() + " cannot be shown here.");
        }

        @Override
        public String openable(Attachment attachment) throws AttachmentRefusedException {
            throw refused(attachment.name());
        }
    };
}
