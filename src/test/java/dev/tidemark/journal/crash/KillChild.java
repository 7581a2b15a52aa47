package dev.tidemark.journal.crash;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.journal.ForcePolicy;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.StreamListener;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.Workspace;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The child JVM of the kill test: the real app path on a data directory until it is killed.
 *
 * <p>It opens the directory with {@link Workspace#open} (owner lock, real journal writer, real
 * session store, real startup recovery and checkpointer — the same code the parent checks with)
 * and drives several interleaved replies through the real {@link ChatService} with a synthetic
 * provider. Going through ChatService rather than appending records to a bare {@code Journal}
 * matters: checkpoints delete journal segments on the promise that the store already holds what
 * they say, and ChatService is what keeps that promise (store first, then journal).
 *
 * <p>Every record ChatService hands to the journal passes through {@link ReportingAppender}, which
 * prints {@code +...} before the append and {@code =...} once the append's future completed (see
 * {@link KillProtocol}). The journal's file operations pass through {@link KillStorage}, which
 * stops at the injected point named by {@code -Dtidemark.kill.point} / {@code -Dtidemark.kill.count}.
 * The child never ends by itself (it halts after two minutes in case the parent is gone).
 *
 * <p>Arguments: {@code <data dir> <id prefix> <seed>}.
 */
public final class KillChild {

    /**
     * Records appended and not yet acknowledged. Small, so that once the writer stops at a point the
     * driver stalls within a batch instead of finishing every reply in flight before the kill lands.
     */
    private static final int MAX_UNACKED = 512;
    private static final long SELF_DESTRUCT_MILLIS = 120_000;

    private KillChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        String prefix = args[1];
        Random random = new Random(Long.parseLong(args[2]));
        Reporter out = new Reporter();
        Thread guard = new Thread(() -> {
            LockSupport.parkNanos(SELF_DESTRUCT_MILLIS * 1_000_000L);
            System.err.println("CHILD SELF-DESTRUCT: not killed within " + SELF_DESTRUCT_MILLIS + " ms");
            Runtime.getRuntime().halt(3);
        }, "self-destruct");
        guard.setDaemon(true);
        guard.start();

        String pointName = System.getProperty(KillProtocol.POINT_PROPERTY, "");
        KillProtocol.Point point = pointName.isEmpty() ? null : KillProtocol.Point.ofWire(pointName)
                .orElseThrow(() -> new IllegalArgumentException("unknown point " + pointName));
        int count = Integer.getInteger(KillProtocol.COUNT_PROPERTY, 1);
        KillStorage storage = new KillStorage(point, count, (p, n) -> {
            out.line("AT " + p.wire + " " + n);
            while (true) {
                LockSupport.park(); // until SIGKILL
            }
        });
        ForcePolicy policy = ForcePolicy.valueOf(System.getProperty(KillProtocol.POLICY_PROPERTY, "INTERVAL"));
        Journal.Options options = Journal.Options.defaults()
                .withSegmentBytes(KillProtocol.SEGMENT_BYTES)
                .withPolicy(policy)
                .withStorage(storage);

        out.line("OPENING");
        Workspace workspace = Workspace.open(dataDir, options, Clock.systemUTC(),
                problem -> System.err.println("PROBLEM " + problem));
        if (workspace.isReadOnly()) {
            System.err.println("CHILD READ-ONLY: " + workspace.readOnlyReason().orElse(""));
            Runtime.getRuntime().halt(2);
        }
        for (Recovery.RecoveredReply reply : workspace.recovery().recovered()) {
            out.line("RECOVERED " + reply.messageId());
        }
        out.line("READY");

        AtomicLong ids = new AtomicLong();
        ReportingAppender appender = new ReportingAppender(workspace.appender(), out);
        // every id is announced as it is issued: ChatService puts sessions and user messages in the store
        // before it journals them, so the store may hold one the journal (and a +line) never saw
        ChatService chat = new ChatService(appender, workspace.store(), Clock.systemUTC(), () -> {
            String id = prefix + "n" + ids.incrementAndGet();
            out.line("~id " + id);
            return id;
        });
        drive(chat, workspace, random, out);
    }

    /** One reply in flight. */
    private static final class Turn {
        final Reply reply;
        final StreamListener listener;
        final int planned;
        int sent;

        Turn(Reply reply, StreamListener listener, int planned) {
            this.reply = reply;
            this.listener = listener;
            this.planned = planned;
        }
    }

    /** Interleaves replies in 3–6 sessions, turn after turn, until killed. */
    private static void drive(ChatService chat, Workspace workspace, Random random, Reporter out) {
        SyntheticProvider provider = new SyntheticProvider();
        List<String> sessions = new ArrayList<>();
        int sessionCount = 3 + random.nextInt(4);
        for (int i = 0; i < sessionCount; i++) {
            out.line("~create");
            Session session = chat.createSession();
            sessions.add(session.id());
        }
        Map<String, Turn> active = new HashMap<>();
        Map<String, Integer> turns = new HashMap<>();
        long steps = 0;
        while (true) {
            String sessionId = sessions.get(random.nextInt(sessions.size()));
            Turn turn = active.get(sessionId);
            if (turn == null) {
                int number = turns.merge(sessionId, 1, Integer::sum);
                out.line("~send " + sessionId);
                Reply reply = chat.send(sessionId, KillProtocol.prompt(sessionId, number), provider, null);
                // mostly short replies, some long ones that span several segments
                int planned = random.nextInt(8) == 0 ? 100 + random.nextInt(400) : random.nextInt(60);
                active.put(sessionId, new Turn(reply, provider.take(), planned));
            } else if (turn.sent < turn.planned) {
                turn.sent++;
                turn.listener.onEvent(new StreamEvent.TextDelta(KillProtocol.delta(turn.reply.streamId(), turn.sent)));
            } else {
                // announced before ChatService acts: it puts the final reply in the store before it journals the end
                String end = "~end " + turn.reply.streamId() + " " + (turn.sent + 1) + " ";
                int how = random.nextInt(20);
                if (how < 17) {
                    out.line(end + MessageStatus.COMPLETE.wireName());
                    turn.listener.onEvent(new StreamEvent.Done("stop"));
                } else if (how < 19) {
                    out.line(end + MessageStatus.ERROR.wireName());
                    turn.listener.onEvent(new StreamEvent.Failed("synthetic failure é😀 \"x\"\n"));
                } else {
                    out.line(end + MessageStatus.STOPPED.wireName());
                    chat.stop(sessionId);
                }
                active.remove(sessionId);
            }
            if (++steps % 700 == 0) {
                workspace.checkpoint(); // rotate now and checkpoint what the store holds; do not wait
            }
        }
    }

    /** Prints every record before it goes to the journal and once its append future completed. */
    private static final class ReportingAppender implements JournalAppender {
        private final JournalAppender journal;
        private final Reporter out;
        private final Semaphore unacked = new Semaphore(MAX_UNACKED);

        ReportingAppender(JournalAppender journal, Reporter out) {
            this.journal = journal;
            this.out = out;
        }

        @Override
        public CompletableFuture<Void> append(JournalRecord record) {
            unacked.acquireUninterruptibly(); // keeps memory bounded while the writer is stopped at a point
            String ack;
            if (record instanceof JournalRecord.SessionCreated s) {
                out.line("+session " + s.sessionId());
                ack = "=session " + s.sessionId();
            } else if (record instanceof JournalRecord.UserMessage u) {
                out.line("+user " + u.sessionId() + " " + u.messageId());
                ack = "=user " + u.messageId();
            } else if (record instanceof JournalRecord.StreamStarted s) {
                out.line("+start " + s.sessionId() + " " + s.streamId());
                ack = "=start " + s.streamId();
            } else if (record instanceof JournalRecord.TextDelta t) {
                ack = "=delta " + t.streamId() + " " + t.through();
            } else if (record instanceof JournalRecord.StreamEnded e) {
                out.line("+end " + e.streamId() + " " + e.seq() + " " + e.status().wireName());
                ack = "=end " + e.streamId();
            } else {
                throw new IllegalStateException("the kill test does not send " + record.type());
            }
            CompletableFuture<Void> written = journal.append(record);
            written.whenComplete((ok, error) -> {
                unacked.release();
                if (error == null) {
                    out.line(ack);
                } else {
                    out.line("FAILED " + ack + " " + error);
                }
            });
            return written;
        }
    }

    /** Whole lines to stdout, one write call each, so that a kill never leaves half a line in the pipe. */
    static final class Reporter {
        private final FileOutputStream out = new FileOutputStream(FileDescriptor.out);

        synchronized void line(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                Runtime.getRuntime().halt(4); // the parent is gone
            }
        }
    }
}
