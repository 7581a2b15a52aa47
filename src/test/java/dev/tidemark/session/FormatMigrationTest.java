package dev.tidemark.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A format 1 file becomes the current format, its old bytes kept in the backups until they expire. */
class FormatMigrationTest {

    static final Instant MIGRATED = SessionMigrationTest.MIGRATED;

    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();

    private FormatMigration migration(SessionListing listing, Instant now) {
        return new FormatMigration(dir, SessionFiles.disk(), listing, Clock.fixed(now, ZoneOffset.UTC), p -> problems.add(p.message()));
    }

    @Test
    void migratesKeepsTheOldFileAndDropsItAfterKept() throws Exception {
        String id = SessionMigrationTest.LISBON;
        byte[] v1;
        try (InputStream in = getClass().getResourceAsStream("v1/" + id + ".json")) {
            v1 = in.readAllBytes();
        }
        Files.write(dir.resolve(id + ".json"), v1);
        SessionFiles disk = SessionFiles.disk();
        SessionListing listing = new SessionListing(dir, disk, new SessionIndex(dir, disk), true, p -> problems.add(p.message()));
        listing.load();

        assertThat(migration(listing, MIGRATED).migrate(id, v1)).isTrue();

        SessionCodec.Decoded now = new SessionCodec().decodeFile(Files.readAllBytes(dir.resolve(id + ".json")));
        assertThat(now.format()).isEqualTo(SessionCodec.FORMAT_VERSION);
        assertThat(now.session()).isEqualTo(new SessionCodec().decode(v1));
        assertThat(listing.summary(id).format()).isEqualTo(SessionCodec.FORMAT_VERSION);
        Path backups = dir.resolve(FormatMigration.BACKUPS);
        assertThat(Files.readAllBytes(backups.resolve(id + ".json"))).isEqualTo(v1);

        migration(listing, MIGRATED.plus(SessionStore.KEPT).minusSeconds(1)).dropOldBackups();
        assertThat(backups.resolve(id + ".json")).exists();
        migration(listing, MIGRATED.plus(SessionStore.KEPT).plusSeconds(1)).dropOldBackups();
        assertThat(backups).doesNotExist();
        assertThat(problems).isEmpty();
    }
}
