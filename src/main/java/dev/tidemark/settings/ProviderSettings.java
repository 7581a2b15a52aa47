package dev.tidemark.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The configured providers and their keys, as the running app sees them. Changes take effect in
 * memory at once (so the FX thread never waits) and reach the disk — settings.json, the keychain or
 * the key file — on one writer thread, in order. Thread-safe.
 *
 * <p>The window's {@link Appearance} lives in the same settings.json, so it is changed here too: one
 * writer for the file means a theme change can never overwrite a provider change, or the reverse.
 */
public final class ProviderSettings {

    private final Path dataDir;        // null: nothing is written
    private final ApiKeys keys;
    private final Executor writer;
    private volatile Settings settings;
    private final McpServerSettings mcp;

    private ProviderSettings(Path dataDir, Settings settings, ApiKeys keys, Executor writer) {
        this.dataDir = dataDir;
        this.settings = settings;
        this.keys = keys;
        this.writer = writer;
        this.mcp = new McpServerSettings(this, keys, settings); // reads the values saved with the keys (I/O)
    }

    /**
     * Providers of a data directory, as {@code settings} read them; keys through {@code keys}. The
     * values of headers saved with the keys are read here (I/O: not on the FX thread).
     */
    public static ProviderSettings of(Path dataDir, Settings settings, ApiKeys keys) {
        return new ProviderSettings(dataDir, withSavedHeaders(settings, keys), keys, newWriter());
    }

    /** For tests: writes on the given executor (e.g. the calling thread). */
    public static ProviderSettings of(Path dataDir, Settings settings, ApiKeys keys, Executor writer) {
        return new ProviderSettings(dataDir, withSavedHeaders(settings, keys), keys, writer);
    }

    /** The providers with the values of their credential headers, read from where the keys are. */
    private static Settings withSavedHeaders(Settings settings, ApiKeys keys) {
        if (settings.headersSavedWithKeys().isEmpty()) {
            return settings;
        }
        List<ProviderConfig> providers = new ArrayList<>();
        for (ProviderConfig p : settings.providers()) {
            List<String> names = settings.headersSavedWithKeys().getOrDefault(p.id(), List.of());
            if (names.isEmpty()) {
                providers.add(p);
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>(p.headers());
            for (String name : names) {
                keys.savedHeader(p.id(), name).ifPresent(value -> headers.put(name, value));
            }
            providers.add(p.withHeaders(headers));
        }
        return settings.withProviders(providers);
    }

    /** No configured providers, keys from the environment, nothing written to disk. */
    public static ProviderSettings inMemory(Map<String, String> env) {
        return new ProviderSettings(null, Settings.defaults(), ApiKeys.environmentOnly(env), Runnable::run);
    }

    public List<ProviderConfig> providers() {
        return settings.providers();
    }

    public Optional<ProviderConfig> find(String id) {
        return settings.providers().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public ApiKeys keys() {
        return keys;
    }

    /**
     * The MCP servers of the same settings.json, their secrets filled in from the key storage:
     * changed there, written by this writer, so a provider change never overwrites a server change.
     */
    public McpServerSettings mcpServers() {
        return mcp;
    }

    /** For {@link McpServerSettings}: the servers' part of settings.json, in memory now (under this lock). */
    synchronized void replaceMcpServers(List<McpServerConfig> servers) {
        settings = settings.withMcpServersJson(McpServerFile.write(settings.mcpServersJson(), servers));
    }

    /** For {@link McpServerSettings}: writes the newest settings (and the servers' secrets) on the writer thread. */
    CompletableFuture<Void> saveLater() {
        if (dataDir == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            try {
                write(settings, Set.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }, writer);
    }

    /** The window's theme and text size, as last set. */
    public Appearance appearance() {
        return settings.appearance();
    }

    /** See {@link Settings#askModelForTitles()}. */
    public boolean askModelForTitles() {
        return settings.askModelForTitles();
    }

    /**
     * Changes the window's theme and text size: in memory now, in settings.json on the writer
     * thread (a burst of changes writes the file once per change, in order; the last one wins).
     *
     * @return completes when the change is on disk; exceptionally with a message for the user
     */
    public CompletableFuture<Void> updateAppearance(Appearance appearance) {
        synchronized (this) {
            settings = settings.withAppearance(appearance);
        }
        if (dataDir == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            try {
                // the newest settings, not `next`: a later change may already be in memory
                write(settings, Set.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }, writer);
    }

    /** See {@link Settings#backgroundRunsOffered()}. */
    public boolean backgroundRunsOffered() {
        return settings.backgroundRunsOffered();
    }

    /**
     * Remembers that background runs were offered, so that they are never offered again: in memory
     * now, in settings.json on the writer thread.
     *
     * @return completes when it is on disk; exceptionally with a message for the user
     */
    public CompletableFuture<Void> markBackgroundRunsOffered() {
        synchronized (this) {
            settings = settings.withBackgroundRunsOffered();
        }
        return saveLater();
    }

    /**
     * Turns on background runs for provider {@code id} (the offer's "Turn on"): over the Responses API
     * it already speaks (a provider on Chat Completions is switched to it). In memory now, on disk on
     * the writer thread.
     *
     * @return completes when it is on disk; exceptionally with a message for the user
     * @throws IllegalArgumentException when no provider has that id
     */
    public CompletableFuture<Void> turnOnBackgroundRuns(String id) {
        synchronized (this) {
            List<ProviderConfig> next = new ArrayList<>();
            boolean found = false;
            for (ProviderConfig p : settings.providers()) {
                if (p.id().equals(id)) {
                    found = true;
                    next.add(p.withApi(p.usesResponses() ? p.api() : WireApi.RESPONSES, true));
                } else {
                    next.add(p);
                }
            }
            if (!found) {
                throw new IllegalArgumentException("No provider has the id '" + id + "'.");
            }
            settings = settings.withProviders(next);
        }
        return saveLater();
    }

    /** True when changes are saved to a data directory. */
    public boolean persistent() {
        return dataDir != null;
    }

    /**
     * Replaces the configured providers and changes keys: in memory now, on disk on the writer
     * thread. Keys of providers no longer configured are forgotten.
     *
     * @param newKeys    provider id → key to save
     * @param forgetKeys provider ids whose saved key to forget
     * @return completes when everything is on disk; exceptionally with a message for the user
     * @throws IllegalArgumentException when two providers share an id
     */
    public CompletableFuture<Void> update(List<ProviderConfig> providers, Map<String, String> newKeys,
                                          Set<String> forgetKeys) {
        settings.withProviders(providers); // throws before anything changes when two providers share an id
        Set<String> forget = new HashSet<>(forgetKeys);
        settings.providers().stream().map(ProviderConfig::id)
                .filter(id -> providers.stream().noneMatch(p -> p.id().equals(id)))
                .forEach(forget::add);
        forget.removeAll(newKeys.keySet());
        Set<String> before = new HashSet<>();
        settings.providers().forEach(p -> before.add(p.id()));
        Set<String> oldHeaders = headerIds(settings.providers()); // credential headers no longer configured
        oldHeaders.removeAll(headerIds(providers));
        Settings next;
        synchronized (this) { // with the newest appearance
            next = settings.withProviders(providers);
            settings = next;
        }
        newKeys.forEach(keys::remember);
        // a provider added now has no saved key (the FX thread must not look in the keychain for it)
        providers.stream().map(ProviderConfig::id).filter(id -> !before.contains(id) && !newKeys.containsKey(id))
                .forEach(keys::knownWithoutKey);
        forget.forEach(keys::forgetInMemory);
        if (dataDir == null) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, String> toSave = Map.copyOf(newKeys);
        return CompletableFuture.runAsync(() -> {
            try {
                write(next, oldHeaders);
                for (Map.Entry<String, String> e : toSave.entrySet()) {
                    keys.save(e.getKey(), e.getValue());
                }
                for (String id : forget) {
                    keys.forget(id);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }, writer);
    }

    /**
     * On the writer thread: the values of credential headers to the key storage (those that
     * changed), then settings.json, which names them only; then the headers no longer configured
     * are forgotten. A file with such a value in plain text loses it here.
     */
    private void write(Settings toWrite, Set<String> forgetHeaders) throws IOException {
        mcp.saveSecrets(); // before the file names them as saved with the keys
        for (ProviderConfig p : toWrite.providers()) {
            for (Map.Entry<String, String> h : p.credentialHeaders().entrySet()) {
                String id = ApiKeys.headerId(p.id(), h.getKey());
                Optional<ApiKeys.Resolved> saved = keys.saved(id);
                if (saved.isEmpty() || !saved.get().value().equals(h.getValue().strip())) {
                    keys.save(id, h.getValue());
                }
            }
        }
        toWrite.save(dataDir);
        for (String id : forgetHeaders) {
            keys.forget(id);
        }
        mcp.forgetRemovedSecrets();
    }

    private static Set<String> headerIds(List<ProviderConfig> providers) {
        Set<String> ids = new HashSet<>();
        for (ProviderConfig p : providers) {
            p.credentialHeaders().keySet().forEach(name -> ids.add(ApiKeys.headerId(p.id(), name)));
        }
        return ids;
    }

    /** Completes when every change made so far is on disk (or has failed). */
    public CompletableFuture<Void> flush() {
        return dataDir == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(() -> { }, writer);
    }

    private static ExecutorService newWriter() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tidemark-settings-writer");
            t.setDaemon(true);
            return t;
        });
    }
}
