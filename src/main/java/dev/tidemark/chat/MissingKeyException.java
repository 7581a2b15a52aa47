package dev.tidemark.chat;

/**
 * A cloud provider was chosen and no key is configured for it: nothing was sent. The message says,
 * in one line, how to add one (the environment variable, or Settings).
 */
public final class MissingKeyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    MissingKeyException(String message) {
        super(message);
    }
}
