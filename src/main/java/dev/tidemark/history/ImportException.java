package dev.tidemark.history;

/** A file that cannot be imported; the message names the file and what is wrong, for the user. */
public final class ImportException extends Exception {

    public ImportException(String message) {
        super(message);
    }
}
