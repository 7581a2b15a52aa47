package dev.tidemark.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.journal.AtomicFiles;
import dev.tidemark.journal.ForcePolicy;
import dev.tidemark.journal.Journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Settings from {@code <data dir>/settings.json}. A missing file means defaults; a value that
 * cannot be used is reported and replaced by its default, never fatal.
 *
 * <pre>{"schemaVersion": 2,
 *  "journal": {"force": "interval", "forceIntervalMillis": 100, "segmentBytes": 4194304},
 *  "providers": [{"id": "groq", "name": "Groq", "preset": "groq", "protocol": "openai-compatible",
 *                 "baseUrl": "https://api.groq.com/openai/v1", "auth": "bearer",
 *                 "keyVariable": "GROQ_API_KEY", "model": "llama-3.3-70b-versatile",
 *                 "headers": {}, "proxy": {"mode": "system"}, "attachments": "images"},
 *                {"id": "openai", …, "api": "responses", "background": true}],
 *  "appearance": {"theme": "system", "fontSize": 13},
 *  "offers": {"backgroundRuns": true}}</pre>
 *
 * A provider's {@code api} ({@code auto}, {@code chat}, {@code responses}; left out when auto) and
 * {@code background} (left out when false) say how an OpenAI-compatible provider is spoken to (issue 18).
 *
 * API keys are never in this file (see {@link ApiKeys}), and neither are the values of headers that
 * look like credentials ({@link ProviderConfig#isCredentialHeader}): such a header is written as
 * {@code "Helicone-Auth": {"savedWithKeys": true}}, its value saved with the keys by
 * {@link ProviderSettings}. A file that has such a value in plain text (from an older version) is
 * read as it is, and loses it at the next save. Saving keeps what this version does not
 * know (other top-level fields, provider entries it could not read) and replaces the file atomically.
 */
public final class Settings {

    public static final String FILE_NAME = "settings.json";
    /** 1: journal options only (the file had no version); 2: providers. */
    public static final int SCHEMA_VERSION = 2;
    static final String UNREADABLE_COPY = FILE_NAME + ".unreadable";
    private static final String OFFERS = "offers";
    private static final String BACKGROUND_RUNS_OFFER = "backgroundRuns";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Journal.Options journal;
    private final List<ProviderConfig> providers;
    private final Appearance appearance;
    private final ObjectNode root;              // the file as read, for the fields this version does not know
    private final List<JsonNode> keptEntries;   // provider entries that could not be read, written back as they were
    private final int fileSchema;
    private final boolean unreadableFile;
    private final Map<String, List<String>> headersWithKeys; // provider id -> header names saved with the keys
    /** Provider id → its {@code api}/{@code background} values this version could not use, written back as they were. */
    private final Map<String, Map<String, JsonNode>> notUnderstood;

    private Settings(Journal.Options journal, List<ProviderConfig> providers, Appearance appearance, ObjectNode root,
                     List<JsonNode> keptEntries, int fileSchema, boolean unreadableFile) {
        this(journal, providers, appearance, root, keptEntries, fileSchema, unreadableFile, Map.of(), Map.of());
    }

    private Settings(Journal.Options journal, List<ProviderConfig> providers, Appearance appearance, ObjectNode root,
                     List<JsonNode> keptEntries, int fileSchema, boolean unreadableFile,
                     Map<String, List<String>> headersWithKeys, Map<String, Map<String, JsonNode>> notUnderstood) {
        this.headersWithKeys = Map.copyOf(headersWithKeys);
        this.notUnderstood = Map.copyOf(notUnderstood);
        this.journal = journal;
        this.providers = List.copyOf(providers);
        this.appearance = appearance;
        this.root = root;
        this.keptEntries = List.copyOf(keptEntries);
        this.fileSchema = fileSchema;
        this.unreadableFile = unreadableFile;
    }

    public static Settings defaults() {
        return new Settings(Journal.Options.defaults(), List.of(), Appearance.DEFAULTS, JSON.createObjectNode(), List.of(), 0,
                false);
    }

    /** Reads the settings of a data directory; problems are reported in words. */
    public static Settings load(Path dataDir, Consumer<Problem> problems) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return defaults();
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(file.toFile());
        } catch (IOException e) {
            problems.accept(new Problem.Unreadable(Area.SETTINGS, file.toString(), firstLine(e.getMessage())));
            return new Settings(Journal.Options.defaults(), List.of(), Appearance.DEFAULTS, JSON.createObjectNode(), List.of(),
                    0, true);
        }
        if (parsed == null || parsed.isMissingNode() || parsed.isNull()) {
            return defaults();
        }
        if (!parsed.isObject()) {
            problems.accept(new Problem.Unreadable(Area.SETTINGS, file.toString(), "it is not a JSON object"));
            return new Settings(Journal.Options.defaults(), List.of(), Appearance.DEFAULTS, JSON.createObjectNode(), List.of(),
                    0, true);
        }
        ObjectNode root = (ObjectNode) parsed;
        int schema = root.path("schemaVersion").asInt(1);
        if (schema > SCHEMA_VERSION) {
            problems.accept(new Problem.Note(Area.SETTINGS, "settings.json was written by a newer Tidemark (schema "
                    + schema + "); reading what this version knows, and it will not save provider changes over it."));
        }
        Journal.Options options = journalOptions(root.path("journal"), problems);
        List<ProviderConfig> providers = new ArrayList<>();
        List<JsonNode> kept = new ArrayList<>();
        Map<String, List<String>> withKeys = new LinkedHashMap<>();
        Map<String, Map<String, JsonNode>> unknown = new LinkedHashMap<>();
        JsonNode list = root.path("providers");
        if (!list.isMissingNode() && !list.isArray()) {
            problems.accept(new Problem.SettingIgnored("providers", "must be a list", "ignoring it"));
        } else {
            Set<String> ids = new HashSet<>();
            int index = 0;
            for (JsonNode entry : list) {
                index++;
                try {
                    List<String> stored = new ArrayList<>();
                    Map<String, JsonNode> notUsable = new LinkedHashMap<>();
                    ProviderConfig config = ProviderJson.read(entry, problems, stored, notUsable);
                    if (!ids.add(config.id())) {
                        throw new IllegalArgumentException("the id '" + config.id() + "' is used twice");
                    }
                    providers.add(config);
                    if (!stored.isEmpty()) {
                        withKeys.put(config.id(), List.copyOf(stored));
                    }
                    if (!notUsable.isEmpty()) {
                        unknown.put(config.id(), Map.copyOf(notUsable));
                    }
                } catch (IllegalArgumentException e) {
                    problems.accept(new Problem.SettingIgnored("provider " + index, "is skipped: " + e.getMessage(),
                            "the entry is kept in the file as it is"));
                    kept.add(entry.deepCopy());
                }
            }
        }
        McpServerJson.read(root.path("mcpServers"), problems); // entries that cannot be used are told once, here
        return new Settings(options, providers, appearance(root.path("appearance"), problems), root.deepCopy(), kept,
                schema, false, withKeys, unknown);
    }

    private static Appearance appearance(JsonNode node, Consumer<Problem> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return Appearance.DEFAULTS;
        }
        if (!node.isObject()) {
            problems.accept(new Problem.SettingIgnored("appearance", "must be an object", "using the default look"));
            return Appearance.DEFAULTS;
        }
        Appearance.Theme theme = Appearance.DEFAULTS.theme();
        if (node.has("theme")) {
            String name = node.path("theme").asText("");
            theme = Appearance.Theme.fromWireName(name).orElseGet(() -> {
                problems.accept(new Problem.SettingIgnored("appearance.theme",
                        "must be light, dark or system, not '" + name + "'", "following the system"));
                return Appearance.Theme.SYSTEM;
            });
        }
        int size = Appearance.DEFAULT_FONT_SIZE;
        if (node.has("fontSize")) {
            int asked = node.path("fontSize").asInt(-1);
            if (asked >= Appearance.MIN_FONT_SIZE && asked <= Appearance.MAX_FONT_SIZE) {
                size = asked;
            } else {
                problems.accept(new Problem.SettingIgnored("appearance.fontSize", "must be "
                        + Appearance.MIN_FONT_SIZE + " to " + Appearance.MAX_FONT_SIZE,
                        "using " + Appearance.DEFAULT_FONT_SIZE));
            }
        }
        return new Appearance(theme, size);
    }

    private static Journal.Options journalOptions(JsonNode journal, Consumer<Problem> problems) {
        Journal.Options options = Journal.Options.defaults();
        if (journal != null && journal.isObject()) {
            if (journal.has("force")) {
                String force = journal.path("force").asText("");
                try {
                    options = options.withPolicy(ForcePolicy.valueOf(force.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problems.accept(new Problem.SettingIgnored("journal.force",
                            "must be always, interval or never, not '" + force + "'", "using interval"));
                }
            }
            if (journal.has("forceIntervalMillis")) {
                long millis = journal.path("forceIntervalMillis").asLong(-1);
                if (millis >= 1 && millis <= 10_000) {
                    options = options.withForceInterval(Duration.ofMillis(millis));
                } else {
                    problems.accept(new Problem.SettingIgnored("journal.forceIntervalMillis", "must be 1 to 10000",
                            "using 100"));
                }
            }
            if (journal.has("segmentBytes")) {
                long bytes = journal.path("segmentBytes").asLong(-1);
                if (bytes >= 4096) {
                    options = options.withSegmentBytes(bytes);
                } else {
                    problems.accept(new Problem.SettingIgnored("journal.segmentBytes", "must be at least 4096",
                            "using 4 MiB"));
                }
            }
        }
        return options;
    }

    /**
     * Whether a short title is asked of the model after a chat's first reply:
     * {@code "titles": {"askModel": true}}. Off by default (it costs a request).
     */
    public boolean askModelForTitles() {
        return root.path("titles").path("askModel").asBoolean(false);
    }

    /**
     * Whether Tidemark has offered, once, to run replies in the background after a reply was lost to a
     * crash or a dropped connection: {@code "offers": {"backgroundRuns": true}}. It is never offered again.
     */
    public boolean backgroundRunsOffered() {
        return root.path(OFFERS).path(BACKGROUND_RUNS_OFFER).asBoolean(false);
    }

    /** These settings remembering that background runs were offered ({@link #backgroundRunsOffered()}). */
    public Settings withBackgroundRunsOffered() {
        ObjectNode next = root.deepCopy();
        JsonNode offers = next.path(OFFERS);
        ObjectNode written = offers.isObject() ? (ObjectNode) offers : next.putObject(OFFERS);
        written.put(BACKGROUND_RUNS_OFFER, true);
        return new Settings(journal, providers, appearance, next, keptEntries, fileSchema, unreadableFile,
                headersWithKeys, notUnderstood);
    }

    /** How the journal writes and forces. */
    public Journal.Options journal() {
        return journal;
    }

    /** The configured providers, in the user's order. */
    public List<ProviderConfig> providers() {
        return providers;
    }

    /**
     * The headers the file names as saved with the keys, by provider id: their values are not in
     * {@link #providers()} until {@link ProviderSettings} reads them from the key storage.
     */
    public Map<String, List<String>> headersSavedWithKeys() {
        return headersWithKeys;
    }

    /** These settings with another list of providers (ids must be unique). */
    public Settings withProviders(List<ProviderConfig> newProviders) {
        Set<String> ids = new HashSet<>();
        for (ProviderConfig p : newProviders) {
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException("Two providers have the id '" + p.id() + "'.");
            }
        }
        return new Settings(journal, newProviders, appearance, root, keptEntries, fileSchema, unreadableFile,
                headersWithKeys, notUnderstood);
    }

    /**
     * The MCP servers of {@code "mcpServers"}, in the file's order (entries that cannot be used are
     * left out, reported when read by {@link McpServerJson}). Values saved with the keys are "" here.
     */
    public List<McpServerConfig> mcpServers() {
        return McpServerJson.read(root.path("mcpServers"), problem -> { });
    }

    /** The {@code "mcpServers"} object as the file has it (a copy; missing: a missing node). */
    public JsonNode mcpServersJson() {
        return root.path("mcpServers").deepCopy();
    }

    /** These settings with another {@code "mcpServers"} object ({@link McpServerSettings} writes it). */
    Settings withMcpServersJson(JsonNode mcpServers) {
        ObjectNode next = root.deepCopy();
        next.set("mcpServers", mcpServers.deepCopy());
        return new Settings(journal, providers, appearance, next, keptEntries, fileSchema, unreadableFile,
                headersWithKeys, notUnderstood);
    }

    /** The window's theme and text size. */
    public Appearance appearance() {
        return appearance;
    }

    /** These settings with another appearance. */
    public Settings withAppearance(Appearance newAppearance) {
        return new Settings(journal, providers, newAppearance, root, keptEntries, fileSchema, unreadableFile,
                headersWithKeys, notUnderstood);
    }

    /**
     * Writes {@code settings.json} atomically. A file that could not be read is first kept as
     * {@code settings.json.unreadable}; a file from a newer Tidemark is not overwritten.
     *
     * @throws IOException with a message for the user
     */
    public void save(Path dataDir) throws IOException {
        if (fileSchema > SCHEMA_VERSION) {
            throw new IOException("settings.json was written by a newer Tidemark (schema " + fileSchema
                    + "); this version does not overwrite it.");
        }
        Path file = dataDir.resolve(FILE_NAME);
        AtomicFiles.createDirectory(dataDir);
        if (unreadableFile && Files.exists(file)) {
            Files.copy(file, dataDir.resolve(UNREADABLE_COPY), StandardCopyOption.REPLACE_EXISTING);
        }
        AtomicFiles.replace(file, toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** The file's text: what was read, with this version's schema and providers. */
    String toJson() {
        ObjectNode out = JSON.createObjectNode();
        out.put("schemaVersion", SCHEMA_VERSION);
        root.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("schemaVersion") && !e.getKey().equals("providers")
                    && !e.getKey().equals("appearance")) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        ArrayNode list = out.putArray("providers");
        for (ProviderConfig p : providers) {
            list.add(ProviderJson.write(p, JSON, notUnderstood.getOrDefault(p.id(), Map.of())));
        }
        keptEntries.forEach(entry -> list.add(entry.deepCopy()));
        ObjectNode look = out.putObject("appearance");
        look.put("theme", appearance.theme().wireName());
        look.put("fontSize", appearance.fontSize());
        try {
            return JSON.writeValueAsString(out) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("could not write settings as JSON", e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
