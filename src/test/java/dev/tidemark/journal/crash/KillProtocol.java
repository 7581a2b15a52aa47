package dev.tidemark.journal.crash;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the kill-test child ({@link KillChild}) and the parent ({@link KillCampaign}) agree on: the
 * synthetic text, the injected points, the system properties that choose one, and the report lines.
 *
 * <p>Report lines, one per {@code write} to stdout (so a SIGKILL never leaves half a line):
 * <pre>
 *   OPENING                        Workspace.open is called (startup recovery begins)
 *   READY                          Workspace.open returned (startup recovery done)
 *   RECOVERED &lt;stream&gt;            startup recovery of this run brought the stream back
 *   AT &lt;point&gt; &lt;count&gt;            the child stopped at an injected point and waits to be killed
 *   ~create                        the driver is about to create a session; the next ~id is its id
 *   ~send &lt;sid&gt;                    the driver is about to send a turn; the next two ~ids are the user
 *                                  message's and the reply's (ChatService draws them in that order)
 *   ~id &lt;id&gt;                        ChatService drew an id (before it touches the store with it)
 *   +session &lt;sid&gt;                 a record is about to be appended (printed before append)
 *   +user &lt;sid&gt; &lt;mid&gt;
 *   +start &lt;sid&gt; &lt;stream&gt;
 *   +end &lt;stream&gt; &lt;seq&gt; &lt;status&gt;
 *   ~end &lt;stream&gt; &lt;seq&gt; &lt;status&gt;    the driver is about to end the reply (printed before ChatService puts
 *                                  the final reply in the store, which it does before journaling the end)
 *   =session &lt;sid&gt;                 the append future of that record completed (write returned;
 *   =user &lt;mid&gt;                     for barriers also force returned)
 *   =start &lt;stream&gt;
 *   =delta &lt;stream&gt; &lt;seq&gt;
 *   =end &lt;stream&gt;
 * </pre>
 */
final class KillProtocol {

    static final String POINT_PROPERTY = "tidemark.kill.point";
    static final String COUNT_PROPERTY = "tidemark.kill.count";
    static final String POLICY_PROPERTY = "tidemark.kill.policy";

    /** Small segments so that rotations and checkpoints happen many times a second. */
    static final long SEGMENT_BYTES = 16 * 1024;

    /** Where the child's storage layer stops and waits to be killed. */
    enum Point {
        /** In {@code write()} of a segment channel, before anything of the buffer is written. */
        BEFORE_WRITE("before-write"),
        /** In {@code write()}: the first half of the buffer (never ending on a line break) is written, then stop. */
        SPLIT_WRITE("split-write"),
        /** In {@code force()} of a segment channel that was written since its last force. */
        AFTER_WRITE_BEFORE_FORCE("after-write-before-force"),
        /** In {@code create()} of a new segment, before the file exists. */
        ROTATION_CREATE("rotation-create"),
        /** Right after {@code create()} of a new segment: the file exists and is empty. */
        ROTATION_EMPTY("rotation-empty"),
        /** The new segment's header is written and forced; its directory entry is not forced yet. */
        ROTATION_HEADER("rotation-header"),
        /** In {@code replace()} of {@code checkpoint.json}, before anything is written. */
        CHECKPOINT_REPLACE("checkpoint-replace"),
        /** {@code checkpoint.json.tmp} written and forced, not yet renamed over {@code checkpoint.json}. */
        CHECKPOINT_TMP("checkpoint-tmp"),
        /** {@code checkpoint.json} replaced; no covered segment deleted yet. */
        CHECKPOINT_RENAMED("checkpoint-renamed"),
        /** In {@code delete()} of a checkpointed segment, before it is deleted. */
        CHECKPOINT_DELETE("checkpoint-delete"),
        /** Right after {@code delete()} of a checkpointed segment. */
        CHECKPOINT_DELETED("checkpoint-deleted");

        final String wire;

        Point(String wire) {
            this.wire = wire;
        }

        static Optional<Point> ofWire(String wire) {
            return Arrays.stream(values()).filter(p -> p.wire.equals(wire)).findFirst();
        }

        @Override
        public String toString() {
            return wire;
        }
    }

    private static final String[] PIECES = {
        "é😀 ",
        "\"quoted\" ",
        "line\nbreak\r\n",
        "tab\t back\\slash ",
        "ctl\u0001\u001f ",
        "日本語 €uro ",
        "{\"json\":[1,2]} ",
        "</script> &amp; \\u0041 ",
    };

    private KillProtocol() {
    }

    /**
     * The text of delta {@code seq} (1, 2, …) of a stream. It names its stream and sequence, so a
     * piece that lands in the wrong reply or place cannot go unnoticed; lengths vary with seq.
     */
    static String delta(String streamId, long seq) {
        return "[" + streamId + "#" + seq + "]" + PIECES[(int) (seq % PIECES.length)] + "~".repeat((int) (seq * 7 % 23));
    }

    /** The concatenation of deltas 1..n of a stream: the text a reply holds after n deltas. */
    static String text(String streamId, long n) {
        StringBuilder b = new StringBuilder();
        for (long seq = 1; seq <= n; seq++) {
            b.append(delta(streamId, seq));
        }
        return b.toString();
    }

    /**
     * The n for which {@code text} equals {@link #text(String, long) text(streamId, n)}, or -1 when
     * it is no such concatenation (a piece missing, doubled, torn, foreign or out of order).
     */
    static long deltasIn(String streamId, String text) {
        int at = 0;
        long n = 0;
        while (at < text.length()) {
            String next = delta(streamId, n + 1);
            if (!text.startsWith(next, at)) {
                return -1;
            }
            at += next.length();
            n++;
        }
        return n;
    }

    /** What the user sends in turn {@code turn} (1, 2, …) of a session. */
    static String prompt(String sessionId, int turn) {
        return "Frage " + turn + " an " + sessionId + ": é😀 \"warum\"?\nzweite Zeile\t\\ende";
    }
}
