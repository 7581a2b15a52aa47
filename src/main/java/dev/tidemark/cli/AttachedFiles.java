package dev.tidemark.cli;

import dev.tidemark.media.MediaSniffer;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The files of {@code chat --attach}, checked before anything is stored, sent or journaled: each
 * exists, is readable, is at most {@link Attachment#MAX_BYTES}, and is an image, a PDF or UTF-8
 * text of at most {@link Attachment#MAX_TEXT_BYTES}; and there are at most
 * {@link Attachment#MAX_PER_MESSAGE}. Reads each file once (hashing and sniffing it) and stores
 * nothing; the refusal's words name the file, as the store's would.
 */
final class AttachedFiles {

    private AttachedFiles() {
    }

    /**
     * What each file would be once attached, in the order given.
     *
     * @throws AttachmentRefusedException for the first file that cannot be attached, naming it
     */
    static List<Attachment> inspectAll(List<Path> files) throws AttachmentRefusedException {
        if (files.size() > Attachment.MAX_PER_MESSAGE) {
            Path extra = files.get(Attachment.MAX_PER_MESSAGE);
            throw new AttachmentRefusedException(name(extra) + " cannot be attached: a message can carry at most "
                    + Attachment.MAX_PER_MESSAGE + " files (" + files.size() + " were given with --attach).");
        }
        List<Attachment> inspected = new ArrayList<>();
        for (Path file : files) {
            inspected.add(inspect(file));
        }
        return inspected;
    }

    /**
     * What the file would be once attached: its base name, real type, size and SHA-256.
     *
     * @throws AttachmentRefusedException words naming the file and the reason
     */
    static Attachment inspect(Path file) throws AttachmentRefusedException {
        String name = name(file);
        if (Files.isDirectory(file)) {
            throw new AttachmentRefusedException(name + " cannot be attached: it is a folder, not a file.");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
        if (size > Attachment.MAX_BYTES) {
            throw new AttachmentRefusedException(name + " cannot be attached: it is " + megabytes(size)
                    + ", and a file can be at most " + megabytes(Attachment.MAX_BYTES) + ".");
        }
        MessageDigest sha = sha256();
        MediaSniffer sniffer = new MediaSniffer(name);
        long total = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > Attachment.MAX_BYTES) {
                    throw new AttachmentRefusedException(name + " cannot be attached: it grew past "
                            + megabytes(Attachment.MAX_BYTES) + " while it was read.");
                }
                sha.update(buffer, 0, n);
                sniffer.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw unreadable(name, e);
        }
        String mediaType = sniffer.mediaType(); // refuses any other binary, naming the file
        if (mediaType.startsWith("text/") && total > Attachment.MAX_TEXT_BYTES) {
            throw new AttachmentRefusedException(name + " cannot be attached: it is " + megabytes(total)
                    + " of text, and a text file can be at most " + megabytes(Attachment.MAX_TEXT_BYTES) + ".");
        }
        return new Attachment(name, mediaType, total, HexFormat.of().formatHex(sha.digest()));
    }

    private static AttachmentRefusedException unreadable(String name, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new AttachmentRefusedException(name + " cannot be attached: there is no such file.");
        }
        if (e instanceof AccessDeniedException) {
            return new AttachmentRefusedException(name + " cannot be attached: this user may not read it"
                    + " (permission denied).");
        }
        return new AttachmentRefusedException(name + " cannot be attached: it cannot be read"
                + (e.getMessage() == null ? "." : " (" + e.getMessage() + ")."));
    }

    private static String name(Path file) {
        Path fileName = file.getFileName();
        return fileName == null ? file.toString() : fileName.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java has no SHA-256", e);
        }
    }
}
