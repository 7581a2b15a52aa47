package dev.tidemark.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The journal of a data directory: the scan of what was on disk when it was opened, and the
 * writer that appends to the newest segment from then on. Only the process holding the
 * {@link OwnerLock} opens a journal for writing; others use {@link #readOnly}.
 */
public final class Journal implements JournalAppender, AutoCloseable {

    public static final String DIRECTORY = "journal";
    public static final int FORMAT_VERSION = 1;

    /** How the writer forces records to disk. */
    public record Options(ForcePolicy policy, Duration forceInterval) {
        public static Options defaults() {
            return new Options(ForcePolicy.INTERVAL, Duration.ofMillis(100));
        }
    }

    private final JournalScan startupScan;
    private final JournalWriter writer;

    private Journal(JournalScan startupScan, JournalWriter writer) {
        this.startupScan = startupScan;
        this.writer = writer;
    }

    /**
     * Opens the journal for writing: scans it, cuts a torn tail off the newest segment so that
     * nothing is appended to half a line, and starts the writer thread. Call only while holding
     * the data directory's {@link OwnerLock}, and not on the FX thread.
     */
    public static Journal open(Path dataDir, Options options, Clock clock, Consumer<String> problems)
            throws IOException {
        Path dir = dataDir.resolve(DIRECTORY);
        Files.createDirectories(dir);
        JournalCodec codec = new JournalCodec();
        JournalReader reader = new JournalReader(codec);
        List<Path> segments = JournalReader.segments(dir);
        List<JournalRecord> records = new ArrayList<>();
        List<JournalScan.Problem> found = new ArrayList<>();
        long validLength = 0;
        for (Path segment : segments) {
            validLength = reader.scanSegment(segment, records, found);
        }
        JournalScan scan = new JournalScan(records, found);
        FileChannel channel;
        if (segments.isEmpty()) {
            channel = createSegment(dir, 1, codec, clock);
        } else {
            Path newest = segments.get(segments.size() - 1);
            channel = FileChannel.open(newest, StandardOpenOption.WRITE);
            if (channel.size() > validLength) {
                channel.truncate(validLength);
                channel.force(true);
            }
            channel.position(validLength);
        }
        return new Journal(scan, new JournalWriter(channel, codec, options.policy(), options.forceInterval(),
                problems));
    }

    /** Reads the journal without taking ownership: nothing is written, nothing is cut. */
    public static JournalScan readOnly(Path dataDir) {
        return new JournalReader(new JournalCodec()).scan(dataDir.resolve(DIRECTORY));
    }

    private static FileChannel createSegment(Path dir, long number, JournalCodec codec, Clock clock)
            throws IOException {
        Path file = dir.resolve(String.format("%08d", number) + JournalReader.SEGMENT_SUFFIX);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] salt = new byte[8];
        new SecureRandom().nextBytes(salt);
        byte[] header = codec.encode(new JournalRecord.SegmentHeader(FORMAT_VERSION, number,
                HexFormat.of().formatHex(salt), clock.instant()));
        channel.write(ByteBuffer.wrap(header));
        channel.force(true);
        AtomicFiles.forceDirectory(dir);
        return channel;
    }

    /** What was on disk when the journal was opened (the input of startup recovery). */
    public JournalScan startupScan() {
        return startupScan;
    }

    @Override
    public CompletableFuture<Void> append(JournalRecord record) {
        return writer.append(record);
    }

    public JournalWriter.Stats stats() {
        return writer.stats();
    }

    @Override
    public void close() {
        writer.close();
    }
}
