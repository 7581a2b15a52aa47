package dev.tidemark.media;

import dev.tidemark.model.AttachmentRefusedException;

/**
 * Finds a file's real type from its bytes, fed in order as they are read (the store hashes and
 * sniffs in one pass): PNG, JPEG, GIF, WebP and PDF by their signatures; otherwise text when every
 * byte decodes as strict UTF-8 with no NUL ({@code text/plain}, or {@code text/markdown},
 * {@code text/csv}, {@code text/html}, {@code text/x-<language>} by the name's extension).
 */
public final class MediaSniffer {

    private final String name;

    /** @param name the file's base name (used for text subtypes and in the refusal's words) */
    public MediaSniffer(String name) {
        this.name = name;
    }

    public void update(byte[] bytes, int offset, int length) {
        throw new UnsupportedOperationException("MediaSniffer: being built (issue 16)");
    }

    /**
     * The type, once every byte was fed.
     *
     * @throws AttachmentRefusedException for any other binary file, naming it
     */
    public String mediaType() throws AttachmentRefusedException {
        throw new UnsupportedOperationException("MediaSniffer: being built (issue 16)");
    }

    public String name() {
        return name;
    }
}
