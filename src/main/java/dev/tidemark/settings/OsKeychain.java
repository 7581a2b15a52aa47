package dev.tidemark.settings;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The operating system's keychain through java-keyring on macOS (Keychain) and Windows (Credential
 * Manager); on Linux {@link #find} gives {@link LibSecretKeychain} instead. Entries are under the
 * service "Tidemark", one account per provider and data directory
 * ({@code "groq @ /home/me/.local/share/tidemark"}), so that two data directories (and test runs)
 * never share a key by accident.
 */
public final class OsKeychain implements KeyStorage {

    static final String SERVICE = "Tidemark";

    private final Keyring keyring;
    private final String scope;

    private OsKeychain(Keyring keyring, String scope) {
        this.keyring = keyring;
        this.scope = scope;
    }

    /**
     * The keychain, when this system has one Tidemark can use: on Linux the Secret Service through
     * libsecret ({@link LibSecretKeychain}, ADR 9), elsewhere java-keyring's backend. A D-Bus call on
     * Linux: not on the FX thread.
     */
    public static Optional<KeyStorage> find(Path dataDir) {
        if (Platform.isLinux()) {
            return LibSecretKeychain.find(dataDir);
        }
        try {
            return Optional.of(new OsKeychain(Keyring.create(), scope(dataDir)));
        } catch (BackendNotSupportedException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The data directory as it appears in account names. */
    static String scope(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().toString();
    }

    String account(String providerId) {
        return providerId + " @ " + scope;
    }

    @Override
    public Optional<String> read(String providerId) throws IOException {
        try {
            String key = keyring.getPassword(SERVICE, account(providerId));
            return Optional.ofNullable(key).filter(k -> !k.isEmpty());
        } catch (PasswordAccessException e) {
            return Optional.empty(); // java-keyring says "not found" this way on every backend
        } catch (RuntimeException e) {
            throw new IOException("The system keychain could not be read (" + e.getClass().getSimpleName() + ").");
        }
    }

    @Override
    public void write(String providerId, String key) throws IOException {
        try {
            keyring.setPassword(SERVICE, account(providerId), key);
        } catch (PasswordAccessException | RuntimeException e) {
            // the library's message may quote what it was given; name the failure only
            throw new IOException("The system keychain refused to save the key (" + e.getClass().getSimpleName()
                    + ").");
        }
    }

    @Override
    public void delete(String providerId) throws IOException {
        try {
            keyring.deletePassword(SERVICE, account(providerId));
        } catch (PasswordAccessException e) {
            // nothing to forget
        } catch (RuntimeException e) {
            throw new IOException("The system keychain could not delete the key (" + e.getClass().getSimpleName()
                    + ").");
        }
    }

    @Override
    public String describe() {
        return "the system keychain (service \"" + SERVICE + "\")";
    }

    @Override
    public boolean isKeychain() {
        return true;
    }
}
