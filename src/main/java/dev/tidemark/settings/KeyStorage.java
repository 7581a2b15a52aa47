package dev.tidemark.settings;

import java.io.IOException;
import java.util.Optional;

/**
 * Where saved API keys live: the OS keychain, or a file only the user can read. Every method may do
 * I/O (a keychain call, a file read): never call them on the FX thread. Exceptions never carry a key.
 */
public interface KeyStorage {

    /** The key saved for a provider id. */
    Optional<String> read(String providerId) throws IOException;

    void write(String providerId, String key) throws IOException;

    /** Forgets the key of a provider id; no error when there is none. */
    void delete(String providerId) throws IOException;

    /** Where the keys are, in words for the user, e.g. "the system keychain". */
    String describe();

    /** True for the OS keychain, false for the fallback file. */
    boolean isKeychain();
}
