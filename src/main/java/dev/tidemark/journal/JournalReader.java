package dev.tidemark.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads segment files. Never throws on content: damaged lines are reported and skipped, a last line
 * without its newline (a write cut short by a crash) is reported as a torn tail.
 */
public final class JournalReader {

    static final String SEGMENT_SUFFIX = ".jsonl";

    private final JournalCodec codec;

    public JournalReader(JournalCodec codec) {
        this.codec = codec;
    }

    /** Segment files of a journal directory, oldest first. */
    public static List<Path> segments(Path journalDir) throws IOException {
        if (!Files.isDirectory(journalDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(journalDir)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{8}\\" + SEGMENT_SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    /** Reads every segment in order. I/O errors on a file are reported as problems of that file. */
    public JournalScan scan(Path journalDir) {
        List<JournalRecord> records = new ArrayList<>();
        List<JournalScan.Problem> problems = new ArrayList<>();
        List<Path> segments;
        try {
            segments = segments(journalDir);
        } catch (IOException e) {
            problems.add(new JournalScan.Problem(journalDir, 0, "cannot list the journal: " + e.getMessage()));
            return new JournalScan(records, problems);
        }
        for (Path segment : segments) {
            scanSegment(segment, records, problems);
        }
        return new JournalScan(records, problems);
    }

    /**
     * Reads one segment.
     *
     * @return the length of its valid prefix: the offset after the last complete line
     */
    long scanSegment(Path segment, List<JournalRecord> records, List<JournalScan.Problem> problems) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(segment);
        } catch (IOException e) {
            problems.add(new JournalScan.Problem(segment, 0, "cannot read: " + e.getMessage()));
            return 0;
        }
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (i > lineStart) {
                JournalCodec.Decoded decoded = codec.decode(bytes, lineStart, i);
                if (decoded instanceof JournalCodec.Decoded.Valid valid) {
                    if (!(valid.record() instanceof JournalRecord.SegmentHeader)) {
                        records.add(valid.record());
                    }
                } else if (decoded instanceof JournalCodec.Decoded.Damaged damaged) {
                    problems.add(new JournalScan.Problem(segment, lineStart, "damaged line: " + damaged.reason()));
                }
            }
            lineStart = i + 1;
        }
        if (lineStart < bytes.length) {
            problems.add(new JournalScan.Problem(segment, lineStart,
                    "torn tail of " + (bytes.length - lineStart) + " bytes (a write cut short)"));
        }
        return lineStart;
    }
}
