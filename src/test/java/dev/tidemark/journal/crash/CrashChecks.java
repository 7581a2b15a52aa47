package dev.tidemark.journal.crash;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalDecoder;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.JournalScan;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.StreamListener;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What must hold of a data directory after a child was killed, checked on a copy of it (the
 * original stays as the kill left it, for the next child to recover):
 *
 * <ol>
 * <li>The files look like a process crash: no damaged line and no damaged checkpoint; at most the
 *     newest segment ends in a torn line or lacks its header. The injected point left its mark.</li>
 * <li>First recovery ({@link Workspace#open}): the replies it recovers are exactly the streams with
 *     a start and no end on disk, less those whose final reply the store had already saved
 *     (ChatService saves a reply before it journals its end; the store wins). Every acknowledged
 *     delta of every reply is there, in order, with no gap, and nothing the child did not write
 *     (the text is {@code text(stream, n)} for an n at least the highest acknowledged seq). A reply
 *     whose end was acknowledged is back with that status and all its text, never recovered; a
 *     reply whose start was acknowledged and whose end the child never decided is recovered.
 *     Acknowledged sessions and user messages are there; sessions keep their messages in order;
 *     nothing appears that no child sent; everything seen at an earlier kill of the chain is
 *     unchanged. Nothing is unplaced, no problem beyond the crash's torn tail. What recovery did
 *     is on disk once it is closed.</li>
 * <li>A second recovery recovers and restores nothing, reports no problem, quarantines nothing
 *     more, and leaves every session file byte for byte as it was.</li>
 * <li>Appending afterwards works: a new reply streamed and completed after the recovery is there,
 *     complete, on the next open, and the journal reads without a single problem.</li>
 * </ol>
 */
final class CrashChecks {

    /** What one check saw, for the campaign's statistics. */
    record Seen(int recovered, long tailCut, boolean checkpointed, int segments, int sessions, int messages) {
    }

    private static final long TIMEOUT_SECONDS = 30;

    private CrashChecks() {
    }

    private static final boolean VERBOSE = Boolean.getBoolean("tidemark.crash.verbose");

    private static long lap(long since, String what) {
        long now = System.nanoTime();
        if (VERBOSE) {
            System.out.printf("    %s: %d ms%n", what, (now - since) / 1_000_000);
        }
        return now;
    }

    static Seen check(Path dir, ChainModel model, KillPlan plan, String where) throws Exception {
        long t = System.nanoTime();
        // 1. the files as the kill left them
        JournalScan raw = Journal.readOnly(dir);
        List<Path> segments = segments(dir);
        Path newest = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        for (JournalScan.Problem problem : raw.problems()) {
            boolean onNewest = newest != null && problem.file().getFileName().equals(newest.getFileName());
            boolean allowed = onNewest && (problem.what().startsWith("torn tail") || problem.what().equals("no segment header"));
            require(allowed, where, "a process crash left a problem only a damaged disk should: " + problem);
        }
        Set<String> started = new LinkedHashSet<>();
        Set<String> ended = new HashSet<>();
        for (JournalRecord record : raw.records()) {
            if (record instanceof JournalRecord.StreamStarted s) {
                started.add(s.streamId());
            } else if (record instanceof JournalRecord.StreamEnded e) {
                ended.add(e.streamId());
            }
        }
        Set<String> orphansOnDisk = new LinkedHashSet<>(started);
        orphansOnDisk.removeAll(ended);
        if (plan.kind() == KillPlan.Kind.AT_POINT) {
            checkMarkOfThePoint(dir, plan.point(), raw, newest, where);
        }

        Map<String, Session> storeBefore = new TreeMap<>();
        try (SessionStore store = SessionStore.open(dir, false, problem -> { })) {
            store.summaries().forEach(s -> storeBefore.put(s.id(), store.get(s.id()).orElseThrow()));
        }
        Set<String> heldBefore = new HashSet<>();
        storeBefore.values().forEach(s -> s.messages().forEach(m -> heldBefore.add(m.id())));
        // an orphan whose final reply the store already saved (ChatService saves it before journaling the end)
        // is left as the store has it: the store wins
        Set<String> expectedRecovered = new LinkedHashSet<>(orphansOnDisk);
        expectedRecovered.removeAll(heldBefore);

        t = lap(t, "raw scan and store before");
        // 2. first recovery
        List<String> writerProblems = new CopyOnWriteArrayList<>();
        Map<String, Session> recoveredStore = new TreeMap<>();
        Recovery.Report report;
        long tailCut;
        boolean checkpointed;
        Workspace first = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> writerProblems.add(p.message()));
        try {
            require(!first.isReadOnly(), where, "the first recovery opened read-only: " + first.readOnlyReason());
            report = first.recovery();
            tailCut = first.journal().orElseThrow().opening().tailCut();
            checkpointed = first.journal().orElseThrow().opening().checkpoint() > 0;
            first.store().summaries().forEach(s -> recoveredStore.put(s.id(), first.store().get(s.id()).orElseThrow()));
            t = lap(t, "first open");
        } finally {
            first.close();
        }
        t = lap(t, "first close");
        Set<String> recoveredIds = new LinkedHashSet<>();
        for (Recovery.RecoveredReply reply : report.recovered()) {
            require(recoveredIds.add(reply.messageId()), where, "recovered twice in one go: " + reply);
            require(!reply.gap(), where, "recovered with a gap: " + reply);
        }
        require(recoveredIds.equals(expectedRecovered), where, "the recovered replies " + recoveredIds
                + " are not the streams with a start and no end on disk whose reply the store lacked "
                + expectedRecovered);
        checkAgainstModel(recoveredStore, model, recoveredIds, report, where);
        require(report.unplaced().isEmpty(), where, "records recovery could not place (" + report.unplaced().size()
                + "), e.g. " + report.unplaced().subList(0, Math.min(3, report.unplaced().size())));
        List<String> rawProblems = raw.problems().stream().map(Object::toString).toList();
        for (String problem : report.problems()) {
            require(rawProblems.contains(problem), where, "recovery reported a problem: " + problem);
        }
        require(writerProblems.isEmpty(), where, "the journal reported problems during recovery: " + writerProblems);

        Map<String, Session> onDisk = new TreeMap<>();
        List<String> storeProblems = new ArrayList<>();
        try (SessionStore store = SessionStore.open(dir, false, p -> storeProblems.add(p.message()))) {
            store.summaries().forEach(s -> onDisk.put(s.id(), store.get(s.id()).orElseThrow()));
        }
        require(storeProblems.isEmpty(), where, "session files unreadable after recovery: " + storeProblems);
        require(onDisk.equals(recoveredStore), where, "what the first recovery put in the store is not on disk after"
                + " it closed: " + difference(recoveredStore, onDisk));

        t = lap(t, "model and disk check");
        // 3. second recovery: nothing to do, nothing changed
        Map<String, byte[]> filesBefore = sessionFiles(dir);
        List<String> quarantinedAfterFirst = quarantined(dir);
        String newSession;
        String newReply;
        Workspace second = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> writerProblems.add(p.message()));
        try {
            Recovery.Report again = second.recovery();
            require(again.recovered().isEmpty(), where, "the second recovery recovered again: " + again.recovered());
            require(again.restored() == 0, where, "the second recovery restored " + again.restored() + " messages");
            require(again.problems().isEmpty() && again.unplaced().isEmpty(), where, "the second recovery reported "
                    + again.problems() + ", could not place " + again.unplaced().size() + " records");
            Map<String, byte[]> filesNow = sessionFiles(dir);
            require(sameFiles(filesBefore, filesNow), where, "the second recovery changed session files: "
                    + changedFiles(filesBefore, filesNow));

            // 4. appending afterwards works
            AtomicLong ids = new AtomicLong();
            ChatService chat = new ChatService(second.appender(), second.store(), Clock.systemUTC(),
                    () -> "after" + ids.incrementAndGet());
            SyntheticProvider provider = new SyntheticProvider();
            newSession = chat.createSession().id();
            Reply reply = chat.send(newSession, KillProtocol.prompt(newSession, 1), provider, null);
            StreamListener listener = provider.take();
            newReply = reply.streamId();
            for (int seq = 1; seq <= 3; seq++) {
                listener.onEvent(new StreamEvent.TextDelta(KillProtocol.delta(newReply, seq)));
            }
            listener.onEvent(new StreamEvent.Done("stop"));
            reply.finished().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            t = lap(t, "second open and append");
        } finally {
            second.close();
        }
        t = lap(t, "second close");
        require(writerProblems.isEmpty(), where, "the journal reported problems: " + writerProblems);
        Map<String, byte[]> filesAfter = sessionFiles(dir);
        require(filesAfter.keySet().equals(union(filesBefore.keySet(), newSession + ".json")), where,
                "session files after appending: " + filesAfter.keySet());
        filesAfter.remove(newSession + ".json");
        require(sameFiles(filesBefore, filesAfter), where, "appending a new reply changed other session files");

        Workspace third = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> writerProblems.add(p.message()));
        try {
            Recovery.Report last = third.recovery();
            require(last.recovered().isEmpty() && last.restored() == 0, where,
                    "the open after appending recovered " + last.recovered() + ", restored " + last.restored());
            require(last.problems().isEmpty() && last.unplaced().isEmpty(), where, "the open after appending reported "
                    + last.problems() + ", could not place " + last.unplaced().size() + " records");
            Session appended = third.store().get(newSession).orElse(null);
            require(appended != null, where, "the session appended after recovery is gone");
            List<Message> messages = appended.messages();
            require(messages.size() == 2
                            && messages.get(0).text().equals(KillProtocol.prompt(newSession, 1))
                            && messages.get(1).id().equals(newReply)
                            && messages.get(1).status() == MessageStatus.COMPLETE
                            && messages.get(1).text().equals(KillProtocol.text(newReply, 3)), where,
                    "the reply appended after recovery came back as " + messages);
            t = lap(t, "third open");
        } finally {
            third.close();
        }
        t = lap(t, "third close");
        JournalScan clean = Journal.readOnly(dir);
        require(clean.problems().isEmpty(), where, "the journal after recovery and appending has problems: "
                + clean.problems());
        require(quarantined(dir).equals(quarantinedAfterFirst), where, "later opens kept more in quarantine: "
                + quarantined(dir) + " (after the first recovery: " + quarantinedAfterFirst + ")");
        require(writerProblems.isEmpty(), where, "the journal reported problems: " + writerProblems);

        int messages = recoveredStore.values().stream().mapToInt(s -> s.messages().size()).sum();
        return new Seen(recoveredIds.size(), tailCut, checkpointed, segments.size(), recoveredStore.size(), messages);
    }

    private static List<String> quarantined(Path dataDir) throws IOException {
        Path dir = dataDir.resolve(Journal.DIRECTORY).resolve("quarantine");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The state an injected stop must leave behind — proof that the point really was where the kill hit. */
    private static void checkMarkOfThePoint(Path dir, KillProtocol.Point point, JournalScan raw, Path newest,
                                            String where) throws IOException {
        Path journal = dir.resolve(Journal.DIRECTORY);
        switch (point) {
            case SPLIT_WRITE -> require(raw.problems().stream().anyMatch(p -> p.what().startsWith("torn tail")), where,
                    "split-write left no torn tail: " + raw.problems());
            case ROTATION_EMPTY -> require(newest != null && Files.size(newest) == 0, where,
                    "rotation-empty left no empty newest segment: " + newest);
            case ROTATION_HEADER -> {
                byte[] bytes = newest == null ? new byte[0] : Files.readAllBytes(newest);
                long lines = 0;
                for (byte b : bytes) {
                    lines += b == '\n' ? 1 : 0;
                }
                require(lines == 1 && bytes[bytes.length - 1] == '\n', where,
                        "rotation-header left a newest segment that is not a lone header: " + newest);
            }
            case CHECKPOINT_TMP -> require(Files.exists(journal.resolve("checkpoint.json.tmp")), where,
                    "checkpoint-tmp left no checkpoint.json.tmp");
            case CHECKPOINT_DELETE -> {
                long through = appliedThrough(journal);
                require(segments(dir).stream().anyMatch(s -> number(s) <= through), where,
                        "checkpoint-delete left no segment the checkpoint (" + through + ") covers");
            }
            default -> {
                // no mark of its own
            }
        }
    }

    /** The model's promises against the store after the first recovery. */
    private static void checkAgainstModel(Map<String, Session> store, ChainModel model, Set<String> recoveredIds,
                                          Recovery.Report report, String where) {
        for (String id : store.keySet()) {
            require(model.sessions.containsKey(id), where, "a session no child created: " + id);
        }
        for (ChainModel.SessionModel expected : model.sessions.values()) {
            Session actual = store.get(expected.id);
            Boolean seenBefore = model.sessionsObserved.put(expected.id, actual != null);
            require(seenBefore == null || seenBefore == (actual != null), where, "session " + expected.id
                    + (actual == null ? " disappeared" : " appeared after a check had found it missing"));
            require(actual != null || !expected.createdAcked, where, "session " + expected.id
                    + " was acknowledged and is missing");
            List<Message> messages = actual == null ? List.of() : actual.messages();
            Map<String, Message> byId = new HashMap<>();
            for (Message m : messages) {
                require(byId.put(m.id(), m) == null, where, "message " + m.id() + " twice in session " + expected.id);
                require(expected.order.contains(m.id()), where, "message " + m.id() + " in session " + expected.id
                        + " was never sent by a child");
            }
            List<String> actualOrder = messages.stream().map(Message::id).toList();
            List<String> expectedOrder = expected.order.stream().filter(byId::containsKey).toList();
            require(actualOrder.equals(expectedOrder), where, "session " + expected.id + " holds its messages in the"
                    + " order " + actualOrder + " instead of " + expectedOrder);
            for (String id : expected.order) {
                Message m = byId.get(id);
                ChainModel.UserModel user = model.users.get(id);
                if (user != null) {
                    checkUser(user, m, where);
                } else {
                    ChainModel.StreamModel stream = model.streams.get(id);
                    checkReply(stream, m, byId.containsKey(stream.userId), recoveredIds.contains(id), where);
                }
                ChainModel.Observation now = m == null ? ChainModel.Observation.ABSENT
                        : new ChainModel.Observation(true, m.role().wireName(), m.text(), m.status(), m.gap());
                ChainModel.Observation before = model.observed.put(id, now);
                require(before == null || before.equals(now), where, "message " + id + " changed between kills: was "
                        + describe(before) + ", is " + describe(now));
            }
        }
        for (Recovery.RecoveredReply reply : report.recovered()) {
            ChainModel.StreamModel stream = model.streams.get(reply.messageId());
            require(stream != null, where, "recovered a reply no child started: " + reply);
            Message m = store.get(reply.sessionId()) == null ? null
                    : store.get(reply.sessionId()).message(reply.messageId()).orElse(null);
            require(m != null && m.status() == MessageStatus.RECOVERED && m.text().length() == reply.characters(), where,
                    "recovered reply " + reply + " is in the store as " + m);
        }
    }

    private static void checkUser(ChainModel.UserModel user, Message m, String where) {
        require(m != null || !user.acked, where, "acknowledged user message " + user.id + " is missing");
        if (m != null) {
            require(m.role() == Role.USER && m.status() == MessageStatus.COMPLETE
                    && m.text().equals(KillProtocol.prompt(user.sessionId, user.turn)), where,
                    "user message " + user.id + " came back as " + m);
        }
    }

    private static void checkReply(ChainModel.StreamModel stream, Message m, boolean userPresent, boolean recoveredNow,
                                   String where) {
        if (m == null) {
            require(!stream.startAcked, where, "reply " + stream + " is missing although its start was acknowledged");
            require(!recoveredNow, where, "reply " + stream + " was reported recovered and is not in the store");
            return;
        }
        require(userPresent, where, "reply " + stream + " is there, the user message before it is not");
        require(m.role() == Role.ASSISTANT && !m.gap(), where, "reply " + stream + " came back as " + m);
        long n = KillProtocol.deltasIn(stream.id, m.text());
        require(n >= 0, where, "reply " + stream + " holds text that is not its deltas 1..n in order: "
                + abbreviate(m.text()));
        require(n >= stream.maxAckedDelta, where, "reply " + stream + " lost acknowledged deltas: it holds 1.." + n);
        if (stream.endDecided) {
            require(n <= stream.endSeq - 1, where, "reply " + stream + " holds more deltas (" + n + ") than were sent");
        }
        if (m.status() == MessageStatus.RECOVERED) {
            require(!stream.endAcked, where, "reply " + stream + " was recovered although its end was acknowledged");
        } else {
            require(stream.endDecided, where, "reply " + stream + " came back " + m.status()
                    + " although it was never ended (it must be recovered)");
            require(m.status() == stream.endStatus && n == stream.endSeq - 1, where, "reply " + stream
                    + " came back " + m.status() + " with " + n + " deltas");
            require(!recoveredNow, where, "reply " + stream + " reported recovered but stored as " + m.status());
        }
    }

    private static String describe(ChainModel.Observation o) {
        return o == null ? "unseen" : !o.present() ? "absent"
                : o.role() + " " + o.status() + (o.gap() ? " with a gap" : "") + " \"" + abbreviate(o.text()) + "\"";
    }

    private static String abbreviate(String text) {
        String flat = text.replace("\n", "\\n");
        return flat.length() <= 200 ? flat : flat.substring(0, 90) + " … " + flat.substring(flat.length() - 90)
                + " (" + text.length() + " chars)";
    }

    private static String difference(Map<String, Session> expected, Map<String, Session> actual) {
        List<String> out = new ArrayList<>();
        for (String id : union(expected.keySet(), actual.keySet())) {
            if (expected.get(id) == null || !expected.get(id).equals(actual.get(id))) {
                out.add(id + ": in memory " + expected.get(id) + " / on disk " + actual.get(id));
            }
        }
        return String.join("; ", out);
    }

    static List<Path> segments(Path dataDir) throws IOException {
        Path journal = dataDir.resolve(Journal.DIRECTORY);
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(journal)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{8}\\.jsonl")).sorted().toList();
        }
    }

    private static long number(Path segment) {
        return Long.parseLong(segment.getFileName().toString().substring(0, 8));
    }

    private static long appliedThrough(Path journal) throws IOException {
        Path file = journal.resolve("checkpoint.json");
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
        if (new JournalDecoder().decode(bytes, 0, end) instanceof JournalDecoder.Decoded.Valid valid
                && valid.record() instanceof JournalRecord.Checkpoint c) {
            return c.appliedThrough();
        }
        return 0;
    }

    private static Map<String, byte[]> sessionFiles(Path dataDir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Path dir = dataDir.resolve(SessionStore.DIRECTORY);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                // the index is not a session file: it lists them, a new session changes it, and the store
                // writes it a moment after opening (through index.json.tmp, which may come and go meanwhile)
                for (Path file : list.filter(Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().startsWith(SessionStore.INDEX)).toList()) {
                    files.put(file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
        }
        return files;
    }

    /** Which files differ: gone, new or changed. */
    private static String changedFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        List<String> out = new ArrayList<>();
        for (String k : before.keySet()) {
            if (!after.containsKey(k)) {
                out.add("gone " + k);
            } else if (!Arrays.equals(before.get(k), after.get(k))) {
                out.add("changed " + k);
            }
        }
        for (String k : after.keySet()) {
            if (!before.containsKey(k)) {
                out.add("new " + k);
            }
        }
        return out.toString();
    }

    private static boolean sameFiles(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.keySet().stream().allMatch(k -> Arrays.equals(a.get(k), b.get(k)));
    }

    private static Set<String> union(Set<String> a, String b) {
        Set<String> out = new HashSet<>(a);
        out.add(b);
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    static void require(boolean condition, String where, String what) {
        if (!condition) {
            throw new AssertionError(where + ": " + what);
        }
    }
}
