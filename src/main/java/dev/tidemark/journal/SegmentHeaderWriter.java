package dev.tidemark.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Writes the header line that starts every segment (format version, segment number, a random
 * salt, the time), forced before anything follows it; and creates new segments with it. The
 * one place a header is written, whether at opening or when the writer rolls to the next segment.
 */
final class SegmentHeaderWriter {

    private static final int SALT_BYTES = 8;

    private final JournalStorage storage;
    private final JournalEncoder encoder;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SegmentHeaderWriter(JournalStorage storage, JournalEncoder encoder, Clock clock) {
        this.storage = storage;
        this.encoder = encoder;
        this.clock = clock;
    }

    /**
     * Creates segment {@code number} in {@code dir} with its header, both forced, and forces the
     * directory entry. Returns it open for writing at its end.
     *
     * @throws java.nio.file.FileAlreadyExistsException when the segment exists already
     */
    FileChannel createSegment(Path dir, long number) throws IOException {
        FileChannel created = storage.create(Segments.path(dir, number));
        try {
            writeHeader(created, number);
            storage.forceDirectory(dir);
            return created;
        } catch (IOException e) {
            created.close();
            // a full disk, most often: a file without its header holds nothing, and a retry every second
            // must not leave one empty segment behind per attempt
            try {
                storage.delete(Segments.path(dir, number));
            } catch (IOException ignored) {
                // then it stays: startup and fsck read a segment without a header as empty
            }
            throw e;
        }
    }

    /** Writes the header line of segment {@code number} at the channel's position, and forces it. */
    void writeHeader(FileChannel channel, long number) throws IOException {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        ByteBuffer header = ByteBuffer.wrap(encoder.encode(new JournalRecord.SegmentHeader(
                Journal.FORMAT_VERSION, number, HexFormat.of().formatHex(salt), clock.instant())));
        while (header.hasRemaining()) {
            channel.write(header);
        }
        channel.force(true);
    }
}
