package dev.tidemark.mcp;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last lines a server wrote to its standard error (at most {@link #MAX_LINES} lines and
 * {@link #MAX_CHARS} characters): how a server's own messages are kept, shown with its failure,
 * and never logged. Thread-safe.
 */
final class StderrTail {

    static final int MAX_LINES = 20;
    static final int MAX_CHARS = 4096;

    private final Deque<String> lines = new ArrayDeque<>();
    private int chars;
    private long written;

    synchronized void add(String line) {
        String kept = line.length() > MAX_CHARS ? line.substring(line.length() - MAX_CHARS) : line;
        lines.addLast(kept);
        chars += kept.length();
        written++;
        while (lines.size() > MAX_LINES || chars > MAX_CHARS) {
            chars -= lines.removeFirst().length();
        }
        notifyAll();
    }

    /** How many lines were ever added: a reader can tell whether more came. */
    synchronized long written() {
        return written;
    }

    /** The kept lines joined with new lines; "" when there is none. */
    synchronized String text() {
        return String.join("\n", lines).strip();
    }

    /**
     * Waits (at most {@code maxMillis}) until no line came for {@code quietMillis}: a process that
     * has exited may still have lines on their way from its pipe.
     */
    synchronized void awaitQuiet(long quietMillis, long maxMillis) throws InterruptedException {
        long end = System.nanoTime() + maxMillis * 1_000_000;
        while (true) {
            long before = written;
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(Math.min(quietMillis, left));
            if (written == before) {
                return;
            }
        }
    }

    /** {@code reason}, then the tail when there is one. */
    String explain(String reason) {
        String tail = text();
        return tail.isEmpty() ? reason : reason + "\nIts last words on standard error:\n" + tail;
    }
}
