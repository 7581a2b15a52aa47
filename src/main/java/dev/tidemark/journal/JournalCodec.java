package dev.tidemark.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.MessageStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Turns records into self-checking lines and back. A line is a flat JSON object whose first member
 * is {@code "crc"}: eight lowercase hex digits of the CRC32C of the same object written without
 * that member, i.e. of the bytes {@code "{" + rest} where the line is {@code {"crc":"xxxxxxxx",rest}.
 *
 * <p>Reading is on the start-up path, so lines are checked and parsed straight from the file's
 * bytes by a small parser for flat objects (strings and numbers); anything else a newer version
 * might write is handed to Jackson. Thread-safe.
 */
public final class JournalCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PREFIX = "{\"crc\":\"".getBytes(StandardCharsets.US_ASCII);
    /** {@code {"crc":"} + 8 hex digits + {@code ",} */
    static final int CRC_MEMBER_LENGTH = PREFIX.length + 8 + 2;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

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

    /** Encodes one record as a line, newline included. */
    public byte[] encode(JournalRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", record.type());
        if (record instanceof JournalRecord.SegmentHeader h) {
            node.put("magic", JournalRecord.SegmentHeader.MAGIC);
            node.put("version", h.formatVersion());
            node.put("segment", h.segment());
            node.put("salt", h.salt());
            node.put("at", h.at().toString());
        } else if (record instanceof JournalRecord.Checkpoint c) {
            node.put("appliedThrough", c.appliedThrough());
            node.put("at", c.at().toString());
        } else if (record instanceof JournalRecord.MessageDeleted d) {
            node.put("session", d.sessionId());
            node.put("message", d.messageId());
            node.put("at", d.at().toString());
        } else if (record instanceof JournalRecord.SessionCreated s) {
            node.put("session", s.sessionId());
            node.put("title", s.title());
            node.put("at", s.at().toString());
        } else if (record instanceof JournalRecord.UserMessage u) {
            node.put("session", u.sessionId());
            node.put("message", u.messageId());
            node.put("text", u.text());
            node.put("at", u.at().toString());
        } else if (record instanceof JournalRecord.StreamStarted s) {
            node.put("stream", s.streamId());
            node.put("seq", 0);
            node.put("session", s.sessionId());
            node.put("provider", s.provider());
            node.put("model", s.model());
            node.put("at", s.at().toString());
        } else if (record instanceof JournalRecord.TextDelta t) {
            streamAndSeq(node, t);
            node.put("text", t.text());
        } else if (record instanceof JournalRecord.ReasoningDelta r) {
            streamAndSeq(node, r);
            node.put("text", r.text());
        } else if (record instanceof JournalRecord.ToolCallDelta t) {
            streamAndSeq(node, t);
            node.put("index", t.index());
            if (t.callId() != null) {
                node.put("id", t.callId());
            }
            if (t.name() != null) {
                node.put("name", t.name());
            }
            node.put("args", t.arguments());
        } else if (record instanceof JournalRecord.StreamEnded e) {
            streamAndSeq(node, e);
            node.put("status", e.status().wireName());
            if (e.detail() != null) {
                node.put("detail", e.detail());
            }
            dev.tidemark.model.ReplyStats stats = e.stats();
            if (stats.inputTokens() != null) {
                node.put("in", stats.inputTokens());
            }
            if (stats.outputTokens() != null) {
                node.put("out", stats.outputTokens());
            }
            if (stats.firstPieceMillis() != null) {
                node.put("ttft", stats.firstPieceMillis());
            }
            if (stats.totalMillis() != null) {
                node.put("ms", stats.totalMillis());
            }
            node.put("at", e.at().toString());
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not encode a journal record", e);
        }
        // line = {"crc":"xxxxxxxx", + body without its leading '{' + '\n'
        byte[] line = new byte[CRC_MEMBER_LENGTH + body.length];
        System.arraycopy(PREFIX, 0, line, 0, PREFIX.length);
        writeHex(crc(body, 0, body.length), line, PREFIX.length);
        line[PREFIX.length + 8] = '"';
        line[PREFIX.length + 9] = ',';
        System.arraycopy(body, 1, line, CRC_MEMBER_LENGTH, body.length - 1);
        line[line.length - 1] = '\n';
        return line;
    }

    private static void streamAndSeq(ObjectNode node, JournalRecord.StreamRecord r) {
        node.put("stream", r.streamId());
        node.put("seq", r.seq());
        if (r.through() != r.seq()) {
            node.put("through", r.through());
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
        int length = to - from;
        if (length <= CRC_MEMBER_LENGTH || !Arrays.equals(bytes, from, from + PREFIX.length, PREFIX, 0, PREFIX.length)
                || bytes[from + PREFIX.length + 8] != '"' || bytes[from + PREFIX.length + 9] != ',') {
            return new Decoded.Damaged("no checksum at the start of the line");
        }
        long stored = readHex(bytes, from + PREFIX.length);
        CRC32C crc = ids != null ? ids.crc : new CRC32C();
        crc.reset();
        crc.update('{');
        crc.update(bytes, from + CRC_MEMBER_LENGTH, length - CRC_MEMBER_LENGTH);
        if (stored < 0 || stored != crc.getValue()) {
            return new Decoded.Damaged("checksum does not match");
        }
        try {
            JournalRecord.TextDelta text = fastText(bytes, from + CRC_MEMBER_LENGTH, to, ids);
            if (text != null) {
                return new Decoded.Valid(text);
            }
            Fields fields = new Fields();
            if (!fields.parse(bytes, from + CRC_MEMBER_LENGTH, to)) {
                fields = Fields.fromJackson(bytes, from + CRC_MEMBER_LENGTH, to);
            }
            return fields.toRecord();
        } catch (RuntimeException | IOException e) {
            return new Decoded.Damaged("not a journal record (" + e.getMessage() + ")");
        }
    }

    private static final byte[] TEXT_HEAD = "\"type\":\"stream.text\",\"stream\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] THROUGH = ",\"through\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TEXT = ",\"text\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * Most of a journal is text records written by this very codec, always in the same layout;
     * read those straight from the bytes. Returns null for anything else (the general parser
     * takes it from there). The checksum has already been checked.
     */
    private static JournalRecord.TextDelta fastText(byte[] b, int p, int end, StreamIds ids) {
        if (!startsWith(b, p, end, TEXT_HEAD)) {
            return null;
        }
        p += TEXT_HEAD.length;
        int idStart = p;
        while (p < end && b[p] != '"') {
            if (b[p] == '\\') {
                return null;
            }
            p++;
        }
        int idEnd = p;
        if (!startsWith(b, p, end, SEQ)) {
            return null;
        }
        p += SEQ.length;
        long seq = 0;
        int digits = p;
        while (p < end && b[p] >= '0' && b[p] <= '9' && p - digits < 18) {
            seq = seq * 10 + (b[p++] - '0');
        }
        if (p == digits) {
            return null;
        }
        long through = seq;
        if (startsWith(b, p, end, THROUGH)) {
            p += THROUGH.length;
            through = 0;
            digits = p;
            while (p < end && b[p] >= '0' && b[p] <= '9' && p - digits < 18) {
                through = through * 10 + (b[p++] - '0');
            }
            if (p == digits || through < seq) {
                return null;
            }
        }
        if (!startsWith(b, p, end, TEXT)) {
            return null;
        }
        p += TEXT.length;
        int close = stringEnd(b, p, end);
        if (close != end - 2 || b[end - 1] != '}') {
            return null;
        }
        String stream = ids != null ? ids.get(b, idStart, idEnd)
                : new String(b, idStart, idEnd - idStart, StandardCharsets.UTF_8);
        return new JournalRecord.TextDelta(stream, seq, through, unescape(b, p, close));
    }

    private static boolean startsWith(byte[] b, int p, int end, byte[] literal) {
        return p + literal.length <= end && Arrays.equals(b, p, p + literal.length, literal, 0, literal.length);
    }

    /**
     * Stream ids seen by one reader, so that a hundred thousand text records of one reply share
     * one string. Not thread-safe; one per scan.
     */
    public static final class StreamIds {
        final CRC32C crc = new CRC32C();
        private byte[] lastBytes = new byte[0];
        private String last = "";
        private final java.util.HashMap<String, String> seen = new java.util.HashMap<>();

        String get(byte[] b, int from, int to) {
            int length = to - from;
            if (length == lastBytes.length && Arrays.equals(b, from, to, lastBytes, 0, length)) {
                return last;
            }
            String id = new String(b, from, length, StandardCharsets.UTF_8);
            String shared = seen.size() < 4096 ? seen.computeIfAbsent(id, k -> k) : id;
            lastBytes = Arrays.copyOfRange(b, from, to);
            last = shared;
            return shared;
        }
    }

    /** The members of one line. Unknown members are ignored, so newer versions may add some. */
    private static final class Fields {
        String type;
        String stream;
        String session;
        String message;
        String text;
        String title;
        String at;
        String provider;
        String model;
        String status;
        String detail;
        String id;
        String name;
        String args;
        String magic;
        String salt;
        long seq = -1;
        long through = -1;
        long version = -1;
        long segment = -1;
        long index = -1;
        long appliedThrough = -1;
        long in = -1;
        long out = -1;
        long ttft = -1;
        long ms = -1;

        /**
         * Parses the members of a flat object starting after its '{' (and after the crc member).
         * Returns false when the line holds something this fast path does not handle.
         */
        boolean parse(byte[] b, int p, int end) {
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
                    int close = stringEnd(b, p + 1, end);
                    if (close < 0) {
                        return false;
                    }
                    setString(key, unescape(b, p + 1, close));
                    p = close + 1;
                } else if (c == '-' || (c >= '0' && c <= '9')) {
                    int start = p;
                    p++;
                    while (p < end && b[p] >= '0' && b[p] <= '9') {
                        p++;
                    }
                    if (p - start > 18) {
                        return false;
                    }
                    setNumber(key, Long.parseLong(new String(b, start, p - start, StandardCharsets.ISO_8859_1)));
                } else if (startsWith(b, p, end, "null")) {
                    p += 4;
                } else {
                    return false; // nested values, booleans: leave it to Jackson
                }
                if (p < end && b[p] == ',') {
                    p++;
                } else if (p == end - 1 && b[p] == '}') {
                    return true;
                } else {
                    return false;
                }
            }
            return false;
        }

        static Fields fromJackson(byte[] b, int from, int to) throws IOException {
            byte[] body = new byte[to - from + 1];
            body[0] = '{';
            System.arraycopy(b, from, body, 1, to - from);
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            Fields f = new Fields();
            var members = node.fields();
            while (members.hasNext()) {
                var member = members.next();
                JsonNode value = member.getValue();
                if (value.isTextual()) {
                    f.setString(member.getKey(), value.asText());
                } else if (value.isIntegralNumber()) {
                    f.setNumber(member.getKey(), value.asLong());
                }
            }
            return f;
        }

        private void setString(String key, String value) {
            switch (key) {
                case "type" -> type = value;
                case "stream" -> stream = value;
                case "session" -> session = value;
                case "message" -> message = value;
                case "text" -> text = value;
                case "title" -> title = value;
                case "at" -> at = value;
                case "provider" -> provider = value;
                case "model" -> model = value;
                case "status" -> status = value;
                case "detail" -> detail = value;
                case "id" -> id = value;
                case "name" -> name = value;
                case "args" -> args = value;
                case "magic" -> magic = value;
                case "salt" -> salt = value;
                default -> {
                    // a member a newer version added
                }
            }
        }

        private void setNumber(String key, long value) {
            switch (key) {
                case "seq" -> seq = value;
                case "through" -> through = value;
                case "version" -> version = value;
                case "segment" -> segment = value;
                case "index" -> index = value;
                case "appliedThrough" -> appliedThrough = value;
                case "in" -> in = value;
                case "out" -> out = value;
                case "ttft" -> ttft = value;
                case "ms" -> ms = value;
                default -> {
                    // a member a newer version added
                }
            }
        }

        Decoded toRecord() {
            if (type == null) {
                return new Decoded.Damaged("no type");
            }
            return switch (type) {
                case "segment" -> JournalRecord.SegmentHeader.MAGIC.equals(magic)
                        ? valid(new JournalRecord.SegmentHeader((int) need(version, "version"),
                        need(segment, "segment"), need(salt, "salt"), instant()))
                        : new Decoded.Damaged("segment header without the journal's magic");
                case "checkpoint" -> valid(new JournalRecord.Checkpoint(need(appliedThrough, "appliedThrough"),
                        instant()));
                case "session.created" -> valid(new JournalRecord.SessionCreated(need(session, "session"),
                        need(title, "title"), instant()));
                case "user.message" -> valid(new JournalRecord.UserMessage(need(session, "session"),
                        need(message, "message"), need(text, "text"), instant()));
                case "stream.start" -> valid(new JournalRecord.StreamStarted(need(stream, "stream"),
                        need(session, "session"), provider, model, instant()));
                case "stream.text" -> valid(new JournalRecord.TextDelta(need(stream, "stream"), need(seq, "seq"),
                        through < 0 ? seq : through, need(text, "text")));
                case "stream.reasoning" -> valid(new JournalRecord.ReasoningDelta(need(stream, "stream"),
                        need(seq, "seq"), through < 0 ? seq : through, need(text, "text")));
                case "stream.tool" -> valid(new JournalRecord.ToolCallDelta(need(stream, "stream"), need(seq, "seq"),
                        (int) need(index, "index"), id, name, need(args, "args")));
                case "stream.end" -> valid(new JournalRecord.StreamEnded(need(stream, "stream"), need(seq, "seq"),
                        MessageStatus.fromWireName(need(status, "status")), detail, instant(),
                        new dev.tidemark.model.ReplyStats(orNull(in), orNull(out), orNull(ttft), orNull(ms))));
                case "message.deleted" -> valid(new JournalRecord.MessageDeleted(need(session, "session"),
                        need(message, "message"), instant()));
                default -> new Decoded.UnknownType(type);
            };
        }

        private static Long orNull(long value) {
            return value < 0 ? null : value;
        }

        private Instant instant() {
            return Instant.parse(need(at, "at"));
        }

        private static String need(String value, String name) {
            if (value == null) {
                throw new IllegalArgumentException("missing " + name);
            }
            return value;
        }

        private static long need(long value, String name) {
            if (value < 0) {
                throw new IllegalArgumentException("missing " + name);
            }
            return value;
        }
    }

    private static Decoded valid(JournalRecord record) {
        return new Decoded.Valid(record);
    }

    /** Index of the closing quote of a string whose content starts at {@code p}, or -1. */
    private static int stringEnd(byte[] b, int p, int end) {
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                return p;
            }
            p += c == '\\' ? 2 : 1;
        }
        return -1;
    }

    private static String unescape(byte[] b, int from, int to) {
        int slash = -1;
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                slash = i;
                break;
            }
        }
        if (slash < 0) {
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(to - from);
        out.append(new String(b, from, slash - from, StandardCharsets.UTF_8));
        int i = slash;
        while (i < to) {
            byte c = b[i];
            if (c != '\\') {
                int runEnd = i;
                while (runEnd < to && b[runEnd] != '\\') {
                    runEnd++;
                }
                out.append(new String(b, i, runEnd - i, StandardCharsets.UTF_8));
                i = runEnd;
                continue;
            }
            if (i + 1 >= to) {
                throw new IllegalArgumentException("bad escape");
            }
            byte e = b[i + 1];
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 6 > to) {
                        throw new IllegalArgumentException("bad escape");
                    }
                    out.append((char) Integer.parseInt(new String(b, i + 2, 4, StandardCharsets.ISO_8859_1), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("bad escape");
            }
            i += 2;
        }
        return out.toString();
    }

    private static boolean startsWith(byte[] b, int p, int end, String literal) {
        if (p + literal.length() > end) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (b[p + i] != literal.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long crc(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return crc.getValue();
    }

    private static void writeHex(long value, byte[] out, int at) {
        for (int i = 7; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }

    /** Eight lowercase hex digits as a number, or -1 when they are not that. */
    private static long readHex(byte[] b, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            byte c = b[at + i];
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
