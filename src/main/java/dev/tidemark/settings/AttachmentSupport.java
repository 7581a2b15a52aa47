package dev.tidemark.settings;

import java.util.Optional;

/**
 * What the models of a provider take as attachments, as the user set it (ADR 10 §2). Anything but
 * {@link #GUESS} holds for every model of the provider; {@code GUESS} leaves it to the model's name.
 */
public enum AttachmentSupport {
    /** Judged per model, from its name (unknown models are tried). */
    GUESS("guess", "Guess from the model's name"),
    /** Images, and PDFs where the service takes them as documents (else their text). */
    IMAGES_AND_PDF("images-and-pdf", "Images and PDFs"),
    /** Images; PDFs go as their text. */
    IMAGES("images", "Images (PDFs as their text)"),
    /** No images; PDFs go as their text. */
    TEXT_ONLY("text-only", "Text only (PDFs as their text)");

    private final String wireName;
    private final String label;

    AttachmentSupport(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    /** How settings.json spells it. */
    public String wireName() {
        return wireName;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    public static Optional<AttachmentSupport> fromWireName(String name) {
        return WireNames.find(values(), AttachmentSupport::wireName, name);
    }
}
