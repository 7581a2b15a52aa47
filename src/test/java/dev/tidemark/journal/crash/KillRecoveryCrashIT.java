package dev.tidemark.journal.crash;

import dev.tidemark.journal.ForcePolicy;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalDecoder;
import dev.tidemark.journal.JournalEncoder;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.JournalScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The kill test (issue "A journal as trustworthy as a database", Proof): child JVMs run the real
 * writer, store and recovery with interleaved synthetic replies and are killed with SIGKILL at
 * random moments and at injected points; after every kill the data directory must hold every
 * acknowledged record, recover exactly the unfinished replies, recover nothing more the second
 * time, and take new replies. See docs/crash-testing.md.
 *
 * <p>{@code -Dtidemark.crash.kills=N} for a longer run, {@code -Dtidemark.crash.seed=S} to repeat a
 * schedule, {@code -Dtidemark.crash.verbose=true} for timings, {@code -Dtidemark.crash.keep=DIR} for
 * where a failing directory is kept (as the kill left it, with every child's report).
 */
class KillRecoveryCrashIT {

    static final int DEFAULT_KILLS = 112;
    static final int CHAIN_LENGTH = 14;

    @Test
    void everyAcknowledgedRecordSurvivesSigkillAtRandomMomentsAndInjectedPoints(@TempDir Path work) throws Exception {
        int kills = Integer.getInteger("tidemark.crash.kills", DEFAULT_KILLS);
        long seed = Long.getLong("tidemark.crash.seed", new SecureRandom().nextLong());
        Path keep = Path.of(System.getProperty("tidemark.crash.keep",
                Path.of(System.getProperty("java.io.tmpdir"), "tidemark-crash-failures").toString()));
        System.out.println("Kill test: " + kills + " kills, seed " + seed + " (repeat the schedule with -Dtidemark.crash.seed="
                + seed + "); child classpath " + describeClasspath());

        KillCampaign.Result result = new KillCampaign(work, seed, CHAIN_LENGTH, keep).run(kills);

        System.out.println(result.summary());
        assertThat(result.failures()).as(result.summary()).isEmpty();
        assertThat(result.kills()).isEqualTo(kills);
        // the campaign did what it claims: every kind of kill, and the situations it is about
        int each = kills / 16;
        List<String> labels = Arrays.stream(KillProtocol.Point.values()).map(p -> p.wire).collect(
                java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        labels.add("random");
        labels.add("random-startup");
        for (String label : labels) {
            assertThat(result.stats().kills.getOrDefault(label, 0)).as("kills of kind %s", label).isGreaterThanOrEqualTo(each);
        }
        if (kills >= 50) {
            assertThat(result.stats().recovered).as("replies recovered").isPositive();
            assertThat(result.stats().tornTailsCut).as("torn tails cut").isPositive();
            assertThat(result.stats().opensAfterCheckpoint).as("recoveries after a checkpoint").isPositive();
            assertThat(result.stats().killedBeforeReady).as("kills during startup").isPositive();
        }
    }

    // ---------------------------------------------------------------- the checks can fail

    /** A kill that leaves replies streaming, with acknowledged text. */
    private static final KillPlan MID_STREAM = KillPlan.at(KillProtocol.Point.BEFORE_WRITE, 300, ForcePolicy.INTERVAL);

    @Test
    void theChecksCatchALostAcknowledgedDelta(@TempDir Path work) throws Exception {
        Killed killed = killUntil(work, MID_STREAM, s -> s.startAcked && !s.endDecided && s.maxAckedDelta >= 2);
        ChainModel.StreamModel victim = killed.stream();
        Path tampered = killed.copy("tampered");
        // the last acknowledged piece and everything after it vanish: as if a write had not really returned
        removeLines(tampered, r -> r instanceof JournalRecord.TextDelta t && t.streamId().equals(victim.id)
                && t.through() >= victim.maxAckedDelta);

        assertThatCode(() -> CrashChecks.check(killed.copy("untouched"), killed.model(), MID_STREAM, "untouched"))
                .doesNotThrowAnyException();
        assertThat(caught(tampered, killed.model(), MID_STREAM)).contains(victim.id).contains("lost acknowledged deltas");
    }

    @Test
    void theChecksCatchAReplyThatComesBackCompleteAlthoughItNeverEnded(@TempDir Path work) throws Exception {
        Killed killed = killUntil(work, MID_STREAM, s -> s.startAcked && !s.endDecided);
        ChainModel.StreamModel victim = killed.stream();
        Path tampered = killed.copy("tampered");
        long last = Journal.readOnly(tampered).records().stream()
                .filter(r -> r instanceof JournalRecord.StreamRecord s && s.streamId().equals(victim.id))
                .mapToLong(r -> ((JournalRecord.StreamRecord) r).through()).max().orElseThrow();
        appendSegment(tampered, new JournalRecord.StreamEnded(victim.id, last + 1,
                dev.tidemark.model.MessageStatus.COMPLETE, null, Instant.now()));

        assertThat(caught(tampered, killed.model(), MID_STREAM)).contains(victim.id).contains("never ended");
    }

    @Test
    void theChecksCatchALostSessionFile(@TempDir Path work) throws Exception {
        KillPlan plan = KillPlan.at(KillProtocol.Point.CHECKPOINT_DELETED, 6, ForcePolicy.INTERVAL);
        Killed killed = null;
        ChainModel.SessionModel victim = null;
        for (int attempt = 0; attempt < 5 && victim == null; attempt++) {
            killed = kill(work.resolve("attempt-" + attempt), plan, 1000 + attempt);
            JournalScan raw = Journal.readOnly(killed.dataDir());
            ChainModel model = killed.model();
            // a session with an acknowledged message that only its session file still holds (checkpointed)
            victim = model.sessions.values().stream().filter(s -> s.order.stream().anyMatch(id ->
                            model.users.containsKey(id) && model.users.get(id).acked
                                    && raw.records().stream().noneMatch(r -> r instanceof JournalRecord.UserMessage u
                                    && u.messageId().equals(id))))
                    .findFirst().orElse(null);
        }
        assertThat(victim).as("a session with an acknowledged message that was checkpointed").isNotNull();
        Path tampered = killed.copy("tampered");
        Files.delete(tampered.resolve("sessions").resolve(victim.id + ".json"));

        List<String> ids = new java.util.ArrayList<>(victim.order);
        ids.add(victim.id);
        String message = caught(tampered, killed.model(), plan);
        assertThat(ids).anyMatch(message::contains);
    }

    // ---------------------------------------------------------------- helpers

    /** Runs the checks on a tampered directory; they must fail. Returns (and prints) why they did. */
    private static String caught(Path tampered, ChainModel model, KillPlan plan) {
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(
                () -> CrashChecks.check(tampered, model, plan, "tampered"));
        assertThat(error).as("the checks did not notice the tampering").isInstanceOf(AssertionError.class);
        String message = error.getMessage();
        System.out.println("The checks caught the tampering: " + (message.length() > 600 ? message.substring(0, 600) + "…" : message));
        return message;
    }

    private record Killed(Path dataDir, List<String> lines, ChainModel.StreamModel stream) {
        Path copy(String name) throws Exception {
            Path copy = dataDir.resolveSibling(name);
            KillCampaign.copy(dataDir, copy);
            return copy;
        }

        /** What the child reported, with nothing observed yet (a check records what it saw in its model). */
        ChainModel model() {
            ChainModel model = new ChainModel();
            model.add(lines);
            return model;
        }
    }

    private static Killed kill(Path dir, KillPlan plan, long seed) throws Exception {
        Path dataDir = dir.resolve("data");
        return new Killed(dataDir, KillCampaign.killOnce(dataDir, plan, seed), null);
    }

    /** Kills children until one leaves a stream matching {@code wanted}. */
    private static Killed killUntil(Path work, KillPlan plan, Predicate<ChainModel.StreamModel> wanted) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            Killed killed = kill(work.resolve("attempt-" + attempt), plan, 42 + attempt);
            Optional<ChainModel.StreamModel> stream = killed.model().streams.values().stream().filter(wanted)
                    .max(java.util.Comparator.comparingLong(s -> s.maxAckedDelta));
            if (stream.isPresent()) {
                return new Killed(killed.dataDir(), killed.lines(), stream.get());
            }
        }
        throw new AssertionError("no kill left a stream to tamper with");
    }

    /** Rewrites every segment without the lines whose record matches. */
    private static void removeLines(Path dataDir, Predicate<JournalRecord> drop) throws Exception {
        JournalDecoder decoder = new JournalDecoder();
        int removed = 0;
        for (Path segment : CrashChecks.segments(dataDir)) {
            byte[] bytes = Files.readAllBytes(segment);
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                if (decoder.decode(bytes, start, i) instanceof JournalDecoder.Decoded.Valid v && drop.test(v.record())) {
                    removed++;
                } else {
                    kept.write(bytes, start, i + 1 - start);
                }
                start = i + 1;
            }
            kept.write(bytes, start, bytes.length - start);
            Files.write(segment, kept.toByteArray());
        }
        assertThat(removed).as("lines removed").isPositive();
    }

    /** Adds a new segment (header and one record) after the newest, as a later run of the app would. */
    private static void appendSegment(Path dataDir, JournalRecord record) throws Exception {
        List<Path> segments = CrashChecks.segments(dataDir);
        long number = Long.parseLong(segments.get(segments.size() - 1).getFileName().toString().substring(0, 8)) + 1;
        JournalEncoder encoder = new JournalEncoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(encoder.encode(new JournalRecord.SegmentHeader(Journal.FORMAT_VERSION, number, "00112233aabbccdd",
                Instant.now())));
        out.write(encoder.encode(record));
        Files.write(dataDir.resolve(Journal.DIRECTORY).resolve(String.format("%08d.jsonl", number)), out.toByteArray());
    }

    private static String describeClasspath() {
        String[] entries = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
        return entries.length + " entries" + (entries.length == 1 ? " (" + entries[0] + ")" : ", first " + entries[0]);
    }
}
