package dev.tidemark.session;

import dev.tidemark.health.Problem;
import dev.tidemark.journal.AtomicFiles;
import dev.tidemark.media.MediaSniffer;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CancellationException;
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

    /** The ending of a file being copied in; one left over (a crash mid-copy) is removed at the next start. */
    public static final String PART = ".part";

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
        String name = nameOf(source);
        long size = sizeOf(source, name);
        try (InputStream in = Files.newInputStream(source)) {
            return copyIn(in, name, size, progress, cancelled);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /**
     * What a file would be once attached — its base name, real type, size and SHA-256 — checked as
     * {@link #store(Path, Progress, BooleanSupplier)} checks it, without keeping anything: for a
     * caller that refuses the whole message before storing any of its files.
     *
     * @throws AttachmentRefusedException words naming the file and the reason
     */
    public static Attachment inspect(Path source) throws AttachmentRefusedException {
        String name = nameOf(source);
        long size = sizeOf(source, name);
        try (InputStream in = Files.newInputStream(source)) {
            return read(in, name, size, null, Progress.NONE, () -> false);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    private static String nameOf(Path source) {
        Path fileName = source.getFileName();
        return fileName == null ? source.toString() : fileName.toString();
    }

    /** The file's size, checked against the limit; a folder, a missing or an unreadable file refused in words. */
    private static long sizeOf(Path source, String name) throws AttachmentRefusedException {
        if (Files.isDirectory(source)) {
            throw new AttachmentRefusedException(name + " cannot be attached: it is a folder, not a file.");
        }
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
        checkSize(name, size);
        return size;
    }

    private static AttachmentRefusedException unreadable(String name, IOException e) {
        return e instanceof NoSuchFileException
                ? new AttachmentRefusedException(name + " cannot be attached: there is no such file.")
                : new AttachmentRefusedException(name + " cannot be attached: it cannot be read ("
                + IoProblems.describe(e) + ").");
    }

    public Attachment store(Path source) throws AttachmentRefusedException {
        return store(source, Progress.NONE, () -> false);
    }

    /** Attaches bytes that have no file of their own (an image pasted from the clipboard), under {@code name}. */
    public Attachment store(byte[] bytes, String name) throws AttachmentRefusedException {
        checkSize(name, bytes.length);
        try {
            return copyIn(new ByteArrayInputStream(bytes), name, bytes.length, Progress.NONE, () -> false);
        } catch (IOException e) {
            throw new IllegalStateException(e); // reading an array does not fail; storing failed in words already
        }
    }

    private static void checkSize(String name, long size) throws AttachmentRefusedException {
        if (size > Attachment.MAX_BYTES) {
            throw new AttachmentRefusedException(name + " cannot be attached: it is " + sizes(size, Attachment.MAX_BYTES)
                    + ".");
        }
    }

    /**
     * "{@code <size>}, and a file can be at most {@code <limit>}", in megabytes; with the bytes too
     * when both round to the same figure (20.0 MB over a 20.0 MB limit would read as no reason).
     */
    private static String sizes(long size, long limit) {
        String a = megabytes(size);
        String b = megabytes(limit);
        if (a.equals(b)) {
            a += String.format(java.util.Locale.ROOT, " (%,d bytes)", size);
            b += String.format(java.util.Locale.ROOT, " (%,d bytes)", limit);
        }
        return a + ", and a file can be at most " + b;
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /**
     * Copies {@code in} into a temp file while hashing and sniffing it, forces it, then names it by
     * its hash. IOExceptions of {@code in} propagate; those of the store become words.
     */
    private Attachment copyIn(InputStream in, String name, long expectedSize, Progress progress,
                              BooleanSupplier cancelled) throws IOException, AttachmentRefusedException {
        Path temp;
        try {
            AtomicFiles.createDirectory(directory);
            temp = directory.resolve("incoming-" + UUID.randomUUID() + PART);
        } catch (IOException e) {
            throw cannotKeep(name, e);
        }
        boolean kept = false;
        try {
            try (FileChannel out = createTemp(name, temp)) {
                Attachment attachment = read(in, name, expectedSize, out, progress, cancelled);
                force(out, name);
                kept = place(temp, attachment);
                return attachment;
            }
        } finally {
            if (!kept) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a *.part leftover: removed at the next start, named by fsck
                }
            }
        }
    }

    /**
     * Reads {@code in} whole, hashing and sniffing it, checking the limits as it goes, and writing it
     * to {@code out} unless that is null. IOExceptions of {@code in} propagate; those of {@code out}
     * become words.
     */
    private static Attachment read(InputStream in, String name, long expectedSize, FileChannel out, Progress progress,
                                   BooleanSupplier cancelled) throws IOException, AttachmentRefusedException {
        MessageDigest sha = sha256();
        MediaSniffer sniffer = new MediaSniffer(name);
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("Attaching " + name + " was cancelled.");
            }
            total += n;
            if (total > Attachment.MAX_BYTES) {
                checkSize(name, total); // it grew while it was read
            }
            sha.update(buffer, 0, n);
            sniffer.update(buffer, 0, n);
            if (out != null) {
                write(out, buffer, n, name);
            }
            progress.done(total, Math.max(total, expectedSize));
        }
        String mediaType = sniffer.mediaType();
        if (mediaType.startsWith("text/") && total > Attachment.MAX_TEXT_BYTES) {
            throw new AttachmentRefusedException(name + " cannot be attached: it is "
                    + sizes(total, Attachment.MAX_TEXT_BYTES).replace(", and a file", " of text, and a text file")
                    + ".");
        }
        return new Attachment(name, mediaType, total, HexFormat.of().formatHex(sha.digest()));
    }

    private static FileChannel createTemp(String name, Path temp) throws AttachmentRefusedException {
        try {
            return AtomicFiles.createOwnerOnly(temp);
        } catch (IOException e) {
            throw cannotKeep(name, e);
        }
    }

    private static void write(FileChannel out, byte[] buffer, int n, String name) throws AttachmentRefusedException {
        try {
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
            while (b.hasRemaining()) {
                out.write(b);
            }
        } catch (IOException e) {
            throw cannotKeep(name, e);
        }
    }

    private static void force(FileChannel out, String name) throws AttachmentRefusedException {
        try {
            out.force(true);
        } catch (IOException e) {
            throw cannotKeep(name, e);
        }
    }

    /**
     * Names the forced temp file by its hash, unless an intact copy is there already.
     *
     * @return true when the temp became the stored file; false when an intact copy was kept (the
     *         finally of copyIn then removes the temp)
     */
    private boolean place(Path temp, Attachment attachment) throws AttachmentRefusedException {
        Path target = path(attachment.sha256());
        if (check(attachment) == State.INTACT) {
            return false;
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw cannotKeep(attachment.name(), e);
        }
        AtomicFiles.forceDirectory(directory);
        return true;
    }

    /** Words for a failure of the store itself: the reason only, never the temp file's path. */
    private static AttachmentRefusedException cannotKeep(String name, IOException e) {
        return new AttachmentRefusedException(name + " could not be kept in Tidemark's data folder (" + reason(e)
                + "). Nothing was attached.", e);
    }

    /** An I/O failure in a few words, without the file's path (the disk is full, permission denied, …). */
    static String reason(IOException e) {
        return Problem.isDiskFull(e) ? "the disk is full"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : IoProblems.describe(e);
    }

    /**
     * Removes the {@code *.part} files of stores cut short (a crash, a kill): only the owner of the
     * data directory, when it opens it, before anything is stored. The files named by a hash stay.
     *
     * @return how many were removed
     */
    public int removeLeftovers() {
        int removed = 0;
        for (Path part : leftovers()) {
            try {
                Files.deleteIfExists(part);
                removed++;
            } catch (IOException e) {
                // named by fsck, tried again at the next start
            }
        }
        if (removed > 0) {
            AtomicFiles.forceDirectory(directory);
        }
        return removed;
    }

    /** The {@code *.part} files in the folder: stores cut short. */
    public java.util.List<Path> leftovers() {
        return list().stream().filter(p -> p.getFileName().toString().endsWith(PART)).toList();
    }

    /** Every entry of the folder, sorted (none when it does not exist or cannot be listed). */
    public java.util.List<Path> list() {
        if (!Files.isDirectory(directory)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            return java.util.List.of();
        }
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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path(attachment.sha256()));
        } catch (NoSuchFileException e) {
            throw new AttachmentRefusedException(attachment.name() + " is missing from Tidemark's data folder ("
                    + FOLDER + "/" + attachment.sha256() + "). Restore it from a backup or an export, "
                    + "or remove the message that carries it.");
        } catch (IOException e) {
            throw new AttachmentRefusedException(attachment.name() + " cannot be read from Tidemark's data folder ("
                    + FOLDER + "/" + attachment.sha256() + ": " + reason(e) + ").", e);
        }
        if (bytes.length != attachment.size() || !attachment.sha256().equals(hash(bytes))) {
            throw new AttachmentRefusedException(attachment.name() + " is damaged in Tidemark's data folder: its bytes "
                    + "no longer match what was attached (" + FOLDER + "/" + attachment.sha256()
                    + "). Restore it from a backup or an export.");
        }
        return bytes;
    }

    /** Whether the stored file is there and its bytes still match the reference (reads it whole). */
    public State check(Attachment attachment) {
        Path file = path(attachment.sha256());
        try {
            if (!Files.isRegularFile(file)) {
                return State.MISSING;
            }
            if (Files.size(file) != attachment.size()) {
                return State.DAMAGED;
            }
            MessageDigest sha = sha256();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    sha.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(sha.digest()).equals(attachment.sha256()) ? State.INTACT : State.DAMAGED;
        } catch (NoSuchFileException e) {
            return State.MISSING;
        } catch (IOException e) {
            return State.DAMAGED;
        }
    }

    /** The SHA-256 of bytes, lowercase hex. */
    public static String hash(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java has no SHA-256", e);
        }
    }

    public Path directory() {
        return directory;
    }
}
