package dev.tidemark.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Moves a session file of an older format to the current one when it is first opened or written
 * (never every file at start: start-up does not grow with the history), keeping the old file in
 * {@code backup-v<format>/} for {@link SessionStore#KEPT}, then dropping it. See
 * {@code docs/session-format.md}.
 */
final class FormatMigration {

    /** Where the files of format 1 are kept after migrating them. */
    static final String BACKUPS = backupsOf(1);
    /** In each backups folder: when each of its files was migrated. */
    static final String MARKER = "migration.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final SessionFiles files;
    private final SessionListing listing;
    private final Clock clock;
    private final Consumer<Problem> problems;
    private final SessionCodec codec = new SessionCodec();

    FormatMigration(Path dir, SessionFiles files, SessionListing listing, Clock clock, Consumer<Problem> problems) {
        this.dir = dir;
        this.files = files;
        this.listing = listing;
        this.clock = clock;
        this.problems = problems;
    }

    /** {@code backup-v<format>}: where files of that format are kept after migrating them. */
    static String backupsOf(int format) {
        return "backup-v" + format;
    }

    /**
     * Rewrites one file of an older format in the current one, when it reads whole: the new file
     * is written next to the old ({@code <id>.json.migrating}), read back and compared with the
     * old one's content; only then is the old file copied to {@code backup-v<format>/}, the time
     * noted in that folder's {@code migration.json}, and the new one renamed over it. A file that
     * does not read back the same is left as it was (this version reads it anyway), and said so.
     *
     * @param before the file's bytes, as just read
     * @return true when the file is now in the current format
     */
    boolean migrate(String id, byte[] before) {
        try {
            SessionCodec.Decoded decoded = codec.decodeFile(before);
            if (decoded.format() >= SessionCodec.FORMAT_VERSION) {
                return true;
            }
            Path file = dir.resolve(id + ".json");
            Path next = dir.resolve(id + ".json.migrating");
            files.replace(next, codec.encode(decoded.session()));
            SessionCodec.Decoded back = codec.decodeFile(files.read(next));
            if (back.format() != SessionCodec.FORMAT_VERSION || !back.session().equals(decoded.session())) {
                files.delete(next);
                throw new IOException("the new file did not read back the same");
            }
            Path backups = dir.resolve(backupsOf(decoded.format()));
            files.createDirectory(backups);
            files.replace(backups.resolve(id + ".json"), before);
            noteMigrated(backups, decoded.format(), id);
            files.move(next, file);
            // a migration that went well is not news: docs/session-format.md tells it
            SessionSummary migrated = SessionSummary.of(back.session(), back.format());
            listing.list(migrated);
            listing.written(migrated, SessionIndex.FileStamp.of(files.attributes(file)),
                    SessionIndex.attachmentsOf(back.session()));
            return true;
        } catch (IOException e) {
            problems.accept(new Problem.Note(Area.SESSIONS, "Could not move the chat in sessions/" + id
                    + ".json to the new file format (" + IoProblems.describe(e)
                    + "); it is left as it was, and opens as before."));
            return false;
        }
    }

    private void noteMigrated(Path backups, int from, String id) throws IOException {
        Path marker = backups.resolve(MARKER);
        ObjectNode note = files.exists(marker) && JSON.readTree(files.read(marker)) instanceof ObjectNode o ? o
                : JSON.createObjectNode();
        note.put("from", from);
        note.put("to", SessionCodec.FORMAT_VERSION);
        if (!note.hasNonNull("migratedAt")) {
            note.put("migratedAt", clock.instant().toString());
        }
        ObjectNode each = note.has("files") && note.get("files") instanceof ObjectNode o ? o : note.putObject("files");
        each.put(id, clock.instant().toString());
        files.replace(marker, JSON.writeValueAsBytes(note));
    }

    /**
     * Backups of migrated files are removed {@link SessionStore#KEPT} after their migration, each
     * only when its session's current file reads whole in a newer format (or the session was
     * deleted since). Reads the markers only, never a session file.
     */
    void dropOldBackups() {
        for (int format = SessionCodec.OLDEST_FORMAT; format < SessionCodec.FORMAT_VERSION; format++) {
            Path backups = dir.resolve(backupsOf(format));
            Path marker = backups.resolve(MARKER);
            if (!files.exists(marker)) {
                continue;
            }
            try {
                dropOldBackups(backups, marker, format);
            } catch (IOException | RuntimeException e) {
                problems.accept(new Problem.Note(Area.SESSIONS, "Could not tidy sessions/" + backupsOf(format)
                        + "/ (" + Problem.describe(e) + "); it is left as it is."));
            }
        }
    }

    private void dropOldBackups(Path backups, Path marker, int format) throws IOException {
        JsonNode note = JSON.readTree(files.read(marker));
        Instant all = Instant.parse(note.path("migratedAt").asText());
        JsonNode each = note.path("files");
        Instant now = clock.instant();
        boolean kept = false;
        boolean dropped = false;
        for (Path backup : files.list(backups, ".json")) {
            String name = backup.getFileName().toString();
            if (name.equals(MARKER)) {
                continue;
            }
            String id = name.substring(0, name.length() - ".json".length());
            Instant at = each.path(id).isTextual() ? Instant.parse(each.path(id).asText()) : all;
            SessionSummary current = listing.summary(id);
            if (!now.isBefore(at.plus(SessionStore.KEPT))
                    && (current == null || (!current.damaged() && current.format() > format))) {
                files.delete(backup);
                dropped = true;
                if (note instanceof ObjectNode o && o.get("files") instanceof ObjectNode f) {
                    f.remove(id);
                }
            } else {
                kept = true;
            }
        }
        if (!kept) {
            files.delete(marker);
            files.delete(backups);
        } else if (dropped) {
            files.replace(marker, JSON.writeValueAsBytes(note));
        }
        if (dropped) {
            files.forceDirectory(dir);
        }
    }
}
