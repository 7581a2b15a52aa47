package dev.tidemark.app;

import dev.tidemark.journal.AtomicFiles;
import dev.tidemark.media.Images;
import dev.tidemark.media.MediaCache;
import dev.tidemark.media.Pdfs;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.ui.chat.AttachmentFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The window's attachment files: the attachment store, the media cache (thumbnails, PDF text), and
 * copies for the system's application under {@code <data dir>/cache/open/<sha256>/<name>} (the
 * store's files have no extension, so the desktop would not know what opens them). Called on
 * worker threads only.
 */
public final class DesktopAttachments implements AttachmentFiles {

    private final AttachmentStore store;
    private final MediaCache cache;
    private final Path openFolder;

    public DesktopAttachments(Path dataDirectory) {
        this.store = new AttachmentStore(dataDirectory);
        this.cache = new MediaCache(dataDirectory);
        this.openFolder = dataDirectory.resolve("cache").resolve("open");
    }

    @Override
    public Attachment store(Path file, AttachmentStore.Progress progress, BooleanSupplier cancelled)
            throws AttachmentRefusedException {
        return store.store(file, progress, cancelled);
    }

    @Override
    public Attachment store(byte[] bytes, String name) throws AttachmentRefusedException {
        return store.store(bytes, name);
    }

    @Override
    public Images.Encoded thumbnail(Attachment attachment, int maxSide, BooleanSupplier cancelled)
            throws AttachmentRefusedException, IOException {
        Optional<String> problem = problem(attachment);
        if (problem.isPresent()) {
            throw new AttachmentRefusedException(problem.get());
        }
        return cache.thumbnail(store.path(attachment.sha256()), attachment.sha256(), attachment.mediaType(), maxSide,
                cancelled);
    }

    @Override
    public void readPdf(Attachment attachment, Pdfs.Progress progress, BooleanSupplier cancelled)
            throws AttachmentRefusedException, IOException {
        Optional<String> problem = problem(attachment);
        if (problem.isPresent()) {
            throw new AttachmentRefusedException(problem.get());
        }
        cache.pdfText(store.path(attachment.sha256()), attachment.sha256(), progress, cancelled);
    }

    /** Cheap: the file is there and of the size attached (its hash is fsck's to check). */
    @Override
    public Optional<String> problem(Attachment attachment) {
        Path file = store.path(attachment.sha256());
        try {
            if (Files.size(file) != attachment.size()) {
                return Optional.of(attachment.name() + " is damaged in Tidemark's data folder: it is no longer"
                        + " the file that was attached. Restore it from a backup or an export.");
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of(attachment.name() + " is missing from Tidemark's data folder. Restore it from a"
                    + " backup or an export.");
        } catch (IOException e) {
            return Optional.of(attachment.name() + " cannot be read from Tidemark's data folder.");
        }
    }

    @Override
    public String openable(Attachment attachment) throws AttachmentRefusedException {
        byte[] bytes = store.read(attachment); // checked against its hash: what opens is what was attached
        Path folder = openFolder.resolve(attachment.sha256());
        Path copy = folder.resolve(safeName(attachment.name()));
        try {
            if (!Files.isRegularFile(copy) || Files.size(copy) != bytes.length) {
                Files.createDirectories(folder, AtomicFiles.ownerOnlyDirectory(folder));
                Path temp = folder.resolve("opening-" + java.util.UUID.randomUUID() + AttachmentStore.PART);
                Files.write(temp, bytes);
                Files.move(temp, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new AttachmentRefusedException(attachment.name() + " could not be copied for opening ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ").", e);
        }
        return copy.toUri().toString();
    }

    /** The base name without path separators or control characters (it came from another machine, maybe). */
    static String safeName(String name) {
        String clean = name.replaceAll("[/\\\\\\p{Cntrl}]", "_").strip();
        return clean.isEmpty() || clean.equals(".") || clean.equals("..") ? "attachment" : clean;
    }
}
