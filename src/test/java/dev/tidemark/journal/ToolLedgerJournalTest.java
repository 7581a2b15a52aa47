package dev.tidemark.journal;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.ToolCallState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/** The tool ledger's records (journal format 5) through real segment files, damaged, and holding checkpoints. */
class ToolLedgerJournalTest {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private static final Attachment PICTURE = new Attachment("picture.png", "image/png", 68,
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final JournalEncoder encoder = new JournalEncoder();
    private final JournalDecoder decoder = new JournalDecoder();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @TempDir
    Path dataDir;

    static List<JournalRecord> ledger() {
        return List.of(
                new ToolLedger.Requested("s1", "r1", "call_1", 0, "files", "append", "files__append",
                        "{\"path\":\"a.txt\",\"line\":\"tab\\there \\\"quoted\\\" ü\"}", AT),
                new ToolLedger.Requested("s1", "r1", "call_2", 1, "", "", "nosuch", "{}", AT),
                new ToolLedger.Decided("s1", "r1", "call_1", true, "once", AT),
                new ToolLedger.Decided("s1", "r1", "call_2", false, "rule", AT),
                new ToolLedger.Started("s1", "r1", "call_1", AT),
                new ToolLedger.Finished("s1", "r1", "call_2", ToolCallState.DENIED, "Denied.", true, List.of(), AT),
                new ToolLedger.Finished("s1", "r1", "call_1", ToolCallState.DONE, "line 1\nappended", false,
                        List.of(PICTURE, new Attachment("b.jpg", "image/jpeg", 5,
                                "f2ca1bb6c7e907d06dafe4687e579fce76b37e4e93b7605022da52e6ccc26fd2")), AT),
                new ToolLedger.Finished("s1", "r1", "call_3", ToolCallState.INTERRUPTED, "", true, List.of(), AT));
    }

    @Test
    void eachRecordComesBackFromRealSegmentFiles() throws Exception {
        try (Journal journal = open(Journal.Options.defaults())) {
            for (JournalRecord r : ledger()) {
                long forces = journal.stats().forces();
                journal.append(r).get(10, TimeUnit.SECONDS);
                assertThat(journal.stats().forces()).as("a barrier: forced before it returns").isGreaterThan(forces);
            }
        }
        try (Journal reopened = open(Journal.Options.defaults())) {
            assertThat(reopened.startupScan().records()).containsExactlyElementsOf(ledger());
            assertThat(reopened.startupScan().problems()).isEmpty();
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void eachRecordRoundTripsThroughTheFastParserAndThroughJackson() {
        for (JournalRecord r : ledger()) {
            byte[] line = encoder.encode(r);
            assertThat(decoder.decode(line, 0, line.length - 1)).as(r.type())
                    .isEqualTo(new JournalDecoder.Decoded.Valid(r));
            // the same members with a nested value a newer version might add: read by Jackson
            String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
            byte[] nested = relined(text.replace("\"at\":", "\"future\":{\"x\":[true]},\"at\":"));
            assertThat(decoder.decode(nested, 0, nested.length)).as(r.type() + " through Jackson")
                    .isEqualTo(new JournalDecoder.Decoded.Valid(r));
        }
    }

    @Test
    void membersAreShortAndFlat() {
        String line = new String(encoder.encode(ledger().get(6)), StandardCharsets.UTF_8);
        assertThat(line).contains("\"type\":\"tool.finished\"", "\"session\":\"s1\"", "\"stream\":\"r1\"",
                "\"id\":\"call_1\"", "\"state\":\"done\"", "\"error\":0", "\"images\":\"[{\\\"name\\\":\\\"picture.png\\\"");
        String started = new String(encoder.encode(ledger().get(4)), StandardCharsets.UTF_8);
        assertThat(started).doesNotContain("images", "state");
    }

    @Test
    void aRecordMissingAMemberItNeedsIsDamaged() throws Exception {
        String[][] cuts = {
                {"tool.requested", "session"}, {"tool.requested", "stream"}, {"tool.requested", "id"},
                {"tool.requested", "index"}, {"tool.requested", "server"}, {"tool.requested", "tool"},
                {"tool.requested", "name"}, {"tool.requested", "args"}, {"tool.requested", "at"},
                {"tool.decided", "allowed"}, {"tool.decided", "how"},
                {"tool.started", "id"}, {"tool.started", "at"},
                {"tool.finished", "state"}, {"tool.finished", "text"}, {"tool.finished", "error"},
        };
        for (String[] cut : cuts) {
            JournalRecord record = ledger().stream().filter(r -> r.type().equals(cut[0])).findFirst().orElseThrow();
            com.fasterxml.jackson.databind.node.ObjectNode members = (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.readTree(encoder.encode(record));
            assertThat(members.remove(cut[1])).as(cut[1]).isNotNull();
            byte[] bytes = relined(JSON.writeValueAsString(members));
            assertThat(decoder.decode(bytes, 0, bytes.length)).as(cut[0] + " without " + cut[1])
                    .isInstanceOf(JournalDecoder.Decoded.Damaged.class);
        }
    }

    @Test
    void aFinishedRecordWithImagesThatAreNotAListOrAnUnknownStateIsDamaged() {
        String text = new String(encoder.encode(ledger().get(6)), StandardCharsets.UTF_8).strip();
        String notAList = text.replaceFirst("\"images\":\"[^\"]*(\\\\\"[^\"]*)*\"", "\"images\":\"{}\"");
        assertThat(notAList).contains("\"images\":\"{}\"");
        byte[] bytes = relined(notAList);
        assertThat(decoder.decode(bytes, 0, bytes.length)).isInstanceOf(JournalDecoder.Decoded.Damaged.class);
        byte[] state = relined(text.replace("\"state\":\"done\"", "\"state\":\"exploded\""));
        assertThat(decoder.decode(state, 0, state.length)).isInstanceOf(JournalDecoder.Decoded.Damaged.class);
        byte[] flipped = encoder.encode(ledger().get(0));
        flipped[40] ^= 1;
        assertThat(decoder.decode(flipped, 0, flipped.length - 1)).isInstanceOf(JournalDecoder.Decoded.Damaged.class);
    }

    @Test
    void aDamagedLedgerLineInASegmentIsSetAsideAndTheRestRead() throws Exception {
        try (Journal journal = open(Journal.Options.defaults())) {
            for (JournalRecord r : ledger()) {
                journal.append(r).get(10, TimeUnit.SECONDS);
            }
        }
        Path segment = dataDir.resolve(Journal.DIRECTORY).resolve(onlySegmentName());
        String content = java.nio.file.Files.readString(segment);
        java.nio.file.Files.writeString(segment, content.replace("\"how\":\"once\"", "\"how\":\"twice\""));
        try (Journal reopened = open(Journal.Options.defaults())) {
            assertThat(reopened.startupScan().records()).hasSize(ledger().size() - 1)
                    .doesNotContain(ledger().get(2));
            assertThat(reopened.startupScan().problems()).hasSize(1);
        }
    }

    @Test
    void aStartedCallHoldsItsSegmentFromTheCheckpointUntilItFinishes() throws Exception {
        try (Journal journal = open(Journal.Options.defaults())) {
            journal.append(new ToolLedger.Requested("s1", "r1", "call_1", 0, "files", "append", "append", "{}", AT));
            journal.append(new ToolLedger.Started("s1", "r1", "call_1", AT)).get(10, TimeUnit.SECONDS);
            long first = journal.rotate().get(10, TimeUnit.SECONDS);
            journal.append(new JournalRecord.SessionRenamed("s1", "Other", AT)).get(10, TimeUnit.SECONDS);
            journal.rotate().get(10, TimeUnit.SECONDS);
            assertThat(journal.checkpointable()).as("the call may have run: recovery must see it")
                    .isLessThan(first);

            journal.append(new ToolLedger.Finished("s1", "r1", "call_1", ToolCallState.DONE, "ok", false, List.of(),
                    AT)).get(10, TimeUnit.SECONDS);
            long last = journal.rotate().get(10, TimeUnit.SECONDS);
            assertThat(journal.checkpointable()).isEqualTo(last);
        }
    }

    @Test
    void aRequestedOrDecidedCallHoldsNothing() throws Exception {
        try (Journal journal = open(Journal.Options.defaults())) {
            journal.append(new ToolLedger.Requested("s1", "r1", "call_1", 0, "files", "append", "append", "{}", AT));
            journal.append(new ToolLedger.Decided("s1", "r1", "call_1", true, "once", AT)).get(10, TimeUnit.SECONDS);
            long sealed = journal.rotate().get(10, TimeUnit.SECONDS);
            assertThat(journal.checkpointable()).isEqualTo(sealed);
        }
    }

    private String onlySegmentName() throws Exception {
        try (var files = java.nio.file.Files.list(dataDir.resolve(Journal.DIRECTORY))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl")).findFirst()
                    .orElseThrow();
        }
    }

    /** A line {@code {"crc":…,members}} with its checksum made right again for these members. */
    private static byte[] relined(String line) {
        String body = "{" + line.substring(line.indexOf(',') + 1);
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return ("{\"crc\":\"" + String.format("%08x", crc.getValue()) + "\"," + body.substring(1))
                .getBytes(StandardCharsets.UTF_8);
    }

    private Journal open(Journal.Options options) throws Exception {
        return Journal.open(dataDir, options, Clock.systemUTC(), p -> problems.add(p.message()));
    }
}
