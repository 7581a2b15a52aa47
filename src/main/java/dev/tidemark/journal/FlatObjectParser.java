package dev.tidemark.journal;

import java.nio.charset.StandardCharsets;

/**
 * Parses the members of a flat JSON object (string, integer and null values) straight from a
 * line's bytes into {@link RecordFields}. It declines whatever else a newer version might write —
 * nested values, booleans, fractions, escaped keys — and the decoder hands such lines to Jackson.
 */
final class FlatObjectParser {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    /** Longer numbers do not fit a long for sure: declined. */
    private static final int MOST_DIGITS = 18;

    private FlatObjectParser() {
    }

    /**
     * Parses the members {@code b[p, end)} of an object (after its '{', or after the crc member,
     * up to and including its '}') into {@code fields}.
     *
     * @return false when the line holds something this parser does not handle
     */
    static boolean parse(byte[] b, int p, int end, RecordFields fields) {
        while (p < end) {
            if (b[p] != '"') {
                return false;
            }
            int keyStart = ++p;
            while (p < end && b[p] != '"') {
                if (b[p] == '\\') {
                    return false;
                }
                p++;
            }
            if (p >= end) {
                return false;
            }
            String key = new String(b, keyStart, p - keyStart, StandardCharsets.ISO_8859_1);
            p++;
            if (p >= end || b[p] != ':') {
                return false;
            }
            p++;
            if (p >= end) {
                return false;
            }
            byte c = b[p];
            if (c == '"') {
                int close = JsonBytes.stringEnd(b, p + 1, end);
                if (close < 0) {
                    return false;
                }
                fields.setString(key, JsonBytes.unescape(b, p + 1, close));
                p = close + 1;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int start = p;
                p++;
                while (p < end && b[p] >= '0' && b[p] <= '9') {
                    p++;
                }
                if (p - start > MOST_DIGITS) {
                    return false;
                }
                fields.setNumber(key, Long.parseLong(new String(b, start, p - start, StandardCharsets.ISO_8859_1)));
            } else if (JsonBytes.startsWith(b, p, end, NULL)) {
                p += NULL.length;
            } else {
                return false; // nested values, booleans: leave it to Jackson
            }
            if (p < end && b[p] == ',') {
                p++;
            } else {
                return p == end - 1 && b[p] == '}';
            }
        }
        return false;
    }
}
