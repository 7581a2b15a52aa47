package dev.tidemark.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file attached to a message, kept content-addressed in the data directory's
 * {@code attachments/<sha256>} (the bytes never live in a session file or the journal).
 *
 * @param name      the file's base name as the person attached it (what is shown, and what a model is told)
 * @param mediaType the real type, from the bytes: {@code image/png}, {@code image/jpeg}, {@code image/gif},
 *                  {@code image/webp}, {@code application/pdf}, or a {@code text/…} type for UTF-8 text
 * @param size      the number of bytes
 * @param sha256    the SHA-256 of the bytes, 64 lowercase hex digits
 */
public record Attachment(String name, String mediaType, long size, String sha256) {

    /** The largest file that can be attached (20 MiB). */
    public static final long MAX_BYTES = 20L * 1024 * 1024;

    /** The largest text file that can be attached (1 MiB): it goes into the request as text. */
    public static final long MAX_TEXT_BYTES = 1024L * 1024;

    /** How many files one message can carry. */
    public static final int MAX_PER_MESSAGE = 10;

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public Attachment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(sha256, "sha256");
        if (!isHash(sha256)) {
            throw new IllegalArgumentException("Not a SHA-256 in lowercase hex: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("Negative size: " + size);
        }
    }

    /** True for 64 lowercase hex digits, the only names the attachment store gives its files. */
    public static boolean isHash(String s) {
        return s != null && HASH.matcher(s).matches();
    }

    public boolean isImage() {
        return mediaType.startsWith("image/");
    }

    public boolean isPdf() {
        return mediaType.equals("application/pdf");
    }

    public boolean isText() {
        return mediaType.startsWith("text/");
    }
}
