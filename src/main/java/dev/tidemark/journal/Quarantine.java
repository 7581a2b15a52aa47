package dev.tidemark.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The folder {@code journal/quarantine/}, where the journal keeps what it will not read again but
 * must not throw away: damaged lines and torn tails found at opening, and records recovery could
 * not place.
 */
final class Quarantine {

    private final Path folder;
    private final JournalStorage storage;

    Quarantine(Path journalDir, JournalStorage storage) {
        this.folder = journalDir.resolve(Segments.QUARANTINE_DIRECTORY);
        this.storage = storage;
    }

    /**
     * Keeps bytes under a name that makes doing it twice harmless.
     *
     * @return 1 when they were kept, 0 when a file of that name was there already
     */
    int keep(String name, byte[] bytes) throws IOException {
        AtomicFiles.createDirectory(folder);
        Path file = folder.resolve(name);
        if (Files.exists(file)) {
            return 0;
        }
        storage.replace(file, bytes);
        return 1;
    }

    /** Keeps records as journal lines in a file named after the time. */
    void keepRecords(List<JournalRecord> records, JournalEncoder encoder, Clock clock) throws IOException {
        AtomicFiles.createDirectory(folder);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JournalRecord r : records) {
            out.write(encoder.encode(r));
        }
        storage.replace(folder.resolve("unplaced-" + clock.instant().toEpochMilli() + Segments.SUFFIX),
                out.toByteArray());
    }
}
