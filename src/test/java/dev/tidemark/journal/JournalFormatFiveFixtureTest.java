package dev.tidemark.journal;

import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.ToolCallState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journal written by the build before format 6 (committed under {@code fixtures/journal-v5/}) is
 * read whole by this one, which writes on in a segment of its own format.
 */
class JournalFormatFiveFixtureTest {

    private static final Instant T = Instant.parse("2026-12-07T03:00:00Z");
    private static final String S = "fixjv5s00001";
    private static final String R = "fixjv5r00001";
    private static final String R2 = "fixjv5r00002";
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @TempDir
    Path dataDir;

    @Test
    void everyRecordOfTheFormatFiveJournalIsRead() throws Exception {
        byte[] fixture = copyFixture();
        JournalScan scan = Journal.readOnly(dataDir);
        assertThat(scan.problems()).isEmpty();
        assertThat(scan.records()).containsExactlyElementsOf(expected());
        assertThat(scan.records()).filteredOn(r -> r instanceof JournalRecord.StreamDelta)
                .allSatisfy(r -> assertThat(((JournalRecord.StreamDelta) r).remoteSeq()).isEqualTo(-1));
        assertThat(scan.records()).filteredOn(r -> r instanceof JournalRecord.StreamStarted)
                .allSatisfy(r -> assertThat(((JournalRecord.StreamStarted) r).origin()).isNull());
        assertThat(Files.readAllBytes(segment(1))).isEqualTo(fixture);
    }

    @Test
    void writingOnStartsASegmentOfTheCurrentFormatAndLeavesTheOldOneAsItIs() throws Exception {
        byte[] fixture = copyFixture();
        List<JournalRecord> added = List.of(
                new JournalRecord.StreamStarted("r3", S, "openai", "gpt-5", T, "fixjv5q00002",
                        new JournalRecord.Origin("responses", "https://api.openai.com/v1", true, false)),
                new JournalRecord.StreamRemote("r3", 1, "resp_1", T),
                new JournalRecord.TextDelta("r3", 2, 2, "Spring", 4));
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(),
                p -> problems.add(p.message()))) {
            assertThat(journal.startupScan().records()).containsExactlyElementsOf(expected());
            assertThat(journal.startupScan().problems()).isEmpty();
            for (JournalRecord r : added) {
                journal.append(r).get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(Files.readAllBytes(segment(1))).as("the format-5 segment is not written to").isEqualTo(fixture);
        String first = Files.readAllLines(segment(2), StandardCharsets.UTF_8).get(0);
        byte[] line = first.getBytes(StandardCharsets.UTF_8);
        assertThat(new JournalDecoder().decode(line, 0, line.length)).isInstanceOfSatisfying(
                JournalDecoder.Decoded.Valid.class, v -> assertThat(v.record())
                        .isInstanceOfSatisfying(JournalRecord.SegmentHeader.class, h -> {
                            assertThat(h.formatVersion()).isEqualTo(Journal.FORMAT_VERSION);
                            assertThat(h.segment()).isEqualTo(2);
                        }));
        List<JournalRecord> all = new ArrayList<>(expected());
        all.addAll(added);
        assertThat(Journal.readOnly(dataDir).records()).containsExactlyElementsOf(all);
        assertThat(problems).isEmpty();
    }

    private static List<JournalRecord> expected() {
        return List.of(
                new JournalRecord.SessionCreated(S, "Journal of format 5", T),
                new JournalRecord.AttachmentStored(S, "fixjv5q00001", 0,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "tide.png", "image/png", 4, T),
                new JournalRecord.UserMessage(S, "fixjv5q00001", "What is a neap tide?", T, "", false, 1),
                new JournalRecord.StreamStarted(R, S, "openai", "gpt-4o", T.plusSeconds(1), "fixjv5q00001"),
                new JournalRecord.ReasoningDelta(R, 1, "Thinking about tides."),
                new JournalRecord.TextDelta(R, 2, "A neap tide "),
                new JournalRecord.TextDelta(R, 3, 5, "has the \"smallest\" range.\n"),
                new JournalRecord.ToolCallDelta(R, 6, 0, "call_1", "tides__table", "{\"day\":"),
                new JournalRecord.ToolCallDelta(R, 7, 0, null, null, "1}"),
                new ToolLedger.Requested(S, R, "call_1", 0, "tides", "table", "tides__table", "{\"day\":1}",
                        T.plusSeconds(2)),
                new ToolLedger.Decided(S, R, "call_1", true, "once", T.plusSeconds(2)),
                new ToolLedger.Started(S, R, "call_1", T.plusSeconds(2)),
                new ToolLedger.Finished(S, R, "call_1", ToolCallState.DONE, "high water 06:12", false, List.of(),
                        T.plusSeconds(3)),
                new JournalRecord.StreamEnded(R, 8, MessageStatus.COMPLETE, null, T.plusSeconds(4),
                        new ReplyStats(10L, 20L, 300L, 900L)),
                new JournalRecord.SessionRenamed(S, "Neap and spring", T.plusSeconds(5)),
                new JournalRecord.UserMessage(S, "fixjv5q00002", "And a spring tide?", T.plusSeconds(6), R),
                new JournalRecord.StreamStarted(R2, S, "openai", "gpt-4o", T.plusSeconds(7), "fixjv5q00002"),
                new JournalRecord.TextDelta(R2, 1, "A spring tide is"));
    }

    private byte[] copyFixture() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/journal-v5/journal/00000001.jsonl")) {
            byte[] bytes = in.readAllBytes();
            Files.createDirectories(dataDir.resolve(Journal.DIRECTORY));
            Files.write(segment(1), bytes);
            return bytes;
        }
    }

    private Path segment(long number) {
        return Segments.path(dataDir.resolve(Journal.DIRECTORY), number);
    }
}
