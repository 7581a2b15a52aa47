package dev.tidemark.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.journal.ForcePolicy;
import dev.tidemark.journal.Journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Settings from {@code <data dir>/settings.json}. A missing file means defaults; a value that
 * cannot be used is reported and replaced by its default, never fatal.
 *
 * <pre>{"journal": {"force": "interval", "forceIntervalMillis": 100, "segmentBytes": 4194304}}</pre>
 */
public final class Settings {

    public static final String FILE_NAME = "settings.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal.Options journal;

    private Settings(Journal.Options journal) {
        this.journal = journal;
    }

    public static Settings defaults() {
        return new Settings(Journal.Options.defaults());
    }

    /** Reads the settings of a data directory; problems are reported in words. */
    public static Settings load(Path dataDir, Consumer<String> problems) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return defaults();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            problems.accept("Could not read " + file + " (" + e.getMessage().lines().findFirst().orElse("")
                    + "); using the default settings.");
            return defaults();
        }
        Journal.Options options = Journal.Options.defaults();
        JsonNode journal = root == null ? null : root.path("journal");
        if (journal != null && journal.isObject()) {
            if (journal.has("force")) {
                String force = journal.path("force").asText("");
                try {
                    options = options.withPolicy(ForcePolicy.valueOf(force.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problems.accept("settings.json: journal.force must be always, interval or never, not '" + force
                            + "'; using interval.");
                }
            }
            if (journal.has("forceIntervalMillis")) {
                long millis = journal.path("forceIntervalMillis").asLong(-1);
                if (millis >= 1 && millis <= 10_000) {
                    options = options.withForceInterval(Duration.ofMillis(millis));
                } else {
                    problems.accept("settings.json: journal.forceIntervalMillis must be 1 to 10000; using 100.");
                }
            }
            if (journal.has("segmentBytes")) {
                long bytes = journal.path("segmentBytes").asLong(-1);
                if (bytes >= 4096) {
                    options = options.withSegmentBytes(bytes);
                } else {
                    problems.accept("settings.json: journal.segmentBytes must be at least 4096; using 4 MiB.");
                }
            }
        }
        return new Settings(options);
    }

    /** How the journal writes and forces. */
    public Journal.Options journal() {
        return journal;
    }
}
