package dev.tidemark.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.ReplyStats;

/**
 * Turns a record into its journal line: a flat JSON object written by Jackson, made
 * self-checking by {@link LineChecksum}. The member names are the format's
 * ({@code docs/journal-format.md}); text records always come out in the layout
 * {@link TextRecordShortcut} reads. Thread-safe.
 */
public final class JournalEncoder {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            if (u.parentId() != null) {
                node.put("parent", u.parentId());
            }
            if (u.compared()) {
                node.put("compare", 1);
            }
            if (u.attachments() > 0) {
                node.put("attachments", u.attachments());
            }
            node.put("at", u.at().toString());
        } else if (record instanceof JournalRecord.AttachmentStored a) {
            node.put("session", a.sessionId());
            node.put("message", a.messageId());
            node.put("index", a.index());
            node.put("sha256", a.sha256());
            node.put("name", a.name());
            node.put("mediaType", a.mediaType());
            node.put("size", a.size());
            node.put("at", a.at().toString());
        } else if (record instanceof JournalRecord.StreamStarted s) {
            node.put("stream", s.streamId());
            node.put("seq", 0);
            node.put("session", s.sessionId());
            node.put("provider", s.provider());
            node.put("model", s.model());
            if (s.parentId() != null) {
                node.put("parent", s.parentId());
            }
            origin(node, s.origin());
            node.put("at", s.at().toString());
        } else if (record instanceof JournalRecord.StreamRemote r) {
            streamAndSeq(node, r);
            node.put("responseId", r.responseId());
            node.put("at", r.at().toString());
        } else if (record instanceof JournalRecord.StreamReattached r) {
            streamAndSeq(node, r);
            node.put("responseId", r.responseId());
            if (r.after() >= 0) {
                node.put("after", r.after());
            }
            node.put("at", r.at().toString());
        } else if (record instanceof JournalRecord.BranchChosen b) {
            node.put("session", b.sessionId());
            node.put("message", b.messageId());
            node.put("at", b.at().toString());
        } else if (record instanceof JournalRecord.SessionRenamed r) {
            node.put("session", r.sessionId());
            node.put("title", r.title());
            node.put("at", r.at().toString());
        } else if (record instanceof JournalRecord.SessionPinned p) {
            node.put("session", p.sessionId());
            node.put("pinned", p.pinned() ? 1 : 0);
            node.put("at", p.at().toString());
        } else if (record instanceof JournalRecord.SessionTrashed t) {
            node.put("session", t.sessionId());
            node.put("trashed", t.trashed() ? 1 : 0);
            node.put("at", t.at().toString());
        } else if (record instanceof JournalRecord.TextDelta t) {
            streamAndSeq(node, t);
            remoteSeq(node, t);
            node.put("text", t.text());
        } else if (record instanceof JournalRecord.ReasoningDelta r) {
            streamAndSeq(node, r);
            remoteSeq(node, r);
            node.put("text", r.text());
        } else if (record instanceof JournalRecord.ToolCallDelta t) {
            streamAndSeq(node, t);
            remoteSeq(node, t);
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
            streamEnd(node, e);
        } else if (record instanceof JournalRecord.ToolRecord t) {
            ToolRecordCodec.encode(node, t);
        }
        try {
            return LineChecksum.frame(JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not encode a journal record", e);
        }
    }

    private static void streamAndSeq(ObjectNode node, JournalRecord.StreamRecord r) {
        node.put("stream", r.streamId());
        node.put("seq", r.seq());
        if (r.through() != r.seq()) {
            node.put("through", r.through());
        }
    }

    /** The service's sequence number ({@code "rseq"}, journal format 6), only when there is one. */
    private static void remoteSeq(ObjectNode node, JournalRecord.StreamDelta d) {
        if (d.remoteSeq() >= 0) {
            node.put("rseq", d.remoteSeq());
        }
    }

    /**
     * Where the stream's request went (journal format 6), as flat members: {@code "api"} and
     * {@code "baseUrl"}, then {@code "background":1} and {@code "carried":1} only when true (numbers, as
     * the journal's other flags, so that the flat parser reads them). Nothing when there is no origin.
     */
    private static void origin(ObjectNode node, JournalRecord.Origin origin) {
        if (origin == null) {
            return;
        }
        node.put("api", origin.api());
        node.put("baseUrl", origin.baseUrl());
        if (origin.background()) {
            node.put("background", 1);
        }
        if (origin.carried()) {
            node.put("carried", 1);
        }
    }

    private static void streamEnd(ObjectNode node, JournalRecord.StreamEnded e) {
        node.put("status", e.status().wireName());
        if (e.detail() != null) {
            node.put("detail", e.detail());
        }
        ReplyStats stats = e.stats();
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
}
