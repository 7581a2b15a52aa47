package dev.tidemark.model;

/**
 * A file that cannot be attached or sent (missing, unreadable, too large, too many, a binary
 * that is not an image or PDF, or a model known not to take it). The message is the words shown
 * to the person: it names the file and the reason, and never carries a stack trace or a path of
 * the data directory.
 */
public class AttachmentRefusedException extends Exception {
    public AttachmentRefusedException(String message) {
        super(message);
    }

    public AttachmentRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
