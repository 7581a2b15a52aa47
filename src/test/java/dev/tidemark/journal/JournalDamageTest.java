package dev.tidemark.journal;

import dev.tidemark.model.MessageStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the reader makes of a journal that was cut short or damaged: exactly the complete records
 * before the cut, and every damaged record detected, never a crash, never a changed record.
 */
class JournalDamageTest {

    private static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    static Path original;

    /** A representative segment: a header, interleaved streams, escapes, multi-byte text. */
    private static byte[] segment;
    private static List<JournalRecord> written;
    /** For each record, the offset just after its line. */
    private static long[] lineEnds;

    @BeforeAll
    static void writeRepresentativeJournal() throws Exception {
        written = new ArrayList<>();
        written.add(new JournalRecord.SessionCreated("s1", "New chat", AT));
        written.add(new JournalRecord.UserMessage("s1", "u1", "Quote \"this\", tab\there,\nnewline, é, 😀, \u2028 end", AT));
        written.add(new JournalRecord.StreamStarted("a", "s1", "openai", "gpt-4o", AT));
        written.add(new JournalRecord.UserMessage("s2", "u2", "second session", AT));
        written.add(new JournalRecord.StreamStarted("b", "s2", "anthropic", "claude", AT));
        for (int i = 1; i <= 20; i++) {
            written.add(new JournalRecord.TextDelta("a", i, "α" + i + " \\ "));
            written.add(i % 4 == 0 ? new JournalRecord.ReasoningDelta("b", i, "thinking " + i)
                    : new JournalRecord.TextDelta("b", i, "日本語 " + i + "\n"));
        }
        written.add(new JournalRecord.ToolCallDelta("b", 21, 0, "call_1", "lookup", "{\"q\":\"tides"));
        written.add(new JournalRecord.StreamEnded("a", 21, MessageStatus.COMPLETE, null, AT));
        written.add(new JournalRecord.StreamEnded("b", 22, MessageStatus.ERROR, "The server said \"no\".", AT));
        try (Journal journal = Journal.open(original, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            for (JournalRecord r : written) {
                journal.append(r);
            }
            journal.append(new JournalRecord.SessionCreated("last", "x", AT)).get(10, TimeUnit.SECONDS);
        }
        written.add(new JournalRecord.SessionCreated("last", "x", AT));
        segment = Files.readAllBytes(original.resolve("journal/00000001.jsonl"));
        List<Long> ends = new ArrayList<>();
        for (int i = 0; i < segment.length; i++) {
            if (segment[i] == '\n') {
                ends.add((long) i + 1);
            }
        }
        assertThat(ends).hasSize(written.size() + 1); // + the header
        lineEnds = ends.subList(1, ends.size()).stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void truncationAtEveryByteOffsetYieldsExactlyThePrefixOfCompleteRecords(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("00000001.jsonl");
        JournalReader reader = new JournalReader(new JournalDecoder(), JournalStorage.REAL);
        for (int cut = 0; cut <= segment.length; cut++) {
            Files.write(file, Arrays.copyOf(segment, cut));
            List<JournalRecord> records = new ArrayList<>();
            JournalReader.SegmentScan scan = reader.scanSegment(file, records);
            int complete = 0;
            while (complete < lineEnds.length && lineEnds[complete] <= cut) {
                complete++;
            }
            assertThat(records).as("cut at %d", cut).isEqualTo(written.subList(0, complete));
            assertThat(scan.damaged()).as("cut at %d", cut).isEmpty();
            assertThat(scan.validLength() + scan.tailLength()).isEqualTo(cut);
        }
    }

    @Test
    void everySingleBitFlipIsDetectedAndNothingElseIsLost(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("00000001.jsonl");
        JournalReader reader = new JournalReader(new JournalDecoder(), JournalStorage.REAL);
        Random random = new Random(42);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] damaged = segment.clone();
            int at = random.nextInt(damaged.length);
            damaged[at] ^= (byte) (1 << random.nextInt(8));
            Files.write(file, damaged);
            List<JournalRecord> records = new ArrayList<>();
            JournalReader.SegmentScan scan = reader.scanSegment(file, records);
            assertThat(written).as("flip at byte %d: every record read is one that was written", at)
                    .containsAll(records);
            int hit = lineOf(at);
            if (hit >= 0) {
                assertThat(records).as("flip at byte %d hits record %d", at, hit).doesNotContain(written.get(hit));
                assertThat(records).hasSizeGreaterThanOrEqualTo(written.size() - 2); // a flipped '\n' joins two lines
            } else {
                assertThat(records).as("a flip in the header costs no record").hasSize(written.size());
            }
            assertThat(scan.damaged().size() + (scan.tailLength() > 0 ? 1 : 0) + (scan.headerOk() ? 0 : 1))
                    .as("flip at byte %d is reported", at).isPositive();
        }
    }

    @Test
    void zeroedDuplicatedAndGarbageBlocksAreDetectedNeverCrash(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("00000001.jsonl");
        JournalReader reader = new JournalReader(new JournalDecoder(), JournalStorage.REAL);
        Random random = new Random(7);
        for (int trial = 0; trial < 600; trial++) {
            byte[] damaged = segment.clone();
            int block = trial % 2 == 0 ? 512 : 4096;
            int kind = trial % 3;
            int start = (random.nextInt(Math.max(1, damaged.length / 512))) * 512;
            if (kind == 0) { // zeroed block, as an unflushed page after a power cut
                Arrays.fill(damaged, start, Math.min(damaged.length, start + block), (byte) 0);
            } else if (kind == 1) { // a block written twice (the next one overwritten by a copy)
                int from = Math.max(0, start - block);
                System.arraycopy(segment, from, damaged, start, Math.min(block, damaged.length - start));
            } else { // garbage
                byte[] noise = new byte[Math.min(block, damaged.length - start)];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, damaged, start, noise.length);
            }
            Files.write(file, damaged);
            List<JournalRecord> records = new ArrayList<>();
            JournalReader.SegmentScan scan = reader.scanSegment(file, records);
            assertThat(written).as("trial %d: no record is made up or changed", trial).containsAll(records);
            if (!Arrays.equals(damaged, segment)) {
                boolean lost = records.size() < written.size() || !records.equals(written);
                boolean reported = !scan.damaged().isEmpty() || scan.tailLength() > 0 || !scan.headerOk();
                assertThat(lost || records.size() > written.size()).as("trial %d changes what is read", trial)
                        .isTrue();
                if (records.size() <= written.size()) {
                    assertThat(reported).as("trial %d: the damage is reported", trial).isTrue();
                }
            }
        }
    }

    @Test
    void garbageAndZerosAtTheTailAreCutAndAppendingGoesOn(@TempDir Path dir) throws Exception {
        for (byte[] tail : List.of(new byte[4096], "garbage\u0000\u0001{\"crc\":\"zz".getBytes(),
                "{\"crc\":\"00000000\",\"type\":\"stream.text\"}\n".getBytes())) {
            Path data = Files.createTempDirectory(dir, "d");
            Files.createDirectories(data.resolve("journal"));
            byte[] withTail = Arrays.copyOf(segment, segment.length + tail.length);
            System.arraycopy(tail, 0, withTail, segment.length, tail.length);
            Files.write(data.resolve("journal/00000001.jsonl"), withTail);
            try (Journal journal = Journal.open(data, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
                assertThat(journal.startupScan().records()).isEqualTo(written);
                assertThat(journal.opening().tailCut()).isEqualTo(tail.length);
                assertThat(journal.opening().quarantined()).isEqualTo(1);
                journal.append(new JournalRecord.SessionCreated("after", "y", AT)).get(10, TimeUnit.SECONDS);
            }
            JournalScan again = Journal.readOnly(data);
            assertThat(again.problems()).isEmpty();
            assertThat(again.records()).endsWith(new JournalRecord.SessionCreated("after", "y", AT));
            assertThat(data.resolve("journal/quarantine/1-" + segment.length + ".tail")).hasBinaryContent(tail);
        }
    }

    @Test
    void aDamagedLineInTheMiddleIsQuarantinedOnceAndTheScanGoesOn(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("journal"));
        byte[] damaged = segment.clone();
        int line = 10;
        int middle = (int) (lineEnds[line] - 5);
        damaged[middle] = (byte) 'X';
        Files.write(dir.resolve("journal/00000001.jsonl"), damaged);
        for (int start = 0; start < 2; start++) {
            try (Journal journal = Journal.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
                List<JournalRecord> expected = new ArrayList<>(written);
                expected.remove(line);
                assertThat(journal.startupScan().records()).isEqualTo(expected);
                assertThat(journal.startupScan().problems()).singleElement()
                        .satisfies(p -> assertThat(p.offset()).isEqualTo(lineEnds[line - 1]));
                assertThat(journal.opening().quarantined()).isEqualTo(start == 0 ? 1 : 0);
            }
        }
        try (var kept = Files.list(dir.resolve("journal/quarantine"))) {
            assertThat(kept.toList()).singleElement()
                    .satisfies(p -> assertThat(p.getFileName().toString()).isEqualTo("1-" + lineEnds[line - 1] + ".damaged"));
        }
    }

    /**
     * The record whose line holds byte {@code at}, or -1 for the header. The header's newline
     * counts for the first record: flipping it joins the two lines into one damaged line.
     */
    private static int lineOf(int at) {
        if (at == headerEnd() - 1) {
            return 0;
        }
        for (int i = 0; i < lineEnds.length; i++) {
            if (at < lineEnds[i]) {
                long start = i == 0 ? headerEnd() : lineEnds[i - 1];
                return at >= start ? i : -1;
            }
        }
        return -1;
    }

    private static long headerEnd() {
        for (int i = 0; i < segment.length; i++) {
            if (segment[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }
}
