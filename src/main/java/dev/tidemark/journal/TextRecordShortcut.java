package dev.tidemark.journal;

import java.nio.charset.StandardCharsets;

/**
 * Reads text records without the general parser. Most of a journal is text records written by
 * {@link JournalEncoder}, always in the same layout
 * ({@code "type":"stream.text","stream":"…","seq":n[,"through":m][,"rseq":r],"text":"…"}; {@code rseq}
 * since journal format 6), so they are read
 * straight from the bytes; anything else is left to {@link FlatObjectParser}.
 */
final class TextRecordShortcut {

    private static final byte[] HEAD = "\"type\":\"stream.text\",\"stream\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] THROUGH = ",\"through\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RSEQ = ",\"rseq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TEXT = ",\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    /** Longer numbers are left to the general parser, which rejects them. */
    private static final int MOST_DIGITS = 18;

    private TextRecordShortcut() {
    }

    /**
     * The text record in the members {@code b[p, end)} (after the crc member, up to the closing
     * brace), or null when they are not one in the encoder's layout. The checksum has been checked.
     *
     * @param ids     the reader's stream ids, or null
     * @param inPlace leave the text undecoded in {@code b} until it is asked for (the caller never
     *                changes {@code b}); its escapes are checked now, so decoding it cannot fail later
     */
    static JournalRecord.TextDelta read(byte[] b, int p, int end, StreamIds ids, boolean inPlace) {
        if (!JsonBytes.startsWith(b, p, end, HEAD)) {
            return null;
        }
        p += HEAD.length;
        int idStart = p;
        while (p < end && b[p] != '"') {
            if (b[p] == '\\') {
                return null;
            }
            p++;
        }
        int idEnd = p;
        if (!JsonBytes.startsWith(b, p, end, SEQ)) {
            return null;
        }
        p += SEQ.length;
        long seq = 0;
        int digits = p;
        while (p < end && b[p] >= '0' && b[p] <= '9' && p - digits < MOST_DIGITS) {
            seq = seq * 10 + (b[p++] - '0');
        }
        if (p == digits) {
            return null;
        }
        long through = seq;
        if (JsonBytes.startsWith(b, p, end, THROUGH)) {
            p += THROUGH.length;
            through = 0;
            digits = p;
            while (p < end && b[p] >= '0' && b[p] <= '9' && p - digits < MOST_DIGITS) {
                through = through * 10 + (b[p++] - '0');
            }
            if (p == digits || through < seq) {
                return null;
            }
        }
        long remoteSeq = -1;
        if (JsonBytes.startsWith(b, p, end, RSEQ)) {
            p += RSEQ.length;
            remoteSeq = 0;
            digits = p;
            while (p < end && b[p] >= '0' && b[p] <= '9' && p - digits < MOST_DIGITS) {
                remoteSeq = remoteSeq * 10 + (b[p++] - '0');
            }
            if (p == digits) {
                return null;
            }
        }
        if (!JsonBytes.startsWith(b, p, end, TEXT)) {
            return null;
        }
        p += TEXT.length;
        int close = inPlace ? JsonBytes.checkedStringEnd(b, p, end) : JsonBytes.stringEnd(b, p, end);
        if (close != end - 2 || b[end - 1] != '}') {
            return null; // another layout, or (in place) an escape JSON does not have: the general parser says which
        }
        String stream = ids != null ? ids.get(b, idStart, idEnd)
                : new String(b, idStart, idEnd - idStart, StandardCharsets.UTF_8);
        return inPlace ? JournalRecord.TextDelta.undecoded(stream, seq, through, b, p, close, remoteSeq)
                : new JournalRecord.TextDelta(stream, seq, through, JsonBytes.unescape(b, p, close), remoteSeq);
    }
}
