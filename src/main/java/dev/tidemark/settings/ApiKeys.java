package dev.tidemark.settings;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The API keys of the configured providers: saved ones (the OS keychain when there is one, else
 * {@link KeyFile}) and the usual environment variables.
 *
 * <p><b>A saved key wins over the environment variable.</b> The user pasted it into Tidemark for
 * this provider on purpose; an exported {@code OPENAI_API_KEY} is often meant for other tools. With
 * no saved key the variable named by the provider is used.
 *
 * <p>Lookups are cached: after {@link #preload} the lookups of those ids do no I/O, so the FX thread
 * may call {@link #resolve}. Thread-safe.
 */
public final class ApiKeys {

    /** Where a key came from. */
    public enum Source { KEYCHAIN, FILE, ENVIRONMENT, MEMORY }

    /**
     * A key and where it came from. Its {@code toString} never shows the key.
     *
     * @param where the keychain, the file's path or the variable's name, in words
     */
    public record Resolved(String value, Source source, String where) {
        public Resolved {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "Resolved[key hidden, " + source + ", " + where + "]";
        }
    }

    /** Set {@code -Dtidemark.keychain=off} to keep Tidemark (and test runs) away from the OS keychain. */
    public static final String KEYCHAIN_PROPERTY = "tidemark.keychain";

    private final Supplier<Optional<KeyStorage>> keychain;
    private final KeyFile file; // null: keys live in memory only
    private final Map<String, String> env;
    private final Consumer<Problem> problems;
    private final Map<String, Optional<Resolved>> saved = new ConcurrentHashMap<>();
    private volatile Optional<KeyStorage> detected;
    private final AtomicBoolean toldKeychainUnreadable = new AtomicBoolean();

    ApiKeys(Supplier<Optional<KeyStorage>> keychain, KeyFile file, Map<String, String> env,
            Consumer<Problem> problems) {
        this.keychain = keychain;
        this.file = file;
        this.env = env;
        this.problems = problems;
    }

    /**
     * Keys for a data directory: the OS keychain if one answers (looked for on first use, not here),
     * else {@code <dataDir>/api-keys.json}.
     */
    public static ApiKeys open(Path dataDir, Map<String, String> env, Consumer<Problem> problems) {
        boolean off = "off".equalsIgnoreCase(System.getProperty(KEYCHAIN_PROPERTY, ""));
        return new ApiKeys(off ? Optional::empty : () -> OsKeychain.find(dataDir), new KeyFile(dataDir, problems),
                env, problems);
    }

    /** Keys with a given keychain (tests), else the file in {@code dataDir}. */
    public static ApiKeys with(Optional<KeyStorage> keychain, Path dataDir, Map<String, String> env,
                               Consumer<Problem> problems) {
        return new ApiKeys(() -> keychain, new KeyFile(dataDir, problems), env, problems);
    }

    /** Keys from the environment only; keys "saved" stay in this process's memory. */
    public static ApiKeys environmentOnly(Map<String, String> env) {
        return new ApiKeys(Optional::empty, null, env, p -> { });
    }

    /**
     * The id under which the value of a provider's credential header is saved with the keys
     * ({@code "helicone/header/helicone-auth"}; a provider id never contains '/').
     */
    public static String headerId(String providerId, String headerName) {
        return providerId + "/header/" + headerName.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The saved value of a provider's credential header (I/O on the first look; not on the FX
     * thread). A value that is missing or unreadable is reported, in words, and left out.
     */
    public Optional<String> savedHeader(String providerId, String headerName) {
        try {
            Optional<Resolved> value = saved(headerId(providerId, headerName));
            if (value.isPresent()) {
                return Optional.of(value.get().value());
            }
            problems.accept(new Problem.Note(Area.KEYS, "The header '" + headerName + "' of the provider '" + providerId
                    + "' was saved with the keys, and is not there any more; it is left out until you enter it again"
                    + " in Settings (Ctrl+,)."));
        } catch (IOException e) {
            problems.accept(new Problem.Note(Area.KEYS, e.getMessage()));
        }
        return Optional.empty();
    }

    /**
     * A value saved with the keys under {@code id} (an MCP server's secret, {@link McpSecrets}); I/O on
     * the first look, not on the FX thread. A value that is missing or unreadable is reported, in
     * words naming {@code what} (e.g. "the variable GITHUB_TOKEN of the MCP server 'github'"), and
     * left out.
     */
    public Optional<String> savedSecret(String id, String what) {
        try {
            Optional<Resolved> value = saved(id);
            if (value.isPresent()) {
                return Optional.of(value.get().value());
            }
            problems.accept(new Problem.Note(Area.KEYS, "The value of " + what + " was saved with the keys, and is"
                    + " not there any more; it is left out until you enter it again in Settings (Ctrl+,) → Tools."));
        } catch (IOException e) {
            problems.accept(new Problem.Note(Area.KEYS, e.getMessage()));
        }
        return Optional.empty();
    }

    /** Reads the saved keys of these providers into memory (I/O; not on the FX thread). */
    public void preload(Collection<String> providerIds) {
        for (String id : providerIds) {
            try {
                saved(id);
            } catch (IOException e) {
                problems.accept(new Problem.Note(Area.KEYS, e.getMessage()));
            }
        }
    }

    /**
     * The key for a provider: the saved one, else the environment variable's.
     *
     * @param keyVariable may be null
     */
    public Optional<Resolved> resolve(String providerId, String keyVariable) {
        try {
            Optional<Resolved> stored = saved(providerId);
            if (stored.isPresent()) {
                return stored;
            }
        } catch (IOException e) {
            problems.accept(new Problem.Note(Area.KEYS, e.getMessage()));
        }
        return fromEnvironment(keyVariable);
    }

    public Optional<Resolved> fromEnvironment(String keyVariable) {
        if (keyVariable == null) {
            return Optional.empty();
        }
        String value = env.get(keyVariable);
        return value == null || value.isBlank() ? Optional.empty()
                : Optional.of(new Resolved(value.strip(), Source.ENVIRONMENT, keyVariable));
    }

    /** The saved key of a provider (cached after the first read). */
    public Optional<Resolved> saved(String providerId) throws IOException {
        Optional<Resolved> cached = saved.get(providerId);
        if (cached != null) {
            return cached;
        }
        Optional<Resolved> read = readStored(providerId);
        saved.putIfAbsent(providerId, read);
        return saved.get(providerId);
    }

    private Optional<Resolved> readStored(String providerId) throws IOException {
        if (file == null) {
            return Optional.empty();
        }
        Optional<KeyStorage> chain = storage();
        if (chain.isPresent()) {
            Optional<String> key;
            try {
                key = chain.get().read(providerId);
            } catch (IOException keychainFailed) {
                return fileInsteadOfKeychain(providerId, keychainFailed);
            }
            if (key.isPresent()) {
                return Optional.of(new Resolved(key.get(), Source.KEYCHAIN, chain.get().describe()));
            }
        }
        return file.read(providerId).map(k -> new Resolved(k, Source.FILE, file.file().toString()));
    }

    /**
     * The keychain could not be read (its service is gone, D-Bus failed, it is locked): the key file's
     * copy, when it has one, said once in words; else the keychain's failure.
     */
    private Optional<Resolved> fileInsteadOfKeychain(String providerId, IOException keychainFailed)
            throws IOException {
        Optional<String> key = file.read(providerId);
        if (key.isEmpty()) {
            throw keychainFailed;
        }
        if (!toldKeychainUnreadable.getAndSet(true)) {
            problems.accept(new Problem.Note(Area.KEYS, Problem.describe(keychainFailed)
                    + " The keys saved in " + file.file() + " are used instead; check that the keychain is running"
                    + " and unlocked, then restart Tidemark."));
        }
        return Optional.of(new Resolved(key.get(), Source.FILE, file.file().toString()));
    }

    /**
     * Saves a key: in the keychain when there is one (and out of the file), else in the file.
     * I/O; not on the FX thread. Until it returns, {@link #remember} makes the key usable.
     */
    public Resolved save(String providerId, String key) throws IOException {
        String value = Objects.requireNonNull(key, "key").strip();
        if (file == null) {
            return remember(providerId, value);
        }
        Optional<KeyStorage> chain = storage();
        Resolved result;
        if (chain.isPresent()) {
            try {
                chain.get().write(providerId, value);
                file.delete(providerId);
                result = new Resolved(value, Source.KEYCHAIN, chain.get().describe());
            } catch (IOException e) {
                problems.accept(new Problem.Note(Area.KEYS,
                        e.getMessage() + " The key is saved in " + file.describe() + " instead."));
                file.write(providerId, value);
                result = new Resolved(value, Source.FILE, file.file().toString());
            }
        } else {
            file.write(providerId, value);
            result = new Resolved(value, Source.FILE, file.file().toString());
        }
        saved.put(providerId, Optional.of(result));
        return result;
    }

    /** Makes a key usable in this process at once, before (or without) saving it. No I/O. */
    public Resolved remember(String providerId, String key) {
        Resolved r = new Resolved(key.strip(), Source.MEMORY, "this session");
        saved.put(providerId, Optional.of(r));
        return r;
    }

    /** Forgets a provider's saved key everywhere. I/O; not on the FX thread. */
    public void forget(String providerId) throws IOException {
        saved.put(providerId, Optional.empty());
        if (file == null) {
            return;
        }
        Optional<KeyStorage> chain = storage();
        if (chain.isPresent()) {
            chain.get().delete(providerId);
        }
        file.delete(providerId);
    }

    /**
     * Records that a provider just configured has no saved key, unless its key is already known, so
     * that looking it up later does no I/O. No I/O.
     */
    public void knownWithoutKey(String providerId) {
        saved.putIfAbsent(providerId, Optional.empty());
    }

    /** Marks a provider as having no saved key in memory at once (the disk follows with {@link #forget}). */
    public void forgetInMemory(String providerId) {
        saved.put(providerId, Optional.empty());
    }

    /** True when keys go to the OS keychain (looks for it on the first call: I/O). */
    public boolean usesKeychain() {
        return storage().isPresent();
    }

    /** Where saved keys go, in words for the user (looks for the keychain on the first call: I/O). */
    public String storageDescription() {
        if (file == null) {
            return "this session's memory only (not saved)";
        }
        return storage().map(KeyStorage::describe).orElseGet(file::describe);
    }

    private Optional<KeyStorage> storage() {
        Optional<KeyStorage> d = detected;
        if (d == null) {
            synchronized (this) {
                if (detected == null) {
                    detected = keychain.get();
                }
                d = detected;
            }
        }
        return d;
    }
}
