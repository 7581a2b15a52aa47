package dev.tidemark.session;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The attachments of every chat, content-addressed: {@code <data dir>/attachments/<sha256>} (64
 * lowercase hex digits, no extension, flat). A file is copied in while it is hashed and its type
 * sniffed (one read), forced, then renamed to its hash and the directory forced; a file already
 * there with the same hash is kept (one copy for every message that names it). Every method may
 * touch the disk: call it on a worker thread, never the FX thread. See ADR 10 §4.
 */
public final class AttachmentStore {

    public static final String FOLDER = "attachments";

    private final Path directory;

    public AttachmentStore(Path dataDirectory) {
        this.directory = dataDirectory.resolve(FOLDER);
    }

    /** What a stored file is: whole and matching its hash, missing, or changed since it was stored. */
    public enum State { INTACT, MISSING, DAMAGED }

    /** Told how far a long copy (or a PDF's reading) has come; may be called from the storing thread. */
    @FunctionalInterface
    public interface Progress {
        void done(long bytes, long total);

        Progress NONE = (bytes, total) -> {
        };
    }

    /**
     * Attaches a file: checks it (exists, readable, ≤ {@link Attachment#MAX_BYTES}, an image, a PDF
     * or UTF-8 text ≤ {@link Attachment#MAX_TEXT_BYTES}), copies it into the store and returns its
     * reference ({@code name} is the file's base name).
     *
     * @throws AttachmentRefusedException words naming the file and the reason; nothing is left
     *                                    half-stored (a temp file at most, removed)
     * @throws java.util.concurrent.CancellationException when {@code cancelled} turned true
     */
    public Attachment store(Path source, Progress progress, BooleanSupplier cancelled)
            throws AttachmentRefusedException {
        throw new UnsupportedOperationException("AttachmentStore.store: being built (issue 16)");
    }

    public Attachment store(Path source) throws AttachmentRefusedException {
        return store(source, Progress.NONE, () -> false);
    }

    /** Attaches bytes that have no file of their own (an image pasted from the clipboard), under {@code name}. */
    public Attachment store(byte[] bytes, String name) throws AttachmentRefusedException {
        throw new UnsupportedOperationException("AttachmentStore.store: being built (issue 16)");
    }

    /** Where the stored file for a hash is (it may be missing). */
    public Path path(String sha256) {
        if (!Attachment.isHash(sha256)) {
            throw new IllegalArgumentException("Not an attachment hash: " + sha256);
        }
        return directory.resolve(sha256);
    }

    /**
     * The bytes of an attachment, checked against its size and hash.
     *
     * @throws AttachmentRefusedException when it is missing or damaged (words naming it)
     */
    public byte[] read(Attachment attachment) throws AttachmentRefusedException {
        throw new UnsupportedOperationException("AttachmentStore.read: being built (issue 16)");
    }

    /** Whether the stored file is there and its bytes still match the reference (reads it whole). */
    public State check(Attachment attachment) {
        throw new UnsupportedOperationException("AttachmentStore.check: being built (issue 16)");
    }

    public Path directory() {
        return directory;
    }
}
