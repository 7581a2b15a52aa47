package dev.tidemark.journal;

import dev.tidemark.model.MessageStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

/** The journal on real files with real fsync. */
class JournalTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");
    private final Clock clock = Clock.systemUTC();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @TempDir
    Path dataDir;

    @Test
    void recordsComeBackInOrderAfterReopening() throws Exception {
        List<JournalRecord> written = new ArrayList<>();
        written.add(new JournalRecord.SessionCreated("s1", "New chat", AT));
        written.add(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", AT));
        for (int i = 1; i <= 500; i++) {
            written.add(new JournalRecord.TextDelta("r1", i, "token" + i + " "));
        }
        written.add(new JournalRecord.StreamEnded("r1", 501, MessageStatus.COMPLETE, null, AT));
        try (Journal journal = open(Journal.Options.defaults())) {
            CompletableFuture<Void> last = null;
            for (JournalRecord r : written) {
                last = journal.append(r);
            }
            last.get(10, TimeUnit.SECONDS);
        }
        try (Journal reopened = open(Journal.Options.defaults())) {
            assertThat(reopened.startupScan().records()).containsExactlyElementsOf(written);
            assertThat(reopened.startupScan().problems()).isEmpty();
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void tokensAreGroupCommittedNotForcedOneByOne() throws Exception {
        try (Journal journal = open(Journal.Options.defaults().withPolicy(ForcePolicy.INTERVAL).withForceInterval(Duration.ofMillis(100)))) {
            journal.append(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", AT)).get(10, TimeUnit.SECONDS);
            long forcesAfterStart = journal.stats().forces();
            CompletableFuture<Void> last = null;
            for (int i = 1; i <= 2000; i++) {
                last = journal.append(new JournalRecord.TextDelta("r1", i, "t"));
            }
            last.get(10, TimeUnit.SECONDS);
            JournalWriter.Stats stats = journal.stats();
            assertThat(stats.records()).isEqualTo(2001);
            assertThat(stats.forces() - forcesAfterStart)
                    .as("2000 tokens written in a burst cost a handful of forces, not one each")
                    .isLessThan(20);
            assertThat(stats.writes()).as("batched writes").isLessThan(2001);
        }
    }

    @Test
    void aBarrierIsForcedBeforeItsFutureCompletes() throws Exception {
        try (Journal journal = open(Journal.Options.defaults().withPolicy(ForcePolicy.INTERVAL).withForceInterval(Duration.ofHours(1)))) {
            journal.append(new JournalRecord.TextDelta("r1", 1, "t")).get(10, TimeUnit.SECONDS);
            long before = journal.stats().forces();
            journal.append(new JournalRecord.UserMessage("s1", "m1", "hi", AT)).get(10, TimeUnit.SECONDS);
            assertThat(journal.stats().forces()).isEqualTo(before + 1);
        }
    }

    @Test
    void tokensAreForcedWithinTheIntervalEvenWhenNothingElseArrives() throws Exception {
        try (Journal journal = open(Journal.Options.defaults().withPolicy(ForcePolicy.INTERVAL).withForceInterval(Duration.ofMillis(50)))) {
            journal.append(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", AT)).get(10, TimeUnit.SECONDS);
            long before = journal.stats().forces();
            journal.append(new JournalRecord.TextDelta("r1", 1, "t")).get(10, TimeUnit.SECONDS);
            // nothing else arrives: only the interval can bring the force
            patiently().until(() -> journal.stats().forces() > before);
            assertThat(journal.stats().forces()).isEqualTo(before + 1);
        }
    }

    @Test
    void theNeverPolicyWritesButNeverForces() throws Exception {
        try (Journal journal = open(Journal.Options.defaults().withPolicy(ForcePolicy.NEVER).withForceInterval(Duration.ofMillis(100)))) {
            journal.append(new JournalRecord.UserMessage("s1", "m1", "hi", AT)).get(10, TimeUnit.SECONDS);
            assertThat(journal.stats().forces()).isZero();
            assertThat(journal.stats().records()).isEqualTo(1);
        }
    }

    @Test
    void aTornTailIsCutOffBeforeAnythingIsAppended() throws Exception {
        try (Journal journal = open(Journal.Options.defaults())) {
            journal.append(new JournalRecord.UserMessage("s1", "m1", "kept", AT)).get(10, TimeUnit.SECONDS);
        }
        Path segment = onlySegment();
        byte[] half = new JournalEncoder().encode(new JournalRecord.UserMessage("s1", "m2", "torn", AT));
        Files.write(segment, java.util.Arrays.copyOf(half, half.length / 2), StandardOpenOption.APPEND);

        try (Journal journal = open(Journal.Options.defaults())) {
            assertThat(journal.startupScan().problems()).singleElement()
                    .satisfies(p -> assertThat(p.what()).contains("torn tail"));
            journal.append(new JournalRecord.UserMessage("s1", "m3", "after", AT)).get(10, TimeUnit.SECONDS);
        }
        try (Journal journal = open(Journal.Options.defaults())) {
            assertThat(journal.startupScan().problems()).isEmpty();
            assertThat(journal.startupScan().records()).extracting(r -> ((JournalRecord.UserMessage) r).text())
                    .containsExactly("kept", "after");
        }
    }

    @Test
    void aDamagedLineInTheMiddleIsReportedAndTheRestIsRead() throws Exception {
        try (Journal journal = open(Journal.Options.defaults())) {
            for (String text : List.of("one", "two", "three")) {
                journal.append(new JournalRecord.UserMessage("s1", text, text, AT)).get(10, TimeUnit.SECONDS);
            }
        }
        Path segment = onlySegment();
        String content = Files.readString(segment, StandardCharsets.UTF_8);
        Files.writeString(segment, content.replace("\"text\":\"two\"", "\"text\":\"tw0\""), StandardCharsets.UTF_8);

        JournalScan scan = Journal.readOnly(dataDir);
        assertThat(scan.records()).extracting(r -> ((JournalRecord.UserMessage) r).text())
                .containsExactly("one", "three");
        assertThat(scan.problems()).singleElement()
                .satisfies(p -> assertThat(p.what()).contains("checksum does not match"));
    }

    @Test
    void aNewSegmentStartsWithAHeader() throws Exception {
        try (Journal journal = open(Journal.Options.defaults())) {
            journal.append(new JournalRecord.UserMessage("s1", "m1", "hi", AT)).get(10, TimeUnit.SECONDS);
        }
        Path segment = onlySegment();
        assertThat(segment.getFileName().toString()).isEqualTo("00000001.jsonl");
        String first = Files.readAllLines(segment).get(0);
        JournalDecoder.Decoded decoded = new JournalDecoder().decode(first.getBytes(StandardCharsets.UTF_8), 0,
                first.getBytes(StandardCharsets.UTF_8).length);
        assertThat(decoded).isInstanceOfSatisfying(JournalDecoder.Decoded.Valid.class, v ->
                assertThat(v.record()).isInstanceOfSatisfying(JournalRecord.SegmentHeader.class, h -> {
                    assertThat(h.formatVersion()).as("journal format 6: background runs").isEqualTo(6);
                    assertThat(h.segment()).isEqualTo(1);
                    assertThat(h.salt()).matches("[0-9a-f]{16}");
                }));
    }

    @Test
    void appendingHandsTheRecordToTheWriterThreadAndReturnsAtOnce() throws Exception {
        try (Journal journal = open(Journal.Options.defaults().withPolicy(ForcePolicy.ALWAYS).withForceInterval(Duration.ofMillis(100)))) {
            // 32 MB to encode, write and force keeps the writer busy far longer than two appends take
            CompletableFuture<Void> big = journal.append(new JournalRecord.TextDelta("r1", 1, "x".repeat(32 << 20)));
            CompletableFuture<Void> small = journal.append(new JournalRecord.TextDelta("r1", 2, "y"));
            assertThat(big).as("the caller did not write it").isNotDone();
            assertThat(small).isNotDone();
            small.get(60, TimeUnit.SECONDS);
            assertThat(big).isDone();
        }
    }

    private Journal open(Journal.Options options) throws Exception {
        return Journal.open(dataDir, options, clock, p -> problems.add(p.message()));
    }

    private Path onlySegment() throws Exception {
        List<Path> segments = new JournalReader(new JournalDecoder(), JournalStorage.REAL).segments(dataDir.resolve(Journal.DIRECTORY), 0);
        assertThat(segments).hasSize(1);
        return segments.get(0);
    }
}
