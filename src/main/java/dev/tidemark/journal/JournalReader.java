package dev.tidemark.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads segment files. Never throws on content: a damaged line is reported and skipped (the scan
 * picks up again at the next line); whatever follows the last good line of a file — half a line
 * cut short by a crash, zeros, garbage — is its tail.
 */
public final class JournalReader {

    private final JournalDecoder decoder;
    private final JournalStorage storage;

    public JournalReader(JournalDecoder decoder, JournalStorage storage) {
        this.decoder = decoder;
        this.storage = storage;
    }

    /** A damaged line: where it is and what is wrong. */
    public record DamagedLine(long offset, int length, String reason) {
    }

    /**
     * One segment as read.
     *
     * @param validLength offset just after the last good line (the tail starts here)
     * @param size        the file's size
     * @param hasRecords  whether it holds any record besides its header
     * @param damaged     damaged lines before the tail
     * @param headerOk    whether its first line is a good segment header
     * @param version     the journal format its header names (0 without a good header)
     */
    public record SegmentScan(Path file, long number, long validLength, long size, boolean hasRecords,
                              List<DamagedLine> damaged, boolean headerOk, int version) {
        public long tailLength() {
            return size - validLength;
        }
    }

    /** The segment files of a journal directory numbered above {@code after}, oldest first. */
    public List<Path> segments(Path journalDir, long after) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path file : storage.list(journalDir)) {
            OptionalLong number = Segments.number(file);
            if (number.isPresent() && number.getAsLong() > after) {
                out.add(file);
            }
        }
        return out;
    }

    /**
     * Reads one segment, adding its records to {@code records}.
     *
     * @throws IOException when the file cannot be read at all
     */
    public SegmentScan scanSegment(Path segment, List<JournalRecord> records) throws IOException {
        byte[] bytes = storage.read(segment);
        List<DamagedLine> damaged = new ArrayList<>();
        int lineStart = 0;
        int validEnd = 0;
        boolean hasRecords = false;
        boolean headerOk = false;
        boolean first = true;
        int version = 0;
        StreamIds ids = new StreamIds();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            // the segment's bytes are this scan's own: text records keep their text there, undecoded
            // until recovery asks for it (most replies are in the session store already)
            JournalDecoder.Decoded decoded = decoder.decode(bytes, lineStart, i, ids, true);
            if (decoded instanceof JournalDecoder.Decoded.Valid valid) {
                if (valid.record() instanceof JournalRecord.SegmentHeader header) {
                    if (first) {
                        headerOk = true;
                        version = header.formatVersion();
                    }
                } else {
                    records.add(valid.record());
                    hasRecords = true;
                }
                validEnd = i + 1;
            } else if (decoded instanceof JournalDecoder.Decoded.UnknownType) {
                validEnd = i + 1; // a newer version's record: good, just not ours to read
            } else if (decoded instanceof JournalDecoder.Decoded.Damaged d) {
                damaged.add(new DamagedLine(lineStart, i + 1 - lineStart, d.reason()));
            }
            first = false;
            lineStart = i + 1;
        }
        // damaged lines after the last good one belong to the tail, not the middle
        List<DamagedLine> middle = new ArrayList<>();
        for (DamagedLine d : damaged) {
            if (d.offset() < validEnd) {
                middle.add(d);
            }
        }
        return new SegmentScan(segment, Segments.number(segment).orElse(-1), validEnd, bytes.length, hasRecords,
                middle, headerOk, version);
    }
}
