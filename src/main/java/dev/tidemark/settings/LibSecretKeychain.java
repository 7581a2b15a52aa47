package dev.tidemark.settings;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret Service on Linux (GNOME Keyring, KWallet, KeePassXC) through the desktop's own library,
 * libsecret, called with JNA (ADR 9). Entries carry the attributes {@code service = "Tidemark"} and
 * {@code account = "<provider id> @ <data directory>"}, exactly those java-keyring's Secret Service
 * backend wrote (it wrote no {@code xdg:schema}), so keys saved before stay readable: lookups and
 * deletes ignore the schema name ({@code SECRET_SCHEMA_DONT_MATCH_NAME}), and a save first clears
 * every item with those attributes, old or new, so that one item per key remains.
 *
 * <p>{@link #find} loads the library on first use and asks the service once; a library that does not
 * load or any {@code GError} (no session bus, no Secret Service) means "no keychain here". Every call
 * is a blocking D-Bus round trip: never on the FX thread. A key never appears in an exception.
 */
public final class LibSecretKeychain implements KeyStorage {

    static final String LIBRARY = "libsecret-1.so.0";
    static final String GLIB = "libglib-2.0.so.0";
    static final String SCHEMA_NAME = "dev.tidemark.ApiKey";
    static final String SERVICE_ATTRIBUTE = "service";
    static final String ACCOUNT_ATTRIBUTE = "account";
    /** {@code SECRET_SCHEMA_DONT_MATCH_NAME}: look items up by their attributes only. */
    static final int DONT_MATCH_NAME = 1 << 1;
    static final int ATTRIBUTE_STRING = 0;
    /** An account no entry has: asking for it tells whether a Secret Service answers. */
    private static final String PROBE_ACCOUNT = "tidemark-probe";

    private final LibSecret secret;
    private final GLib glib;
    private final Schema schema;
    private final String scope;

    private LibSecretKeychain(LibSecret secret, GLib glib, String scope) {
        this.secret = secret;
        this.glib = glib;
        this.schema = Schema.tidemark();
        this.scope = scope;
    }

    /**
     * The Secret Service through libsecret, when the library loads and the service answers; else
     * empty (the key file is used). Blocking I/O: not on the FX thread.
     */
    public static Optional<KeyStorage> find(Path dataDir) {
        LibSecretKeychain keychain;
        try {
            Map<String, Object> options = Map.of(Library.OPTION_STRING_ENCODING, StandardCharsets.UTF_8.name());
            keychain = new LibSecretKeychain(Native.load(LIBRARY, LibSecret.class, options),
                    Native.load(GLIB, GLib.class, options), OsKeychain.scope(dataDir));
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty(); // no libsecret on this system
        }
        try {
            keychain.lookup(PROBE_ACCOUNT);
            return Optional.of(keychain);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no session bus, no Secret Service, or it refused
        }
    }

    String account(String providerId) {
        return providerId + " @ " + scope;
    }

    @Override
    public Optional<String> read(String providerId) throws IOException {
        return lookup(account(providerId)).filter(k -> !k.isEmpty());
    }

    private Optional<String> lookup(String account) throws IOException {
        PointerByReference error = new PointerByReference();
        Pointer found = secret.secret_password_lookup_sync(schema, null, error,
                SERVICE_ATTRIBUTE, OsKeychain.SERVICE, ACCOUNT_ATTRIBUTE, account, null);
        failIfError(error, "The system keychain could not be read", null);
        if (found == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(found.getString(0, StandardCharsets.UTF_8.name()));
        } finally {
            secret.secret_password_free(found); // wipes the copy before freeing it
        }
    }

    @Override
    public void write(String providerId, String key) throws IOException {
        String account = account(providerId);
        clear(account, "The system keychain refused to save the key");
        PointerByReference error = new PointerByReference();
        boolean stored = secret.secret_password_store_sync(schema, null, OsKeychain.SERVICE + ": " + account, key,
                null, error, SERVICE_ATTRIBUTE, OsKeychain.SERVICE, ACCOUNT_ATTRIBUTE, account, null);
        failIfError(error, "The system keychain refused to save the key", key);
        if (!stored) {
            throw new IOException("The system keychain refused to save the key.");
        }
    }

    @Override
    public void delete(String providerId) throws IOException {
        clear(account(providerId), "The system keychain could not delete the key");
    }

    /** Removes every item with this account, whatever schema wrote it; none is no error. */
    private void clear(String account, String failure) throws IOException {
        PointerByReference error = new PointerByReference();
        secret.secret_password_clear_sync(schema, null, error,
                SERVICE_ATTRIBUTE, OsKeychain.SERVICE, ACCOUNT_ATTRIBUTE, account, null);
        failIfError(error, failure, null);
    }

    /**
     * Turns a {@code GError} into words and frees it. libsecret's messages name the D-Bus or service
     * problem, never the secret; one that quoted {@code secret} anyway would be left out.
     */
    private void failIfError(PointerByReference error, String failure, String secretValue) throws IOException {
        Pointer gError = error.getValue();
        if (gError == null) {
            return;
        }
        String message;
        try {
            // struct GError { GQuark domain; gint code; gchar *message; }: the message follows two 32-bit ints
            Pointer text = gError.getPointer(8);
            message = text == null ? "" : text.getString(0, StandardCharsets.UTF_8.name()).strip();
        } finally {
            glib.g_error_free(gError);
        }
        if (secretValue != null && !secretValue.isEmpty() && message.contains(secretValue)) {
            message = "";
        }
        throw new IOException(failure + (message.isEmpty() ? "." : " (" + message + ")."));
    }

    @Override
    public String describe() {
        return "the system keychain (service \"" + OsKeychain.SERVICE + "\")";
    }

    @Override
    public boolean isKeychain() {
        return true;
    }

    /** The libsecret calls Tidemark makes; the attribute lists are name, value, ..., NULL. */
    interface LibSecret extends Library {
        boolean secret_password_store_sync(Schema schema, String collection, String label, String password,
                                           Pointer cancellable, PointerByReference error, Object... attributes);

        Pointer secret_password_lookup_sync(Schema schema, Pointer cancellable, PointerByReference error,
                                            Object... attributes);

        boolean secret_password_clear_sync(Schema schema, Pointer cancellable, PointerByReference error,
                                           Object... attributes);

        void secret_password_free(Pointer password);
    }

    interface GLib extends Library {
        void g_error_free(Pointer error);
    }

    /** {@code SecretSchemaAttribute}: {@code const gchar *name; SecretSchemaAttributeType type;}. */
    @Structure.FieldOrder({"name", "type"})
    public static final class Attribute extends Structure {
        public String name;
        public int type;
    }

    /**
     * {@code SecretSchema} as libsecret's {@code secret-schema.h} lays it out: name, flags, 32
     * attributes (a NULL name ends the list), then {@code gint reserved} and seven reserved pointers.
     */
    @Structure.FieldOrder({"name", "flags", "attributes", "reserved", "reserved1", "reserved2", "reserved3",
            "reserved4", "reserved5", "reserved6", "reserved7"})
    public static final class Schema extends Structure {
        public String name;
        public int flags;
        public Attribute[] attributes = new Attribute[32];
        public int reserved;
        public Pointer reserved1;
        public Pointer reserved2;
        public Pointer reserved3;
        public Pointer reserved4;
        public Pointer reserved5;
        public Pointer reserved6;
        public Pointer reserved7;

        public Schema() {
            for (int i = 0; i < attributes.length; i++) {
                attributes[i] = new Attribute();
            }
        }

        static Schema tidemark() {
            Schema schema = new Schema();
            schema.name = SCHEMA_NAME;
            schema.flags = DONT_MATCH_NAME;
            List<String> names = List.of(SERVICE_ATTRIBUTE, ACCOUNT_ATTRIBUTE);
            for (int i = 0; i < names.size(); i++) {
                schema.attributes[i].name = names.get(i);
                schema.attributes[i].type = ATTRIBUTE_STRING;
            }
            schema.write();
            schema.setAutoSynch(false); // written once; calls from several threads only read it
            return schema;
        }

        /** Where a field lies in native memory (the layout test). */
        int offsetOf(String field) {
            return fieldOffset(field);
        }
    }
}
