package dev.tidemark.bench;

import dev.tidemark.journal.ForcePolicy;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks write: model-like tokens, the representative session, journals of a given
 * size with a realistic mix, and a session history. Deterministic for a given seed.
 */
public final class Workload {

    static final Instant AT = Instant.parse("2026-11-26T09:00:00Z");
    static final String PROVIDER = "openai";
    static final String MODEL = "gpt-4o-mini";

    private static final char[] ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final String LETTERS = "etaoinshrdlcumwfgypbvkjxqz";
    private static final String[] PUNCTUATION = {".", ",", ":", ";", "?", "!", ")", " (", "-", "'s"};
    /** Tokens JSON has to escape: newlines, quotes, backslashes, tabs (code and Markdown). */
    private static final String[] ESCAPED = {"\n", "\n\n", "\"", " \"", "\\", "\t", "\",\n", " `\\n`"};
    /** Multi-byte UTF-8: Latin-1 accents (2 bytes), typographic punctuation and CJK (3 bytes), emoji (4 bytes). */
    private static final String[] MULTI_BYTE = {" café", "é", " naïve", " Zürich", "—", "’", " →", " ≤", "日本",
            "語", " 🙂", "🚀", " ñ", "ß", " déjà"};

    /** The five tool calls of the representative session: name and arguments. */
    private static final String[][] TOOL_CALLS = {
            {"read_file", "{\"path\":\"src/main/java/dev/tidemark/journal/JournalWriter.java\",\"startLine\":120,"
                    + "\"endLine\":220}"},
            {"search_web", "{\"query\":\"group commit fsync latency \\\"p99\\\" ext4\",\"limit\":10}"},
            {"run_shell", "{\"command\":\"mvn -q test -Dtest=JournalTest\",\"cwd\":\"/home/ada/tidemark\","
                    + "\"timeoutSeconds\":120}"},
            {"get_weather", "{\"location\":\"Zürich, Schweiz\",\"unit\":\"celsius\",\"days\":3}"},
            {"write_file", "{\"path\":\"notes/résumé.md\",\"content\":\"# Notes\\n\\n- journal: 10 fsync/s\\n"
                    + "- recovery ≤ 3 ms/MiB\\n\"}"},
    };

    private final Random random;

    public Workload(long seed) {
        this.random = new Random(seed);
    }

    /** A 12-character id like {@code dev.tidemark.model.Ids}, but reproducible. */
    String id() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }

    /**
     * One token as a model streams it: mostly a word or word piece with its leading space
     * (about 4 characters on average), some punctuation, about 3% multi-byte and 2% text that
     * JSON escapes.
     */
    String token() {
        int kind = random.nextInt(100);
        if (kind < 70) {
            return " " + word(1 + Math.min(random.nextInt(5) + random.nextInt(5), 9));
        }
        if (kind < 85) {
            return word(1 + random.nextInt(5));
        }
        if (kind < 95) {
            return PUNCTUATION[random.nextInt(PUNCTUATION.length)];
        }
        if (kind < 97) {
            return ESCAPED[random.nextInt(ESCAPED.length)];
        }
        return MULTI_BYTE[random.nextInt(MULTI_BYTE.length)];
    }

    private String word(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            // skewed towards frequent letters
            int index = Math.min(random.nextInt(LETTERS.length()), random.nextInt(LETTERS.length()));
            out.append(LETTERS.charAt(index));
        }
        return out.toString();
    }

    String text(int tokens) {
        StringBuilder out = new StringBuilder(tokens * 5);
        for (int i = 0; i < tokens; i++) {
            out.append(token());
        }
        return out.toString();
    }

    /**
     * The representative session's stream: StreamStarted, {@code textTokens} TextDeltas with
     * {@code toolCalls} tool calls (ToolCallDelta fragments of 3–12 characters, the first with id
     * and name) spread evenly through the text, and StreamEnded.
     */
    List<JournalRecord> representativeStream(String streamId, String sessionId, int textTokens, int toolCalls) {
        List<JournalRecord> records = new ArrayList<>(textTokens + toolCalls * 20 + 2);
        records.add(new JournalRecord.StreamStarted(streamId, sessionId, PROVIDER, MODEL, AT));
        long seq = 1;
        int nextCall = 0;
        for (int i = 0; i < textTokens; i++) {
            if (nextCall < toolCalls && i == (nextCall + 1) * textTokens / (toolCalls + 1)) {
                seq = toolCall(records, streamId, seq, nextCall);
                nextCall++;
            }
            records.add(new JournalRecord.TextDelta(streamId, seq++, token()));
        }
        records.add(new JournalRecord.StreamEnded(streamId, seq, MessageStatus.COMPLETE, null, AT));
        return records;
    }

    /** Appends the fragments of tool call {@code index}; returns the next sequence number. */
    private long toolCall(List<JournalRecord> records, String streamId, long seq, int index) {
        String[] call = TOOL_CALLS[index % TOOL_CALLS.length];
        records.add(new JournalRecord.ToolCallDelta(streamId, seq++, index, "call_" + id(), call[0], ""));
        String arguments = call[1];
        int at = 0;
        while (at < arguments.length()) {
            int end = Math.min(arguments.length(), at + 3 + random.nextInt(10));
            records.add(new JournalRecord.ToolCallDelta(streamId, seq++, index, null, null,
                    arguments.substring(at, end)));
            at = end;
        }
        return seq;
    }

    /** What {@link #writeMixedJournal} wrote. */
    public record MixedJournal(long recordBytes, long records, long sessions, long streams, long openStreams,
                        long coalesced) {
    }

    /**
     * Writes a journal of at least {@code targetBytes} of records through the real {@link Journal}
     * (policy NEVER, for speed; default 4 MiB segments), as a user's journal looks after a crash
     * with no checkpoint: sessions (2–8 exchanges each) with user messages and replies of 50–1,050
     * tokens, a fifth of them with 50–450 tokens of reasoning first, a quarter with 1–2 tool calls;
     * three sessions progress at once, so their streams interleave. 1 in 100 replies has no end,
     * 3 in 100 were stopped and 2 in 100 failed; the three replies streaming when the target is
     * reached are left open (the crash).
     */
    public MixedJournal writeMixedJournal(Path dataDir, long targetBytes) throws Exception {
        long[] counts = new long[3]; // sessions, streams, open streams
        Lane[] lanes = {new Lane(counts), new Lane(counts), new Lane(counts)};
        long records = 0;
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults().withPolicy(ForcePolicy.NEVER),
                Clock.systemUTC(), problem -> System.err.println("journal: " + problem))) {
            CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
            while (journal.stats().bytes() < targetBytes) {
                for (int i = 0; i < 1_000; i++) {
                    last = journal.append(lanes[random.nextInt(lanes.length)].next());
                    records++;
                }
                last.get(60, TimeUnit.SECONDS); // stay below the queue's capacity: no coalescing
            }
            for (Lane lane : lanes) {
                if (lane.streaming) {
                    counts[2]++;
                }
            }
            return new MixedJournal(journal.stats().bytes(), records, counts[0], counts[1], counts[2],
                    journal.stats().coalesced());
        }
    }

    /** One session after another, as one user's window produces them. */
    private final class Lane {
        private final long[] counts;
        private final Deque<JournalRecord> pending = new ArrayDeque<>();
        private String session;
        private int exchangesLeft;
        private Instant now = AT;
        boolean streaming;

        Lane(long[] counts) {
            this.counts = counts;
        }

        JournalRecord next() {
            if (pending.isEmpty()) {
                refill();
            }
            JournalRecord record = pending.poll();
            if (record instanceof JournalRecord.StreamStarted) {
                streaming = true;
            } else if (record instanceof JournalRecord.StreamEnded || record instanceof JournalRecord.UserMessage) {
                streaming = false;
            }
            now = now.plusMillis(10);
            return record;
        }

        private void refill() {
            if (exchangesLeft == 0) {
                session = id();
                exchangesLeft = 2 + random.nextInt(7);
                counts[0]++;
                pending.add(new JournalRecord.SessionCreated(session, "New chat", now));
            }
            exchangesLeft--;
            counts[1]++;
            pending.add(new JournalRecord.UserMessage(session, id(), text(20 + random.nextInt(100)), now));
            String stream = id();
            pending.add(new JournalRecord.StreamStarted(stream, session, PROVIDER, MODEL, now));
            long seq = 1;
            if (random.nextInt(5) == 0) {
                for (int i = 50 + random.nextInt(400); i > 0; i--) {
                    pending.add(new JournalRecord.ReasoningDelta(stream, seq++, token()));
                }
            }
            for (int i = 50 + random.nextInt(1_000); i > 0; i--) {
                pending.add(new JournalRecord.TextDelta(stream, seq++, token()));
            }
            if (random.nextInt(4) == 0) {
                List<JournalRecord> calls = new ArrayList<>();
                int n = 1 + random.nextInt(2);
                for (int c = 0; c < n; c++) {
                    seq = toolCall(calls, stream, seq, random.nextInt(TOOL_CALLS.length));
                }
                pending.addAll(calls);
            }
            int fate = random.nextInt(100);
            if (fate == 0) {
                counts[2]++; // never ends: recovery closes it
            } else if (fate < 4) {
                pending.add(new JournalRecord.StreamEnded(stream, seq, MessageStatus.STOPPED, null, now));
            } else if (fate < 6) {
                pending.add(new JournalRecord.StreamEnded(stream, seq, MessageStatus.ERROR,
                        "HTTP 529: the provider is overloaded", now));
            } else {
                pending.add(new JournalRecord.StreamEnded(stream, seq, MessageStatus.COMPLETE, null, now));
            }
        }
    }

    /**
     * Saves {@code count} finished sessions through the real {@link SessionStore} (one file each,
     * written atomically): 6 exchanges, replies of about 600 tokens — roughly 20 KB a file. A history
     * is written over months: each file gets its session's last update as its time, and the store
     * is opened once more so that its index describes the files as a later start of the app finds
     * them (a file written within a tick of the index is read again at every start until then).
     */
    long writeHistory(Path dataDir, int count) throws Exception {
        List<Session> written = new ArrayList<>();
        try (SessionStore store = SessionStore.open(dataDir, true, p -> System.err.println("store: " + p))) {
            Instant at = AT.minusSeconds(86_400L * 365);
            for (int s = 0; s < count; s++) {
                List<Message> messages = new ArrayList<>();
                for (int e = 0; e < 6; e++) {
                    at = at.plusSeconds(60);
                    messages.add(Message.user(id(), text(20 + random.nextInt(100)), at));
                    messages.add(new Message(id(), Role.ASSISTANT, text(300 + random.nextInt(600)),
                            MessageStatus.COMPLETE, at.plusSeconds(1), PROVIDER + "/" + MODEL, null));
                }
                Session session = new Session(id(), "History " + s, messages.get(0).createdAt(), at, messages);
                store.put(session);
                written.add(session);
            }
            store.flush().get(10, TimeUnit.MINUTES);
        }
        Path dir = dataDir.resolve(SessionStore.DIRECTORY);
        for (Session session : written) {
            java.nio.file.Files.setLastModifiedTime(dir.resolve(session.id() + ".json"),
                    java.nio.file.attribute.FileTime.from(session.updatedAt()));
        }
        SessionStore.open(dataDir, true, p -> System.err.println("store: " + p)).close();
        return count;
    }

    /**
     * Puts what the journal of {@code dataDir} says into its session store, leaving the journal as
     * it is: the state after a crash, where the store already holds nearly every reply the live
     * journal repeats (saves follow a reply within moments; only the journal's checkpoint lags). The
     * files get an old time and the index is written again, as in {@link #writeHistory}. Replies
     * still streaming stay open in the journal, so a start recovers them.
     *
     * @return how many sessions the store holds
     */
    static int storeJournal(Path dataDir) throws Exception {
        int count;
        try (SessionStore store = SessionStore.open(dataDir, true, p -> System.err.println("store: " + p))) {
            new dev.tidemark.session.Recovery(Clock.systemUTC()).apply(Journal.readOnly(dataDir), store,
                    java.util.Optional.empty());
            store.flush().get(10, TimeUnit.MINUTES);
            count = store.summaries().size();
        }
        Path dir = dataDir.resolve(SessionStore.DIRECTORY);
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(AT.minusSeconds(86_400));
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals(SessionStore.INDEX)) {
                    java.nio.file.Files.setLastModifiedTime(file, old);
                }
            }
        }
        SessionStore.open(dataDir, true, p -> System.err.println("store: " + p)).close();
        return count;
    }

    /** Counts the bytes of the session files. */
    static long sessionBytes(Path dataDir) throws IOException {
        Path dir = dataDir.resolve(SessionStore.DIRECTORY);
        if (!java.nio.file.Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = java.nio.file.Files.list(dir)) {
            long total = 0;
            for (Path file : files.toList()) {
                total += java.nio.file.Files.size(file);
            }
            return total;
        }
    }
}
