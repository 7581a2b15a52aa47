package dev.tidemark.journal;

import dev.tidemark.model.MessageStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journal format 6: a stream's origin on its start, the service's response id
 * ({@code stream.remote}), re-attaches ({@code stream.reattach}) and the service's sequence numbers
 * ({@code "rseq"}) on the pieces — encoded, read back by every path, coalesced, and forced.
 */
class JournalFormatSixTest {

    private static final Instant AT = Instant.parse("2026-12-07T03:15:30.123Z");
    private static final String BASE = "https://api.openai.com/v1";
    private final JournalEncoder encoder = new JournalEncoder();
    private final JournalDecoder decoder = new JournalDecoder();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @TempDir
    Path dataDir;

    @Test
    void everyNewFieldSurvivesARoundTripByTheFlatParserAndByJackson() {
        for (JournalRecord record : formatSixRecords()) {
            byte[] line = encoder.encode(record);
            assertThat(decoder.decode(line, 0, line.length - 1)).as(record.toString())
                    .isEqualTo(new JournalDecoder.Decoded.Valid(record));
            assertThat(decoder.decode(line, 0, line.length - 1, new StreamIds(), true)).as("in place: " + record)
                    .isEqualTo(new JournalDecoder.Decoded.Valid(record));
            RecordFields byJackson = jackson(line);
            assertThat(byJackson.toRecord()).as("by Jackson: " + record).isEqualTo(new JournalDecoder.Decoded.Valid(record));
            RecordFields flat = new RecordFields();
            assertThat(FlatObjectParser.parse(line, LineChecksum.MEMBER_LENGTH, line.length - 1, flat))
                    .as("a flat line: " + record).isTrue();
            assertThat(flat.toRecord()).isEqualTo(new JournalDecoder.Decoded.Valid(record));
        }
    }

    @Test
    void theNewMembersAreFlatAndInTheirOrder() {
        assertThat(members(new JournalRecord.StreamStarted("r1", "s1", "openai", "gpt-5", AT, "m1",
                new JournalRecord.Origin("responses", BASE, true, true))))
                .isEqualTo("\"type\":\"stream.start\",\"stream\":\"r1\",\"seq\":0,\"session\":\"s1\",\"provider\":\"openai\","
                        + "\"model\":\"gpt-5\",\"parent\":\"m1\",\"api\":\"responses\",\"baseUrl\":\"" + BASE + "\","
                        + "\"background\":1,\"carried\":1,\"at\":\"2026-12-07T03:15:30.123Z\"}");
        assertThat(members(new JournalRecord.StreamStarted("r1", "s1", "openai", "gpt-5", AT, "m1",
                new JournalRecord.Origin("chat", BASE, false, false))))
                .as("flags only when true").contains("\"api\":\"chat\",\"baseUrl\":\"" + BASE + "\",\"at\":")
                .doesNotContain("background").doesNotContain("carried");
        assertThat(members(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", AT, "m1")))
                .as("no origin, nothing of it").doesNotContain("api").doesNotContain("baseUrl");
        assertThat(members(new JournalRecord.StreamRemote("r1", 1, "resp_abc", AT)))
                .isEqualTo("\"type\":\"stream.remote\",\"stream\":\"r1\",\"seq\":1,\"responseId\":\"resp_abc\","
                        + "\"at\":\"2026-12-07T03:15:30.123Z\"}");
        assertThat(members(new JournalRecord.StreamReattached("r1", 7, "resp_abc", 41, AT)))
                .isEqualTo("\"type\":\"stream.reattach\",\"stream\":\"r1\",\"seq\":7,\"responseId\":\"resp_abc\","
                        + "\"after\":41,\"at\":\"2026-12-07T03:15:30.123Z\"}");
        assertThat(members(new JournalRecord.StreamReattached("r1", 7, "resp_abc", -1, AT)))
                .as("from the first event: no after").doesNotContain("after");
        assertThat(members(new JournalRecord.TextDelta("r1", 2, 5, "abc", 17)))
                .isEqualTo("\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":2,\"through\":5,\"rseq\":17,\"text\":\"abc\"}");
        assertThat(members(new JournalRecord.TextDelta("r1", 2, "abc")))
                .as("rseq only when there is one").isEqualTo("\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":2,\"text\":\"abc\"}");
        assertThat(members(new JournalRecord.ReasoningDelta("r1", 3, 3, "hm", 0)))
                .isEqualTo("\"type\":\"stream.reasoning\",\"stream\":\"r1\",\"seq\":3,\"rseq\":0,\"text\":\"hm\"}");
        assertThat(members(new JournalRecord.ToolCallDelta("r1", 4, 0, "call_1", "f", "{}", 9)))
                .isEqualTo("\"type\":\"stream.tool\",\"stream\":\"r1\",\"seq\":4,\"rseq\":9,\"index\":0,\"id\":\"call_1\","
                        + "\"name\":\"f\",\"args\":\"{}\"}");
    }

    @Test
    void theShortcutReadsTextWithRseqAsTheEncoderWritesIt() {
        for (JournalRecord.TextDelta text : List.of(new JournalRecord.TextDelta("r1", 3, 3, " wor\"ld\n", 0),
                new JournalRecord.TextDelta("r1", 4, 9, "coalesced", 123456789012L),
                new JournalRecord.TextDelta("r1", 10, 10, "no rseq", -1))) {
            byte[] line = encoder.encode(text);
            for (boolean inPlace : new boolean[] {false, true}) {
                JournalRecord.TextDelta read = TextRecordShortcut.read(line, LineChecksum.MEMBER_LENGTH, line.length - 1,
                        new StreamIds(), inPlace);
                assertThat(read).as("read by the shortcut").isNotNull().isEqualTo(text);
                assertThat(read.remoteSeq()).isEqualTo(text.remoteSeq());
            }
        }
    }

    @Test
    void theShortcutLeavesOtherLayoutsOfRseqToTheGeneralParser() {
        // rseq before through, a negative or empty rseq, one too long for a long: not the encoder's layout
        for (String members : List.of(
                "\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":1,\"rseq\":4,\"through\":2,\"text\":\"x\"}",
                "\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":1,\"rseq\":-4,\"text\":\"x\"}",
                "\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":1,\"rseq\":,\"text\":\"x\"}",
                "\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":1,\"rseq\":12345678901234567890,\"text\":\"x\"}",
                "\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":1,\"text\":\"x\",\"rseq\":4}")) {
            byte[] b = members.getBytes(StandardCharsets.UTF_8);
            assertThat(TextRecordShortcut.read(b, 0, b.length, null, false)).as(members).isNull();
        }
        // the general parser still reads a member order the encoder does not write
        byte[] line = LineChecksum.frame(("{\"type\":\"stream.text\",\"stream\":\"r1\",\"seq\":1,\"text\":\"x\",\"rseq\":4}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(decoder.decode(line, 0, line.length - 1))
                .isEqualTo(new JournalDecoder.Decoded.Valid(new JournalRecord.TextDelta("r1", 1, 1, "x", 4)));
    }

    @Test
    void coalescedTextKeepsTheLaterRecordsRseq() {
        WriteQueue queue = new WriteQueue(1, p -> problems.add(p.message()));
        queue.add(pending(new JournalRecord.TextDelta("r1", 1, 1, "a", 3)));          // fills the queue
        queue.add(pending(new JournalRecord.TextDelta("r1", 2, 2, "b", 4)));
        queue.add(pending(new JournalRecord.TextDelta("r1", 3, 3, "c", 6)));
        queue.add(pending(new JournalRecord.ReasoningDelta("r2", 1, 1, "x", 2)));
        queue.add(pending(new JournalRecord.ReasoningDelta("r2", 2, 2, "y", 5)));

        assertThat(drain(queue)).containsExactly(new JournalRecord.TextDelta("r1", 1, 1, "a", 3),
                new JournalRecord.TextDelta("r1", 2, 3, "bc", 6), new JournalRecord.ReasoningDelta("r2", 1, 2, "xy", 5));
    }

    @Test
    void textWithAndWithoutRseqMergesKeepingTheLastServiceSequenceNumberItCarries() {
        assertThat(WriteQueue.merge(new JournalRecord.TextDelta("r1", 1, 1, "a", -1),
                new JournalRecord.TextDelta("r1", 2, 2, "b", 8)))
                .isEqualTo(new JournalRecord.TextDelta("r1", 1, 2, "ab", 8));
        assertThat(WriteQueue.merge(new JournalRecord.TextDelta("r1", 1, 1, "a", 8),
                new JournalRecord.TextDelta("r1", 2, 2, "b", -1)))
                .as("a later piece of no wire event does not lose the one before")
                .isEqualTo(new JournalRecord.TextDelta("r1", 1, 2, "ab", 8));
        assertThat(WriteQueue.merge(new JournalRecord.TextDelta("r1", 1, "a"), new JournalRecord.TextDelta("r1", 2, "b")))
                .isEqualTo(new JournalRecord.TextDelta("r1", 1, 2, "ab", -1));
    }

    @Test
    void theResponseIdAndAReattachAreForcedBeforeTheirFuturesComplete() throws Exception {
        List<JournalRecord> written = new ArrayList<>();
        try (Journal journal = open()) {
            JournalRecord start = new JournalRecord.StreamStarted("r1", "s1", "openai", "gpt-5", AT, "m1",
                    new JournalRecord.Origin("responses", BASE, true, false));
            journal.append(start).get(10, TimeUnit.SECONDS);
            written.add(start);
            JournalRecord text = new JournalRecord.TextDelta("r1", 1, 1, "Hel", 3);
            journal.append(text).get(10, TimeUnit.SECONDS);
            written.add(text);
            for (JournalRecord barrier : List.of(new JournalRecord.StreamRemote("r1", 2, "resp_abc", AT),
                    new JournalRecord.StreamReattached("r1", 3, "resp_abc", 3, AT))) {
                assertThat(barrier.isBarrier()).isTrue();
                long before = journal.stats().forces();
                journal.append(barrier).get(10, TimeUnit.SECONDS);
                assertThat(journal.stats().forces()).as("forced at once: " + barrier.type()).isEqualTo(before + 1);
                written.add(barrier);
            }
            long before = journal.stats().forces();
            JournalRecord more = new JournalRecord.TextDelta("r1", 4, 4, "lo", 5);
            journal.append(more).get(10, TimeUnit.SECONDS);
            written.add(more);
            assertThat(journal.stats().forces()).as("a piece waits for group commit").isEqualTo(before);
        }
        try (Journal reopened = open()) {
            assertThat(reopened.startupScan().records()).containsExactlyElementsOf(written);
            assertThat(reopened.startupScan().problems()).isEmpty();
        }
        assertThat(Journal.readOnly(dataDir).records()).containsExactlyElementsOf(written);
        assertThat(problems).isEmpty();
    }

    private static List<JournalRecord> formatSixRecords() {
        return List.of(
                new JournalRecord.StreamStarted("r1", "s1", "openai", "gpt-5", AT, "m1",
                        new JournalRecord.Origin("responses", BASE, true, false)),
                new JournalRecord.StreamStarted("r1", "s1", "openai", "gpt-5", AT, "",
                        new JournalRecord.Origin("responses", "http://127.0.0.1:8080/v1?\"odd\"", true, true)),
                new JournalRecord.StreamStarted("r2", "s1", "openai", "gpt-5", AT, "m1",
                        new JournalRecord.Origin("chat", BASE, false, false)),
                new JournalRecord.StreamStarted("r3", "s1", "anthropic", "claude", AT, null,
                        new JournalRecord.Origin("messages", "https://api.anthropic.com", false, true)),
                new JournalRecord.StreamStarted("r4", "s1", "demo", "demo", AT, "m1"),
                new JournalRecord.StreamRemote("r1", 1, "resp_68af", AT),
                new JournalRecord.StreamReattached("r1", 9, "resp_68af", 41, AT),
                new JournalRecord.StreamReattached("r1", 9, "resp_68af", 0, AT),
                new JournalRecord.StreamReattached("r1", 9, "resp_68af", -1, AT),
                new JournalRecord.TextDelta("r1", 2, 2, "Hel", 0),
                new JournalRecord.TextDelta("r1", 3, 8, "lo \"there\"\n", 12),
                new JournalRecord.TextDelta("r1", 9, 9, "plain", -1),
                new JournalRecord.ReasoningDelta("r1", 10, 10, "thinking", 13),
                new JournalRecord.ReasoningDelta("r1", 11, 12, "more", 15),
                new JournalRecord.ReasoningDelta("r1", 13, 13, "none", -1),
                new JournalRecord.ToolCallDelta("r1", 14, 0, "call_1", "get_weather", "{\"ci", 16),
                new JournalRecord.ToolCallDelta("r1", 15, 0, null, null, "ty\":1}", 17),
                new JournalRecord.ToolCallDelta("r1", 16, 1, "call_2", "f", "{}", -1),
                new JournalRecord.StreamEnded("r1", 17, MessageStatus.COMPLETE, null, AT));
    }

    private String members(JournalRecord record) {
        byte[] line = encoder.encode(record);
        return new String(line, LineChecksum.MEMBER_LENGTH, line.length - 1 - LineChecksum.MEMBER_LENGTH,
                StandardCharsets.UTF_8);
    }

    private static RecordFields jackson(byte[] line) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
            RecordFields fields = new RecordFields();
            node.fields().forEachRemaining(m -> {
                if (m.getValue().isTextual()) {
                    fields.setString(m.getKey(), m.getValue().asText());
                } else if (m.getValue().isIntegralNumber()) {
                    fields.setNumber(m.getKey(), m.getValue().asLong());
                }
            });
            return fields;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private Journal open() throws Exception {
        return Journal.open(dataDir, Journal.Options.defaults().withPolicy(ForcePolicy.INTERVAL)
                .withForceInterval(Duration.ofHours(1)), Clock.systemUTC(), p -> problems.add(p.message()));
    }

    private static List<JournalRecord> drain(WriteQueue queue) {
        List<WriterItem> items = new ArrayList<>();
        queue.drainTo(items);
        return items.stream().filter(i -> i instanceof WriterItem.Pending).map(i -> ((WriterItem.Pending) i).record())
                .toList();
    }

    private static WriterItem.Pending pending(JournalRecord record) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        futures.add(new CompletableFuture<>());
        return new WriterItem.Pending(record, futures);
    }
}
