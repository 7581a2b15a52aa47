package dev.tidemark.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tidemark.bench.Workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The journal's hand-written decoder against Jackson's streaming parser, on the same journal in the
 * same process (the figure behind {@code docs/adr/0004-hand-written-journal-decoder.md}):
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.journal.JournalDecoderBenchmark
 * </pre>
 *
 * <p>The journal is {@link Workload#writeMixedJournal}'s (a crash with no checkpoint: interleaved
 * sessions, replies of 50–1,050 token records, reasoning, tool calls), written through the real
 * journal and read into memory, so that the disk is not measured. Four ways through every line:
 * <ul>
 *   <li><b>checksum only</b>: find the line, check its CRC32C — the floor both decoders stand on;</li>
 *   <li><b>hand-written</b>: {@link JournalDecoder#decode} with one {@link StreamIds} per segment,
 *       as {@code JournalReader} reads;</li>
 *   <li><b>Jackson</b>: the same CRC check, then Jackson's {@link JsonParser} over the line, member
 *       by member, into the same records;</li>
 *   <li><b>hand-written, text in place</b>: as the start-up scan reads since 2026-12-06, a text
 *       record's text checked but left undecoded until recovery asks for it.</li>
 * </ul>
 * The two decoders are first checked to produce equal records. Then {@code WARMUP} rounds of each,
 * then {@code ROUNDS} measured rounds, the four taking turns; medians are printed, in MB/s
 * (10⁶ bytes of journal a second) and as the ratio of Jackson's time to the hand-written one's.
 * Options: {@code -Dbench.mib=32}.
 */
public final class JournalDecoderBenchmark {

    private static final int WARMUP = 10;
    private static final int ROUNDS = 15;
    private static final long SEED = 20261206L;

    private JournalDecoderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long mib = Long.getLong("bench.mib", 32);
        Path dataDir = Files.createTempDirectory("tidemark-decoder-bench");
        try {
            Workload.MixedJournal written = new Workload(SEED).writeMixedJournal(dataDir, mib << 20);
            List<byte[]> segments = readSegments(dataDir.resolve(Journal.DIRECTORY));
            long bytes = segments.stream().mapToLong(s -> s.length).sum();
            System.out.printf("journal: %,d bytes in %d segments, %,d records (%,d sessions, %,d replies)%n",
                    bytes, segments.size(), written.records(), written.sessions(), written.streams());
            checkSameRecords(segments);

            List<Way> ways = List.of(new Way("checksum only", JournalDecoderBenchmark::checksumOnly),
                    new Way("hand-written (JournalDecoder)", JournalDecoderBenchmark::handWritten),
                    new Way("Jackson JsonParser", JournalDecoderBenchmark::jackson),
                    new Way("hand-written, text in place", JournalDecoderBenchmark::handWrittenInPlace));
            for (int round = 0; round < WARMUP; round++) {
                for (Way way : ways) {
                    way.run(segments);
                }
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < ways.size(); i++) {
                    ways.get((round + i) % ways.size()).timed(segments); // each goes first in turn
                }
            }
            System.out.printf("%-32s %10s %10s%n", "decoder", "median ms", "MB/s");
            for (Way way : ways) {
                System.out.printf("%-32s %10.1f %10.1f%n", way.name, way.medianMillis(),
                        bytes / 1e3 / way.medianMillis());
            }
            System.out.printf("Jackson / hand-written time: %.2f×%n",
                    ways.get(2).medianMillis() / ways.get(1).medianMillis());
            System.out.printf("text in place / hand-written time: %.2f×%n",
                    ways.get(3).medianMillis() / ways.get(1).medianMillis());
        } finally {
            deleteTree(dataDir);
        }
    }

    /** One way through the journal; keeps its measured times. */
    private static final class Way {
        final String name;
        final ToLongFunction<List<byte[]>> decode;
        final List<Double> millis = new ArrayList<>();

        Way(String name, ToLongFunction<List<byte[]>> decode) {
            this.name = name;
            this.decode = decode;
        }

        long run(List<byte[]> segments) {
            long lines = decode.applyAsLong(segments);
            if (lines <= 0) {
                throw new IllegalStateException(name + " read nothing");
            }
            return lines;
        }

        void timed(List<byte[]> segments) {
            long start = System.nanoTime();
            run(segments);
            millis.add((System.nanoTime() - start) / 1e6);
        }

        double medianMillis() {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted[sorted.length / 2];
        }
    }

    /** What a way does with one line: 1 when it read a record from it, else 0. */
    private interface LineReader {
        int read(byte[] b, int from, int to);
    }

    /** Every line of every segment, through a reader made anew for each segment (as the scan makes its ids). */
    private static long everyLine(List<byte[]> segments, Supplier<LineReader> perSegment) {
        long read = 0;
        for (byte[] b : segments) {
            LineReader reader = perSegment.get();
            int start = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == '\n') {
                    read += reader.read(b, start, i);
                    start = i + 1;
                }
            }
        }
        return read;
    }

    private static long checksumOnly(List<byte[]> segments) {
        CRC32C crc = new CRC32C();
        return everyLine(segments, () -> (b, from, to) -> LineChecksum.matches(b, from, to, crc) ? 1 : 0);
    }

    private static long handWritten(List<byte[]> segments) {
        return decoded(segments, false);
    }

    /** As the start-up scan reads: a text record's text checked but left undecoded in the segment's bytes. */
    private static long handWrittenInPlace(List<byte[]> segments) {
        return decoded(segments, true);
    }

    private static long decoded(List<byte[]> segments, boolean textInPlace) {
        JournalDecoder decoder = new JournalDecoder();
        return everyLine(segments, () -> {
            StreamIds ids = new StreamIds();
            return (b, from, to) -> decoder.decode(b, from, to, ids, textInPlace)
                    instanceof JournalDecoder.Decoded.Valid ? 1 : 0;
        });
    }

    private static long jackson(List<byte[]> segments) {
        JacksonLines lines = new JacksonLines();
        return everyLine(segments, () -> (b, from, to) -> lines.decode(b, from, to) != null ? 1 : 0);
    }

    /** Both decoders must read the same records, or the comparison means nothing. */
    private static void checkSameRecords(List<byte[]> segments) {
        JournalDecoder decoder = new JournalDecoder();
        JacksonLines jackson = new JacksonLines();
        long records = everyLine(segments, () -> (b, from, to) -> {
            JournalDecoder.Decoded ours = decoder.decode(b, from, to);
            JournalRecord theirs = jackson.decode(b, from, to);
            if (!(ours instanceof JournalDecoder.Decoded.Valid v) || !v.record().equals(theirs)) {
                throw new IllegalStateException("the decoders differ at a line: " + ours + " / " + theirs);
            }
            return 1;
        });
        System.out.printf("both decoders read the same %,d records%n", records);
    }

    /**
     * The baseline: a journal line read with Jackson's streaming parser, as the decoder would be
     * written without the hand-written parts. The same checksum check, then one pass over the
     * members into the same records.
     */
    private static final class JacksonLines {
        private final JsonFactory factory = new JsonFactory();
        private final CRC32C crc = new CRC32C();

        JournalRecord decode(byte[] b, int from, int to) {
            if (!LineChecksum.matches(b, from, to, crc)) {
                return null;
            }
            try (JsonParser parser = factory.createParser(b, from, to - from)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                RecordFields fields = new RecordFields(); // the members into records as the decoder does
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value == JsonToken.VALUE_STRING) {
                        fields.setString(name, parser.getText());
                    } else if (value == JsonToken.VALUE_NUMBER_INT) {
                        fields.setNumber(name, parser.getLongValue());
                    } else {
                        parser.skipChildren();
                    }
                }
                return fields.toRecord() instanceof JournalDecoder.Decoded.Valid valid ? valid.record() : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    private static List<byte[]> readSegments(Path journalDir) throws IOException {
        List<byte[]> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(journalDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                segments.add(Files.readAllBytes(file));
            }
        }
        return segments;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
