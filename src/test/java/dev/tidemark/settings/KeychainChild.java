package dev.tidemark.settings;

import com.github.javakeyring.Keyring;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A child JVM for {@link LibSecretKeychainIT}: saves keys the way Settings does, or the way java-keyring
 * did before ADR 9, or looks an item up by libsecret's schema name. The key comes from the environment
 * ({@code TEST_KEY}), never from the command line. Prints one line for the test to read.
 */
public final class KeychainChild {

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[1]);
        String key = System.getenv("TEST_KEY");
        switch (args[0]) {
            case "save" -> { // the settings dialog's route: ProviderSettings.update
                ApiKeys keys = ApiKeys.open(dataDir, Map.of(), p -> System.err.println(p));
                ProviderConfig config = new ProviderConfig("work", "Work gateway", "custom",
                        Protocol.OPENAI_COMPATIBLE, args[2], AuthStyle.BEARER, null, "m-1",
                        Map.of("X-Auth-Token", System.getenv("TEST_HEADER")), ProxyChoice.DIRECT);
                ProviderSettings.of(dataDir, Settings.load(dataDir, p -> { }), keys)
                        .update(List.of(config), Map.of("work", key), Set.of()).join();
                System.out.println("saved in " + keys.saved("work").orElseThrow().source());
            }
            case "legacy-save" -> { // what Tidemark did before: java-keyring's Secret Service backend
                try (Keyring keyring = Keyring.create()) {
                    keyring.setPassword(OsKeychain.SERVICE, "work @ " + OsKeychain.scope(dataDir), key);
                    System.out.println("saved by " + keyring.getKeyringStorageType());
                }
            }
            case "legacy-read" -> {
                try (Keyring keyring = Keyring.create()) {
                    String found = keyring.getPassword(OsKeychain.SERVICE, "work @ " + OsKeychain.scope(dataDir));
                    System.out.println(key.equals(found) ? "found the key" : "found another value");
                }
            }
            case "schema-lookup" -> { // only items libsecret stored with Tidemark's schema name
                LibSecretKeychain.LibSecret secret = Native.load(LibSecretKeychain.LIBRARY,
                        LibSecretKeychain.LibSecret.class,
                        Map.of(Library.OPTION_STRING_ENCODING, StandardCharsets.UTF_8.name()));
                LibSecretKeychain.Schema strict = LibSecretKeychain.Schema.tidemark();
                strict.setAutoSynch(true);
                strict.flags = 0;
                strict.write();
                PointerByReference error = new PointerByReference();
                Pointer found = secret.secret_password_lookup_sync(strict, null, error,
                        LibSecretKeychain.SERVICE_ATTRIBUTE, OsKeychain.SERVICE,
                        LibSecretKeychain.ACCOUNT_ATTRIBUTE, "work @ " + OsKeychain.scope(dataDir), null);
                boolean same = found != null && key.equals(found.getString(0, StandardCharsets.UTF_8.name()));
                System.out.println(error.getValue() != null ? "error" : found == null ? "none"
                        : same ? "found the key" : "found another value");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0); // as tidemark does: a keychain library's threads must not keep the JVM alive
    }
}
