package dev.tidemark.journal;

import dev.tidemark.health.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The hand-over from producers to the journal's writer thread. Producers {@code offer} to a bounded
 * queue under a lock that is never held across I/O. When the queue is full (the disk stalls, or is
 * full), items go to a spill list in memory instead, where consecutive text of a stream is
 * coalesced into one record ({@code seq..through}); nothing is dropped, and falling behind and
 * catching up are reported.
 */
final class WriteQueue {

    private final ArrayBlockingQueue<WriterItem> queue;
    private final Consumer<Problem> problems;
    private final AtomicLong coalesced = new AtomicLong();

    // guarded by spillLock: the order of items once the queue has overflowed
    private final Object spillLock = new Object();
    private List<WriterItem> spill = new ArrayList<>();
    private boolean overflowing;
    private volatile boolean spillWaiting;
    private boolean reportedOverflow; // writer thread, under spillLock

    WriteQueue(int capacity, Consumer<Problem> problems) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.problems = problems;
    }

    /** Hands a record over; once the queue has overflowed, its text may join the stream's previous text. */
    void add(WriterItem.Pending pending) {
        synchronized (spillLock) {
            if (!overflowing && queue.offer(pending)) {
                return;
            }
            overflowing = true;
            spillAdd(pending);
            wakeWriter();
        }
    }

    /** Hands a command over; it keeps its place after any records spilled before it. */
    void add(WriterItem command) {
        synchronized (spillLock) {
            if (!overflowing && queue.offer(command)) {
                return;
            }
            overflowing = true;
            spill.add(command);
            wakeWriter();
        }
    }

    /** Holds spillLock. */
    private void wakeWriter() {
        if (!spillWaiting) {
            spillWaiting = true;
            queue.offer(new WriterItem.Wake()); // the writer may be waiting on an empty queue
        }
    }

    /** Appends to the spill, coalescing text into the stream's previous spilled text. Holds spillLock. */
    private void spillAdd(WriterItem.Pending pending) {
        JournalRecord record = pending.record();
        for (int i = spill.size() - 1; i >= 0; i--) {
            if (!(spill.get(i) instanceof WriterItem.Pending earlier)) {
                break; // a command: nothing moves across it
            }
            if (earlier.record() instanceof JournalRecord.StreamRecord s
                    && record instanceof JournalRecord.StreamRecord r && s.streamId().equals(r.streamId())) {
                JournalRecord merged = merge(earlier.record(), record);
                if (merged != null) {
                    earlier.futures().addAll(pending.futures());
                    spill.set(i, new WriterItem.Pending(merged, earlier.futures()));
                    coalesced.incrementAndGet();
                    return;
                }
                break; // the stream's last spilled record is not text: keep the order
            }
        }
        spill.add(pending);
    }

    /**
     * The two records as one, or null when they cannot be. The merged record's service sequence
     * number ({@code rseq}, journal format 6) is that of the last wire event whose piece it carries:
     * the later record's, or the earlier one's when the later carries none. Text with one and text
     * without may merge either way: the rule keeps the sequence number a re-attach starts after.
     */
    static JournalRecord merge(JournalRecord earlier, JournalRecord later) {
        if (earlier instanceof JournalRecord.TextDelta a && later instanceof JournalRecord.TextDelta b
                && b.seq() == a.through() + 1) {
            return new JournalRecord.TextDelta(a.streamId(), a.seq(), b.through(), a.text() + b.text(),
                    lastRemote(a, b));
        }
        if (earlier instanceof JournalRecord.ReasoningDelta a && later instanceof JournalRecord.ReasoningDelta b
                && b.seq() == a.through() + 1) {
            return new JournalRecord.ReasoningDelta(a.streamId(), a.seq(), b.through(), a.text() + b.text(),
                    lastRemote(a, b));
        }
        return null;
    }

    private static long lastRemote(JournalRecord.StreamDelta earlier, JournalRecord.StreamDelta later) {
        return later.remoteSeq() >= 0 ? later.remoteSeq() : earlier.remoteSeq();
    }

    /** Whether items wait in the spill: the writer should not sleep on the queue. */
    boolean spillWaiting() {
        return spillWaiting;
    }

    WriterItem poll() {
        return queue.poll();
    }

    WriterItem poll(long nanos) throws InterruptedException {
        return queue.poll(nanos, TimeUnit.NANOSECONDS);
    }

    WriterItem take() throws InterruptedException {
        return queue.take();
    }

    /**
     * Adds everything queued or spilled so far to {@code items}, in the producers' order. Producers
     * offer and spill under the same lock, so nothing can slip into the queue between the two.
     * Writer thread.
     */
    void drainTo(List<WriterItem> items) {
        queue.drainTo(items);
        synchronized (spillLock) {
            queue.drainTo(items);
            if (!spill.isEmpty()) {
                if (!reportedOverflow) {
                    reportedOverflow = true;
                    problems.accept(new Problem.JournalBehind());
                }
                items.addAll(spill);
                spill = new ArrayList<>();
            } else if (reportedOverflow && !overflowing) {
                reportedOverflow = false;
                problems.accept(new Problem.JournalCaughtUp());
            }
            overflowing = false;
            spillWaiting = false;
        }
    }

    /** How many records were merged into an earlier one while the queue was overflowing. */
    long coalesced() {
        return coalesced.get();
    }
}
