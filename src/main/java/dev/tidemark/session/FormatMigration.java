package dev.tidemark.session;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Moves session files of an older format to the current one when the owner opens the store,
 * keeping each old file in {@code backup-v1/} for {@link SessionStore#KEPT}, then dropping the
 * backups. See {@code docs/session-format.md}.
 */
final class FormatMigration {

    /** Where the files of format 1 are kept after migrating them to format 2. */
    static final String BACKUPS = "backup-v1";
    /** In {@link #BACKUPS}: when the migration ran. */
    static final String MARKER = "migration.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path backups;
    private final SessionFiles files;
    private final SessionListing listing;
    private final Clock clock;
    private final Consumer<Problem> problems;
    private final SessionCodec codec = new SessionCodec();

    FormatMigration(Path dir, SessionFiles files, SessionListing listing, Clock clock, Consumer<Problem> problems) {
        this.dir = dir;
        this.backups = dir.resolve(BACKUPS);
        this.files = files;
        this.listing = listing;
        this.clock = clock;
        this.problems = problems;
    }

    /**
     * Rewrites each file of an older format in the current one: the new file is written next to
     * the old ({@code <id>.json.migrating}), read back and compared with the old one's content;
     * only then is the old file copied to {@code backup-v1/} and the new one renamed over it. A
     * file that does not read back the same is left as it was (this version reads it anyway).
     */
    void migrate() throws IOException {
        List<String> old = listing.summaries().values().stream()
                .filter(s -> s.format() >= SessionCodec.OLDEST_FORMAT && s.format() < SessionCodec.FORMAT_VERSION
                        && !s.damaged())
                .map(SessionSummary::id).sorted().toList();
        if (old.isEmpty()) {
            return;
        }
        files.createDirectory(backups);
        Path marker = backups.resolve(MARKER);
        if (!files.exists(marker)) {
            files.replace(marker, JSON.writeValueAsBytes(Map.of("from", SessionCodec.OLDEST_FORMAT,
                    "to", SessionCodec.FORMAT_VERSION, "migratedAt", clock.instant().toString())));
        }
        for (String id : old) {
            try {
                migrateOne(id);
            } catch (IOException e) {
                problems.accept(new Problem.Note(Area.SESSIONS, "Could not move the chat in sessions/" + id
                        + ".json to the new file format (" + IoProblems.describe(e)
                        + "); it is left as it was, and opens as before."));
            }
        }
    }

    private void migrateOne(String id) throws IOException {
        Path file = dir.resolve(id + ".json");
        byte[] before = files.read(file);
        SessionCodec.Decoded decoded = codec.decodeFile(before);
        if (decoded.format() >= SessionCodec.FORMAT_VERSION) {
            return;
        }
        Path next = dir.resolve(id + ".json.migrating");
        files.replace(next, codec.encode(decoded.session()));
        SessionCodec.Decoded back = codec.decodeFile(files.read(next));
        if (back.format() != SessionCodec.FORMAT_VERSION || !back.session().equals(decoded.session())) {
            files.delete(next);
            throw new IOException("the new file did not read back the same");
        }
        files.replace(backups.resolve(id + ".json"), before);
        files.move(next, file);
        // a migration that went well is not news: docs/session-format.md tells it
        SessionSummary migrated = SessionSummary.of(back.session(), back.format());
        listing.list(migrated);
        listing.written(migrated, SessionIndex.FileStamp.of(files.attributes(file)));
    }

    /**
     * Backups of migrated files are removed {@link SessionStore#KEPT} after the migration, each only
     * when its session's current file reads whole in the new format (or the session was deleted since).
     */
    void dropOldBackups() {
        Path marker = backups.resolve(MARKER);
        if (!files.exists(marker)) {
            return;
        }
        try {
            Instant migratedAt = Instant.parse(JSON.readTree(files.read(marker)).path("migratedAt").asText());
            if (clock.instant().isBefore(migratedAt.plus(SessionStore.KEPT))) {
                return;
            }
            boolean kept = false;
            for (Path backup : files.list(backups, ".json")) {
                String name = backup.getFileName().toString();
                if (name.equals(MARKER)) {
                    continue;
                }
                SessionSummary now = listing.summary(name.substring(0, name.length() - ".json".length()));
                if (now == null || (!now.damaged() && now.format() == SessionCodec.FORMAT_VERSION)) {
                    files.delete(backup);
                } else {
                    kept = true;
                }
            }
            if (!kept) {
                files.delete(marker);
                files.delete(backups);
            }
            files.forceDirectory(dir);
        } catch (IOException | RuntimeException e) {
            problems.accept(new Problem.Note(Area.SESSIONS, "Could not tidy sessions/" + BACKUPS + "/ ("
                    + Problem.describe(e) + "); it is left as it is."));
        }
    }
}
