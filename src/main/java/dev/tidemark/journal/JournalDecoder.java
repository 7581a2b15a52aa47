package dev.tidemark.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Turns a journal line back into a record, or says why it cannot. Reading is on the start-up path,
 * so a line is checked ({@link LineChecksum}) and parsed straight from the file's bytes: text
 * records by {@link TextRecordShortcut}, other flat objects by {@link FlatObjectParser}; anything
 * else a newer version might write is handed to Jackson. Why not Jackson for everything:
 * {@code docs/adr/0004-hand-written-journal-decoder.md}. Thread-safe.
 */
public final class JournalDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Outcome of reading one line. */
    public sealed interface Decoded {
        record Valid(JournalRecord record) implements Decoded {
        }

        /** A line that checks out but whose type this version does not know; skipped, not an error. */
        record UnknownType(String type) implements Decoded {
        }

        /** A line that is damaged: wrong checksum, not JSON, or missing fields. */
        record Damaged(String reason) implements Decoded {
        }
    }

    /** Decodes one line (without its newline) from {@code bytes[from, to)}. Never throws. */
    public Decoded decode(byte[] bytes, int from, int to) {
        return decode(bytes, from, to, null);
    }

    /**
     * Decodes one line, reusing stream-id strings from {@code ids} (one reader's cache; may be
     * null). Never throws.
     */
    public Decoded decode(byte[] bytes, int from, int to, StreamIds ids) {
        return decode(bytes, from, to, ids, false);
    }

    /**
     * Decodes one line; with {@code textInPlace}, a text record's text is left undecoded in
     * {@code bytes} until it is asked for ({@link JournalRecord.TextDelta#text}), so the caller
     * must never change those bytes. The line's checksum and the text's escapes are checked either
     * way. Never throws.
     */
    public Decoded decode(byte[] bytes, int from, int to, StreamIds ids, boolean textInPlace) {
        if (!LineChecksum.present(bytes, from, to)) {
            return new Decoded.Damaged("no checksum at the start of the line");
        }
        if (!LineChecksum.matches(bytes, from, to, ids != null ? ids.crc : new CRC32C())) {
            return new Decoded.Damaged("checksum does not match");
        }
        int members = from + LineChecksum.MEMBER_LENGTH;
        try {
            JournalRecord.TextDelta text = TextRecordShortcut.read(bytes, members, to, ids, textInPlace);
            if (text != null) {
                return new Decoded.Valid(text);
            }
            RecordFields fields = new RecordFields();
            if (!FlatObjectParser.parse(bytes, members, to, fields)) {
                fields = withJackson(bytes, members, to);
            }
            return fields.toRecord();
        } catch (RuntimeException | IOException e) {
            return new Decoded.Damaged("not a journal record (" + e.getMessage() + ")");
        }
    }

    /** The string and integer members of {@code "{" + b[from, to)}, read by Jackson. */
    private static RecordFields withJackson(byte[] b, int from, int to) throws IOException {
        byte[] body = new byte[to - from + 1];
        body[0] = '{';
        System.arraycopy(b, from, body, 1, to - from);
        JsonNode node = JSON.readTree(body);
        if (node == null || !node.isObject()) {
            throw new IOException("not a JSON object");
        }
        RecordFields fields = new RecordFields();
        for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode value = member.getValue();
            if (value.isTextual()) {
                fields.setString(member.getKey(), value.asText());
            } else if (value.isIntegralNumber()) {
                fields.setNumber(member.getKey(), value.asLong());
            }
        }
        return fields;
    }
}
