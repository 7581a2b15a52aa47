package dev.tidemark.provider;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events from raw bytes, as the WHATWG spec frames them, fed in whatever pieces the
 * network delivers. Bytes first, text second: lines are split on CR, LF or CRLF (a CRLF split
 * across two reads included) and only whole lines are decoded as UTF-8, so a character split
 * across reads is never garbled.
 *
 * <p>Why not okhttp-sse's reader: it drops a last event that lacks its blank line (real recorded
 * Anthropic streams end that way), rejects any content type but {@code text/event-stream} (some
 * local servers answer {@code text/plain} or {@code application/x-ndjson}), and silently drops
 * the {@code error:} field older llama.cpp servers use for errors. This parser keeps all three.
 *
 * <p>Not thread-safe: one reader thread feeds it.
 */
public final class SseParser {

    /** Receives what the stream holds. */
    public interface Listener {
        /** One event; {@code type} is null when the event named none. */
        void onEvent(String type, String data);

        /** A comment line (e.g. {@code : keep-alive}): proof of life, not progress. */
        default void onComment(String comment) {
        }
    }

    /**
     * The longest line, and the largest event (its data lines together), read: a broken or hostile
     * server must not make Tidemark buffer without end. Real events are at most tens of KiB.
     */
    public static final int MAX_LINE_BYTES = 4 << 20;
    public static final int MAX_EVENT_BYTES = 8 << 20;

    /** A line or an event over its cap; the stream cannot be read on. */
    public static final class TooLarge extends RuntimeException {
        private final int limit;

        TooLarge(int limit) {
            super("an event larger than " + mib(limit));
            this.limit = limit;
        }

        /** The cap that was passed, in bytes. */
        public int limit() {
            return limit;
        }
    }

    /** A size in whole MiB, for messages: "4 MiB". */
    public static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    private static final int CR = '\r';
    private static final int LF = '\n';

    private final Listener listener;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private String eventType;
    private boolean hasData;
    private long eventBytes;
    private boolean lastWasCr;
    private boolean atStart = true;

    public SseParser(Listener listener) {
        this.listener = listener;
    }

    /** Feeds the next bytes of the stream. */
    public void feed(byte[] bytes, int offset, int length) {
        int lineStart = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            int b = bytes[i];
            if (b == LF && lastWasCr) {
                lastWasCr = false; // the LF of a CRLF whose CR ended the previous line
                lineStart = i + 1;
                continue;
            }
            lastWasCr = false;
            if (b == CR || b == LF) {
                growLine(i - lineStart);
                line.write(bytes, lineStart, i - lineStart);
                endLine();
                lastWasCr = b == CR;
                lineStart = i + 1;
            }
        }
        if (lineStart < end) {
            growLine(end - lineStart);
            line.write(bytes, lineStart, end - lineStart);
        }
    }

    private void growLine(int more) {
        if ((long) line.size() + more > MAX_LINE_BYTES) {
            line.reset();
            throw new TooLarge(MAX_LINE_BYTES);
        }
    }

    /**
     * The stream ended. A last line without its line end, and a last event without its blank
     * line, are delivered (the spec would drop them; real servers end that way).
     */
    public void finish() {
        if (line.size() > 0) {
            endLine();
        }
        dispatch();
    }

    private void endLine() {
        byte[] bytes = line.toByteArray();
        line.reset();
        int from = 0;
        if (atStart) {
            atStart = false;
            if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                    && (bytes[2] & 0xff) == 0xBF) {
                from = 3; // a byte-order mark
            }
        }
        String text = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            listener.onComment(text.substring(1).strip());
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                eventBytes += bytes.length;
                if (eventBytes > MAX_EVENT_BYTES) {
                    data.setLength(0);
                    throw new TooLarge(MAX_EVENT_BYTES);
                }
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventType = value;
            case "error" -> {
                // older llama.cpp servers: "error: {json}" then "data: [DONE]"; make it an error event
                dispatch();
                listener.onEvent("error", value);
            }
            default -> {
                // id, retry and fields unknown to the spec: nothing Tidemark needs
            }
        }
    }

    private void dispatch() {
        eventBytes = 0;
        if (hasData) {
            String type = eventType == null || eventType.isEmpty() ? null : eventType;
            String payload = data.toString();
            data.setLength(0);
            hasData = false;
            eventType = null;
            listener.onEvent(type, payload);
        } else {
            eventType = null;
        }
    }
}
