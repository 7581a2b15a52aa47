package dev.tidemark.provider;

/** A provider failure worded for the user (never a key, never a stack trace). */
public final class ProviderException extends Exception {
    public ProviderException(String message) {
        super(message);
    }
}
