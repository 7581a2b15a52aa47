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
 * Turns records into self-checking lines and back. A line is a JSON object whose first member is
 * {@code "crc"}: eight lowercase hex digits of the CRC32C of the same object written without that
 * member, i.e. of the bytes {@code "{" + rest} where the line is {@code {"crc":"xxxxxxxx",rest}.
 * Thread-safe (ObjectMapper is).
 */
public final class JournalCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PREFIX = "{\"crc\":\"".getBytes(StandardCharsets.US_ASCII);
    /** {@code {"crc":"} + 8 hex digits + {@code ",} */
    private static final int CRC_MEMBER_LENGTH = PREFIX.length + 8 + 2;

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
            node.put("stream", t.streamId());
            node.put("seq", t.seq());
            node.put("text", t.text());
        } else if (record instanceof JournalRecord.StreamEnded e) {
            node.put("stream", e.streamId());
            node.put("seq", e.seq());
            node.put("status", e.status().wireName());
            if (e.detail() != null) {
                node.put("detail", e.detail());
            }
            node.put("at", e.at().toString());
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not encode a journal record", e);
        }
        String crc = crcHex(body, 0, body.length);
        // line = {"crc":"xxxxxxxx", + body without its leading '{' + '\n'
        byte[] line = new byte[CRC_MEMBER_LENGTH + body.length - 1 + 1];
        System.arraycopy(PREFIX, 0, line, 0, PREFIX.length);
        byte[] crcBytes = crc.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(crcBytes, 0, line, PREFIX.length, 8);
        line[PREFIX.length + 8] = '"';
        line[PREFIX.length + 9] = ',';
        System.arraycopy(body, 1, line, CRC_MEMBER_LENGTH, body.length - 1);
        line[line.length - 1] = '\n';
        return line;
    }

    /** Decodes one line (without its newline) from {@code bytes[from, to)}. Never throws. */
    public Decoded decode(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length <= CRC_MEMBER_LENGTH || !startsWithPrefix(bytes, from)
                || bytes[from + PREFIX.length + 8] != '"' || bytes[from + PREFIX.length + 9] != ',') {
            return new Decoded.Damaged("no checksum at the start of the line");
        }
        String stored = new String(bytes, from + PREFIX.length, 8, StandardCharsets.US_ASCII);
        byte[] body = new byte[length - CRC_MEMBER_LENGTH + 1];
        body[0] = '{';
        System.arraycopy(bytes, from + CRC_MEMBER_LENGTH, body, 1, length - CRC_MEMBER_LENGTH);
        if (!stored.equals(crcHex(body, 0, body.length))) {
            return new Decoded.Damaged("checksum does not match");
        }
        try {
            JsonNode node = JSON.readTree(body);
            return toRecord(node);
        } catch (IOException | RuntimeException e) {
            return new Decoded.Damaged("not a journal record (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Decoded toRecord(JsonNode n) {
        String type = n.path("type").asText("");
        return switch (type) {
            case "segment" -> JournalRecord.SegmentHeader.MAGIC.equals(n.path("magic").asText())
                    ? valid(new JournalRecord.SegmentHeader(n.path("version").asInt(), n.path("segment").asLong(),
                    n.path("salt").asText(), at(n)))
                    : new Decoded.Damaged("segment header without the journal's magic");
            case "session.created" -> valid(new JournalRecord.SessionCreated(
                    required(n, "session"), required(n, "title"), at(n)));
            case "user.message" -> valid(new JournalRecord.UserMessage(
                    required(n, "session"), required(n, "message"), required(n, "text"), at(n)));
            case "stream.start" -> valid(new JournalRecord.StreamStarted(
                    required(n, "stream"), required(n, "session"), optional(n, "provider"), optional(n, "model"),
                    at(n)));
            case "stream.text" -> valid(new JournalRecord.TextDelta(
                    required(n, "stream"), n.path("seq").asLong(), required(n, "text")));
            case "stream.end" -> valid(new JournalRecord.StreamEnded(
                    required(n, "stream"), n.path("seq").asLong(),
                    MessageStatus.fromWireName(required(n, "status")), optional(n, "detail"), at(n)));
            default -> new Decoded.UnknownType(type);
        };
    }

    private static Decoded valid(JournalRecord record) {
        return new Decoded.Valid(record);
    }

    private static String required(JsonNode n, String field) {
        JsonNode value = n.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.asText();
    }

    private static String optional(JsonNode n, String field) {
        JsonNode value = n.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant at(JsonNode n) {
        return Instant.parse(required(n, "at"));
    }

    private static boolean startsWithPrefix(byte[] bytes, int from) {
        return Arrays.equals(bytes, from, from + PREFIX.length, PREFIX, 0, PREFIX.length);
    }

    private static String crcHex(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return String.format("%08x", crc.getValue());
    }
}
