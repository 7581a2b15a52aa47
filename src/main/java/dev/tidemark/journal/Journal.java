package dev.tidemark.journal;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The journal of a data directory ({@code <data>/journal/}): segment files, a checkpoint saying
 * which of them are already in the session store, and a quarantine folder for damaged lines.
 *
 * <p>Opening it scans the segments after the checkpoint, keeps damaged lines aside, cuts a torn
 * tail off the newest segment so that nothing is appended to half a line, and starts the writer
 * thread. Only the process holding the data directory's {@link OwnerLock} opens a journal for
 * writing; others use {@link #readOnly}. Format: {@code docs/journal-format.md}; recovery:
 * {@code docs/recovery.md}.
 */
public final class Journal implements JournalAppender, AutoCloseable {

    public static final String DIRECTORY = "journal";
    /** The journal format this version writes, and the newest it reads (see {@code docs/journal-format.md}). */
    public static final int FORMAT_VERSION = 6;

    /**
     * A segment of the journal was written by a newer Tidemark: this one must not write to the
     * journal (nor cut, quarantine or checkpoint it), only read what it understands.
     */
    public static final class NewerFormat extends IOException {
        private final int format;

        public NewerFormat(int format) {
            super("its journal was written by a newer Tidemark (journal format " + format + "; this one knows up to "
                    + FORMAT_VERSION + ")");
            this.format = format;
        }

        public int format() {
            return format;
        }
    }

    /**
     * How the journal writes.
     *
     * @param policy        when written records are forced to the device
     * @param forceInterval the longest a token record waits to be forced (interval policy)
     * @param segmentBytes  a segment is closed and a new one started once it is this large
     * @param queueCapacity records queued before text starts to be coalesced in memory
     * @param storage       the file operations (tests put a recording layer here)
     */
    public record Options(ForcePolicy policy, Duration forceInterval, long segmentBytes, int queueCapacity,
                          JournalStorage storage) {
        public static Options defaults() {
            return new Options(ForcePolicy.INTERVAL, Duration.ofMillis(100), 4L << 20, 1 << 16, JournalStorage.REAL);
        }

        public Options withPolicy(ForcePolicy newPolicy) {
            return new Options(newPolicy, forceInterval, segmentBytes, queueCapacity, storage);
        }

        public Options withForceInterval(Duration interval) {
            return new Options(policy, interval, segmentBytes, queueCapacity, storage);
        }

        public Options withSegmentBytes(long bytes) {
            return new Options(policy, forceInterval, bytes, queueCapacity, storage);
        }

        public Options withQueueCapacity(int capacity) {
            return new Options(policy, forceInterval, segmentBytes, capacity, storage);
        }

        public Options withStorage(JournalStorage newStorage) {
            return new Options(policy, forceInterval, segmentBytes, queueCapacity, newStorage);
        }
    }

    /**
     * What opening found and did.
     *
     * @param scan          the records after the checkpoint, and the problems met
     * @param checkpoint    the segment the checkpoint covers (0 for none)
     * @param segmentsRead  how many segments were read
     * @param bytesRead     how many bytes were read
     * @param tailCut       bytes cut off the end of the newest segment
     * @param quarantined   damaged lines and tails kept aside in {@code journal/quarantine/}
     */
    public record Opening(JournalScan scan, long checkpoint, int segmentsRead, long bytesRead, long tailCut,
                          int quarantined) {
    }

    private final Opening opening;
    private final JournalWriter writer;

    private Journal(Opening opening, JournalWriter writer) {
        this.opening = opening;
        this.writer = writer;
    }

    /** Opens the journal for writing with no one listening to the writer's life. */
    public static Journal open(Path dataDir, Options options, Clock clock, Consumer<Problem> problems)
            throws IOException {
        return open(dataDir, options, clock, problems, new JournalWriter.Listener() { });
    }

    /**
     * Opens the journal for writing. Call only while holding the data directory's
     * {@link OwnerLock}, and not on the FX thread.
     *
     * @throws NewerFormat when a segment was written by a newer Tidemark (nothing was changed)
     */
    public static Journal open(Path dataDir, Options options, Clock clock, Consumer<Problem> problems,
                               JournalWriter.Listener listener) throws IOException {
        Path dir = dataDir.resolve(DIRECTORY);
        AtomicFiles.createDirectory(dir);
        JournalStorage storage = options.storage();
        JournalEncoder encoder = new JournalEncoder();
        SegmentHeaderWriter headers = new SegmentHeaderWriter(storage, encoder, clock);
        Scanned scanned = scan(dir, new JournalDecoder(), storage);
        for (JournalReader.SegmentScan segment : scanned.segments) {
            if (segment.version() > FORMAT_VERSION) {
                throw new NewerFormat(segment.version()); // before anything is written, cut or deleted
            }
        }
        int quarantined = 0;
        long tailCut = 0;

        // segments the checkpoint covers are in the store: a crash after the checkpoint left them
        new Checkpoints(dir, storage).deleteCovered(scanned.checkpoint);
        Quarantine quarantine = new Quarantine(dir, storage);
        for (JournalReader.SegmentScan segment : scanned.segments) {
            byte[] bytes = null;
            for (JournalReader.DamagedLine damaged : segment.damaged()) {
                bytes = bytes != null ? bytes : storage.read(segment.file());
                quarantined += quarantine.keep(segment.number() + "-" + damaged.offset() + ".damaged",
                        Arrays.copyOfRange(bytes, (int) damaged.offset(), (int) damaged.offset() + damaged.length()));
            }
        }

        FileChannel channel;
        long number;
        boolean hasRecords;
        if (scanned.segments.isEmpty()) {
            number = scanned.checkpoint + 1;
            channel = headers.createSegment(dir, number);
            hasRecords = false;
        } else {
            JournalReader.SegmentScan newest = scanned.segments.get(scanned.segments.size() - 1);
            number = newest.number();
            channel = storage.openForWriting(newest.file());
            if (newest.tailLength() > 0) {
                byte[] bytes = storage.read(newest.file());
                quarantined += quarantine.keep(number + "-" + newest.validLength() + ".tail",
                        Arrays.copyOfRange(bytes, (int) newest.validLength(), bytes.length));
                channel.truncate(newest.validLength());
                channel.force(true);
                tailCut = newest.tailLength();
            }
            channel.position(newest.validLength());
            if (!newest.headerOk() && newest.validLength() == 0) {
                headers.writeHeader(channel, number); // created by a crash before its header was written
            }
            hasRecords = newest.hasRecords();
            if (newest.headerOk() && newest.version() < FORMAT_VERSION) {
                // written by an older Tidemark: this one's records go to a segment whose header names its
                // format, so that an older build meeting them opens the journal read-only
                channel.close();
                number = newest.number() + 1;
                channel = headers.createSegment(dir, number);
                hasRecords = false;
            }
        }
        Opening opening = new Opening(scanned.scan(), scanned.checkpoint, scanned.segments.size(),
                scanned.bytesRead, tailCut, quarantined);
        JournalWriter writer = new JournalWriter(dir, storage, encoder, headers, options, clock, channel, number,
                hasRecords, problems, listener);
        return new Journal(opening, writer);
    }

    /**
     * Checks, reading only the first line of each segment, that no segment was written by a newer
     * Tidemark. Call before anything else in the data directory is changed.
     *
     * @throws NewerFormat when one was
     */
    public static void requireKnownFormat(Path dataDir) throws NewerFormat {
        Path dir = dataDir.resolve(DIRECTORY);
        JournalDecoder decoder = new JournalDecoder();
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Segments.number(file).isEmpty()) {
                    continue;
                }
                byte[] head;
                try (var in = Files.newInputStream(file)) {
                    head = in.readNBytes(4096);
                }
                int end = 0;
                while (end < head.length && head[end] != '\n') {
                    end++;
                }
                if (end < head.length && decoder.decode(head, 0, end) instanceof JournalDecoder.Decoded.Valid valid
                        && valid.record() instanceof JournalRecord.SegmentHeader header
                        && header.formatVersion() > FORMAT_VERSION) {
                    throw new NewerFormat(header.formatVersion());
                }
            }
        } catch (NewerFormat e) {
            throw e;
        } catch (IOException e) {
            // no journal yet, or one that cannot be read: opening it says so
        }
    }

    /** Reads the journal without taking ownership: nothing is written, nothing is cut. */
    public static JournalScan readOnly(Path dataDir) {
        try {
            return scan(dataDir.resolve(DIRECTORY), new JournalDecoder(), JournalStorage.REAL).scan();
        } catch (IOException e) {
            return new JournalScan(List.of(), List.of(new JournalScan.Problem(dataDir.resolve(DIRECTORY), 0,
                    "cannot read the journal: " + e.getMessage())));
        }
    }

    /**
     * What {@code fsck} reports about the journal: the scan of the live segments, with segments the
     * checkpoint covers but which are still present counted as problems. Writes nothing.
     *
     * @param quarantined items kept in {@code journal/quarantine/} by earlier starts
     */
    public record Inspection(JournalScan scan, long checkpoint, int segments, int quarantined) {
    }

    public static Inspection inspect(Path dataDir) {
        Path dir = dataDir.resolve(DIRECTORY);
        try {
            Scanned scanned = scan(dir, new JournalDecoder(), JournalStorage.REAL);
            List<JournalScan.Problem> problems = new ArrayList<>(scanned.scan().problems());
            for (Path file : JournalStorage.REAL.list(dir)) {
                var number = Segments.number(file);
                if (number.isPresent() && number.getAsLong() <= scanned.checkpoint()) {
                    problems.add(new JournalScan.Problem(file, 0, "already covered by the checkpoint but still"
                            + " present (a checkpoint cut short); the next start removes it"));
                }
            }
            int quarantined = JournalStorage.REAL.list(dir.resolve(Segments.QUARANTINE_DIRECTORY)).size();
            return new Inspection(new JournalScan(scanned.scan().records(), problems), scanned.checkpoint(),
                    scanned.segments().size(), quarantined);
        } catch (IOException e) {
            return new Inspection(new JournalScan(List.of(), List.of(new JournalScan.Problem(dir, 0,
                    "cannot read the journal: " + e.getMessage()))), 0, 0, 0);
        }
    }

    /** One segment's records, or why it could not be read. */
    private record SegmentRead(JournalReader.SegmentScan scan, List<JournalRecord> records, IOException failure) {
    }

    private static SegmentRead read(JournalReader reader, Path file) {
        List<JournalRecord> records = new ArrayList<>();
        try {
            return new SegmentRead(reader.scanSegment(file, records), records, null);
        } catch (IOException e) {
            return new SegmentRead(null, List.of(), e);
        }
    }

    /** The segments after the checkpoint, read in order. */
    record Scanned(JournalScan scan, long checkpoint, List<JournalReader.SegmentScan> segments, long bytesRead) {
    }

    static Scanned scan(Path dir, JournalDecoder decoder, JournalStorage storage) throws IOException {
        List<JournalScan.Problem> problems = new ArrayList<>();
        long checkpoint = new Checkpoints(dir, storage).read(decoder, problems);
        JournalReader reader = new JournalReader(decoder, storage);
        List<JournalReader.SegmentScan> segments = new ArrayList<>();
        long bytes = 0;
        List<Path> files = reader.segments(dir, checkpoint);
        long total = 0;
        for (Path file : files) {
            try {
                total += Files.size(file);
            } catch (IOException gone) {
                // read below, where a missing file is reported
            }
        }
        // lines are 90 bytes on average: size the list once instead of growing it a dozen times
        List<JournalRecord> records = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, total / 80 + 16));
        // segments are independent: read and decode them on all cores, then join them in order
        List<SegmentRead> reads = files.size() > 1
                ? files.parallelStream().map(file -> read(reader, file)).toList()
                : files.stream().map(file -> read(reader, file)).toList();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            SegmentRead read = reads.get(i);
            if (read.failure() != null) {
                problems.add(new JournalScan.Problem(file, 0, "cannot read: " + read.failure().getMessage()));
                continue;
            }
            JournalReader.SegmentScan segment = read.scan();
            records.addAll(read.records());
            segments.add(segment);
            bytes += segment.size();
            for (JournalReader.DamagedLine d : segment.damaged()) {
                problems.add(new JournalScan.Problem(file, d.offset(), "damaged line (" + d.reason() + ")"));
            }
            if (segment.tailLength() > 0) {
                boolean newest = i == files.size() - 1;
                problems.add(new JournalScan.Problem(file, segment.validLength(), (newest ? "torn tail" : "damaged end")
                        + " of " + segment.tailLength() + " bytes after the last complete record"));
            }
            if (!segment.headerOk() && segment.size() > 0) {
                problems.add(new JournalScan.Problem(file, 0, "no segment header"));
            }
        }
        return new Scanned(new JournalScan(records, problems), checkpoint, segments, bytes);
    }

    /** What opening found and did; its scan is the input of startup recovery. */
    public Opening opening() {
        return opening;
    }

    /** What was on disk after the checkpoint when the journal was opened. */
    public JournalScan startupScan() {
        return opening.scan();
    }

    @Override
    public CompletableFuture<Void> append(JournalRecord record) {
        return writer.append(record);
    }

    /** Closes the current segment and starts a new one; completes with the closed segment's number. */
    public CompletableFuture<Long> rotate() {
        return writer.rotate();
    }

    /** The highest segment whose streams have all ended. */
    public long checkpointable() {
        return writer.checkpointable();
    }

    /**
     * Records that segments up to {@code through} are fully in the session store and deletes them.
     * The caller must have made sure the store holds, on disk, everything those segments say.
     */
    public CompletableFuture<Void> checkpoint(long through) {
        return writer.checkpoint(through);
    }

    /** Keeps records that recovery could not place in {@code journal/quarantine/}. */
    public CompletableFuture<Void> quarantine(List<JournalRecord> records) {
        return writer.quarantine(records);
    }

    public JournalWriter.Stats stats() {
        return writer.stats();
    }

    @Override
    public void close() {
        writer.close();
    }
}
