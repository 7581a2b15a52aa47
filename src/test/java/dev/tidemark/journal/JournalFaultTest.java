package dev.tidemark.journal;

import dev.tidemark.health.Problem;
import dev.tidemark.model.MessageStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

/** The journal when the disk misbehaves: full, stalled, files removed; and how it grows and shrinks. */
class JournalFaultTest {

    private static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dataDir;

    private final List<Problem> problems = new CopyOnWriteArrayList<>();

    @Test
    void aFullDiskIsReportedRetriedAndNothingIsLostOrTorn() throws Exception {
        AtomicBoolean full = new AtomicBoolean();
        FaultyStorage storage = new FaultyStorage().beforeWrite(file -> {
            if (full.get()) {
                throw new IOException("No space left on device");
            }
        });
        try (Journal journal = open(Journal.Options.defaults().withStorage(storage))) {
            journal.append(new JournalRecord.StreamStarted("r", "s", "demo", "demo", AT)).get(10, TimeUnit.SECONDS);
            full.set(true);
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                futures.add(journal.append(new JournalRecord.TextDelta("r", i, "t" + i + " ")));
            }
            patiently().until(() -> problems.stream().anyMatch(p -> p instanceof Problem.DiskFull));
            assertThat(futures.get(0)).as("not written while the disk is full").isNotDone();
            assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("No space left on device")
                    .contains("kept in memory"));
            full.set(false);
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            patiently().until(() -> problems.contains(new Problem.WritingAgain(Problem.Area.JOURNAL)));
        }
        JournalScan scan = Journal.readOnly(dataDir);
        assertThat(scan.problems()).isEmpty();
        assertThat(scan.records()).hasSize(51);
        assertThat(text(scan.records(), "r")).isEqualTo(expectedText(50));
    }

    @Test
    void whileTheDiskIsFullANewSegmentIsRetriedWithoutLeavingAnEmptyFilePerAttempt() throws Exception {
        AtomicBoolean full = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        FaultyStorage storage = new FaultyStorage().beforeWrite(file -> {
            if (full.get()) {
                refused.incrementAndGet();
                throw new IOException("No space left on device");
            }
        });
        try (Journal journal = open(Journal.Options.defaults().withStorage(storage))) {
            journal.append(new JournalRecord.StreamStarted("r", "s", "demo", "demo", AT)).get(10, TimeUnit.SECONDS);
            full.set(true);
            CompletableFuture<Long> rotated = journal.rotate();
            patiently().until(() -> refused.get() >= 4); // the writer retries once a second
            try (var files = Files.list(dataDir.resolve(Journal.DIRECTORY))) {
                assertThat(files.filter(f -> f.toString().endsWith(Segments.SUFFIX)).count())
                        .as("the segment written so far, and at most the one being tried").isLessThanOrEqualTo(2);
            }
            full.set(false);
            rotated.get(10, TimeUnit.SECONDS);
        }
        assertThat(Journal.readOnly(dataDir).problems()).isEmpty();
    }

    @Test
    void whenTheQueueFillsTextIsCoalescedPerStreamNeverDroppedAndItIsReported() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean stall = new AtomicBoolean();
        FaultyStorage storage = new FaultyStorage().beforeWrite(file -> {
            if (stall.get()) {
                stalled.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        });
        try (Journal journal = open(Journal.Options.defaults().withStorage(storage).withQueueCapacity(8))) {
            journal.append(new JournalRecord.StreamStarted("a", "s", "demo", "demo", AT));
            journal.append(new JournalRecord.StreamStarted("b", "s", "demo", "demo", AT)).get(10, TimeUnit.SECONDS);
            stall.set(true);
            journal.append(new JournalRecord.TextDelta("a", 1, "t1 "));
            assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
            stall.set(false);
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 2; i <= 2000; i++) {
                futures.add(journal.append(new JournalRecord.TextDelta("a", i, "t" + i + " ")));
                futures.add(journal.append(new JournalRecord.TextDelta("b", i - 1, "u" + (i - 1) + " ")));
            }
            futures.add(journal.append(new JournalRecord.StreamEnded("a", 2001, MessageStatus.COMPLETE, null, AT)));
            assertThat(futures).as("every append returned while the disk stalled").noneMatch(CompletableFuture::isDone);
            release.countDown();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(journal.stats().coalesced()).isPositive();
        }
        assertThat(problems).contains(new Problem.JournalBehind());
        JournalScan scan = Journal.readOnly(dataDir);
        assertThat(scan.problems()).isEmpty();
        assertThat(scan.records().size()).as("coalesced into fewer records").isLessThan(2000);
        assertThat(text(scan.records(), "a")).isEqualTo(expectedText(2000));
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 1999; i++) {
            b.append("u").append(i).append(' ');
        }
        assertThat(text(scan.records(), "b")).isEqualTo(b.toString());
        assertContinuousSequence(scan.records(), "a", 2001);
        assertContinuousSequence(scan.records(), "b", 1999);
    }

    @Test
    void aProducerNeverWaitsForAForceThatIsStuck() throws Exception {
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch unstick = new CountDownLatch(1);
        AtomicBoolean slow = new AtomicBoolean();
        FaultyStorage storage = new FaultyStorage().beforeForce(file -> {
            if (slow.get()) {
                forcing.countDown();
                try {
                    unstick.await(60, TimeUnit.SECONDS); // stuck until the test has appended (bounded)
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        });
        try (Journal journal = open(Journal.Options.defaults().withStorage(storage))) {
            slow.set(true);
            CompletableFuture<Void> barrier = journal.append(new JournalRecord.StreamStarted("r", "s", "d", "d", AT));
            assertThat(forcing.await(20, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> tokens = new ArrayList<>();
            for (int i = 1; i <= 1000; i++) {
                tokens.add(journal.append(new JournalRecord.TextDelta("r", i, "x")));
            }
            assertThat(barrier).as("the force is still stuck").isNotDone();
            assertThat(tokens).as("yet every append has returned").hasSize(1000).noneMatch(CompletableFuture::isDone);
            slow.set(false);
            unstick.countDown();
            CompletableFuture.allOf(tokens.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void segmentsRotateAtTheSizeLimitAndCheckpointsWaitForOpenStreams() throws Exception {
        try (Journal journal = open(Journal.Options.defaults().withSegmentBytes(2048))) {
            journal.append(new JournalRecord.StreamStarted("long", "s", "demo", "demo", AT));
            for (int i = 1; i <= 200; i++) { // one at a time: a segment is closed after the batch that fills it
                journal.append(new JournalRecord.TextDelta("long", i, "token number " + i + " ")).get(10, TimeUnit.SECONDS);
            }
            long segments = segmentCount();
            assertThat(segments).as("rotated").isGreaterThan(3);
            assertThat(journal.checkpointable()).as("the open stream holds its segments").isZero();

            journal.append(new JournalRecord.StreamEnded("long", 201, MessageStatus.COMPLETE, null, AT));
            long sealed = journal.rotate().get(10, TimeUnit.SECONDS);
            assertThat(journal.checkpointable()).isEqualTo(sealed);
            journal.checkpoint(sealed).get(10, TimeUnit.SECONDS);
            assertThat(segmentCount()).as("only the current segment is left").isEqualTo(1);
        }
        try (Journal reopened = open(Journal.Options.defaults())) {
            assertThat(reopened.opening().checkpoint()).isPositive();
            assertThat(reopened.startupScan().records()).isEmpty();
            assertThat(reopened.startupScan().problems()).isEmpty();
        }
    }

    @Test
    void aSegmentRemovedUnderTheWriterIsNoticedAndANewOneStarted() throws Exception {
        List<Path> lost = new CopyOnWriteArrayList<>();
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), problems::add,
                new JournalWriter.Listener() {
                    @Override
                    public void segmentLost(Path segment) {
                        lost.add(segment);
                    }
                })) {
            journal.append(new JournalRecord.UserMessage("s", "u", "hello", AT)).get(10, TimeUnit.SECONDS);
            Files.delete(dataDir.resolve("journal/00000001.jsonl"));
            journal.append(new JournalRecord.UserMessage("s", "u2", "again", AT)).get(10, TimeUnit.SECONDS);
            assertThat(lost).singleElement().satisfies(p -> assertThat(p.getFileName().toString())
                    .isEqualTo("00000001.jsonl"));
            journal.append(new JournalRecord.UserMessage("s", "u3", "after", AT)).get(10, TimeUnit.SECONDS);
        }
        assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("was removed while Tidemark was running"));
        assertThat(Journal.readOnly(dataDir).records())
                .contains(new JournalRecord.UserMessage("s", "u3", "after", AT));
    }

    @Test
    void aSegmentThatCannotBeCreatedIsRetriedAndReported() throws Exception {
        AtomicBoolean refuse = new AtomicBoolean();
        FaultyStorage storage = new FaultyStorage().beforeCreate(file -> {
            if (refuse.get()) {
                throw new java.nio.file.AccessDeniedException(file.toString());
            }
        });
        try (Journal journal = open(Journal.Options.defaults().withStorage(storage))) {
            journal.append(new JournalRecord.UserMessage("s", "u", "hello", AT)).get(10, TimeUnit.SECONDS);
            refuse.set(true);
            CompletableFuture<Long> rotated = journal.rotate();
            patiently().until(() -> problems.stream().anyMatch(p -> p instanceof Problem.CannotWrite failed
                    && failed.target().equals("a new journal file") && failed.cause().contains(dataDir.toString())));
            CompletableFuture<Void> meanwhile = journal.append(new JournalRecord.UserMessage("s", "u2", "kept", AT));
            assertThat(meanwhile).isNotDone();
            refuse.set(false);
            rotated.get(10, TimeUnit.SECONDS);
            meanwhile.get(10, TimeUnit.SECONDS);
        }
        assertThat(Journal.readOnly(dataDir).records()).hasSize(2);
    }

    private Journal open(Journal.Options options) throws Exception {
        return Journal.open(dataDir, options, Clock.systemUTC(), problems::add);
    }

    private long segmentCount() throws Exception {
        try (var files = Files.list(dataDir.resolve("journal"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).count();
        }
    }

    private static String expectedText(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            b.append("t").append(i).append(' ');
        }
        return b.toString();
    }

    private static String text(List<JournalRecord> records, String stream) {
        StringBuilder b = new StringBuilder();
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.TextDelta t && t.streamId().equals(stream)) {
                b.append(t.text());
            }
        }
        return b.toString();
    }

    private static void assertContinuousSequence(List<JournalRecord> records, String stream, long last) {
        long next = 1;
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.StreamRecord s && s.streamId().equals(stream) && s.seq() > 0) {
                assertThat(s.seq()).as("stream %s", stream).isEqualTo(next);
                next = s.through() + 1;
            }
        }
        assertThat(next - 1).isEqualTo(last);
    }
}
