package dev.tidemark.journal;

import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.ToolCallState;

import java.time.Instant;

/**
 * The members of one journal line, however they were parsed, and the record they make. Members
 * this version does not know are ignored, so newer versions may add some; a record missing one
 * it needs is damaged.
 */
final class RecordFields {

    private String type;
    private String stream;
    private String session;
    private String message;
    private String text;
    private String title;
    private String at;
    private String provider;
    private String model;
    private String status;
    private String detail;
    private String id;
    private String name;
    private String args;
    private String magic;
    private String salt;
    private String parent;
    private String sha256;
    private String mediaType;
    private String server;
    private String tool;
    private String how;
    private String state;
    private String images;
    private String api;
    private String baseUrl;
    private String responseId;
    private long seq = -1;
    private long pinned = -1;
    private long trashed = -1;
    private long compare = -1;
    private long through = -1;
    private long version = -1;
    private long segment = -1;
    private long index = -1;
    private long appliedThrough = -1;
    private long in = -1;
    private long out = -1;
    private long ttft = -1;
    private long ms = -1;
    private long size = -1;
    private long attachments = -1;
    private long allowed = -1;
    private long error = -1;
    private long rseq = -1;
    private long after = -1;
    private long background = -1;
    private long carried = -1;

    void setString(String key, String value) {
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
            case "parent" -> parent = value;
            case "sha256" -> sha256 = value;
            case "mediaType" -> mediaType = value;
            case "server" -> server = value;
            case "tool" -> tool = value;
            case "how" -> how = value;
            case "state" -> state = value;
            case "images" -> images = value;
            case "api" -> api = value;
            case "baseUrl" -> baseUrl = value;
            case "responseId" -> responseId = value;
            default -> {
                // a member a newer version added
            }
        }
    }

    void setNumber(String key, long value) {
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
            case "pinned" -> pinned = value;
            case "trashed" -> trashed = value;
            case "compare" -> compare = value;
            case "size" -> size = value;
            case "attachments" -> attachments = value;
            case "allowed" -> allowed = value;
            case "error" -> error = value;
            case "rseq" -> rseq = value;
            case "after" -> after = value;
            case "background" -> background = value;
            case "carried" -> carried = value;
            default -> {
                // a member a newer version added
            }
        }
    }

    /**
     * The record these members make.
     *
     * @throws IllegalArgumentException when a member the record needs is missing
     * @throws java.time.format.DateTimeParseException when its time is not one
     */
    JournalDecoder.Decoded toRecord() {
        if (type == null) {
            return new JournalDecoder.Decoded.Damaged("no type");
        }
        return switch (type) {
            case "segment" -> JournalRecord.SegmentHeader.MAGIC.equals(magic)
                    ? valid(new JournalRecord.SegmentHeader((int) need(version, "version"),
                    need(segment, "segment"), need(salt, "salt"), instant()))
                    : new JournalDecoder.Decoded.Damaged("segment header without the journal's magic");
            case "checkpoint" -> valid(new JournalRecord.Checkpoint(need(appliedThrough, "appliedThrough"),
                    instant()));
            case "session.created" -> valid(new JournalRecord.SessionCreated(need(session, "session"),
                    need(title, "title"), instant()));
            case "user.message" -> valid(new JournalRecord.UserMessage(need(session, "session"),
                    need(message, "message"), need(text, "text"), instant(), parent, compare == 1,
                    (int) Math.min(Integer.MAX_VALUE, Math.max(0, attachments))));
            case "attachment.stored" -> valid(new JournalRecord.AttachmentStored(need(session, "session"),
                    need(message, "message"), (int) Math.min(Integer.MAX_VALUE, need(index, "index")),
                    need(sha256, "sha256"), need(name, "name"), need(mediaType, "mediaType"), need(size, "size"),
                    instant()));
            case "stream.start" -> valid(new JournalRecord.StreamStarted(need(stream, "stream"),
                    need(session, "session"), provider, model, instant(), parent, origin()));
            case "stream.remote" -> valid(new JournalRecord.StreamRemote(need(stream, "stream"), need(seq, "seq"),
                    need(responseId, "responseId"), instant()));
            case "stream.reattach" -> valid(new JournalRecord.StreamReattached(need(stream, "stream"),
                    need(seq, "seq"), need(responseId, "responseId"), after < 0 ? -1 : after, instant()));
            case "branch.chosen" -> valid(new JournalRecord.BranchChosen(need(session, "session"),
                    need(message, "message"), instant()));
            case "session.renamed" -> valid(new JournalRecord.SessionRenamed(need(session, "session"),
                    need(title, "title"), instant()));
            case "session.pinned" -> valid(new JournalRecord.SessionPinned(need(session, "session"),
                    need(pinned, "pinned") == 1, instant()));
            case "session.trashed" -> valid(new JournalRecord.SessionTrashed(need(session, "session"),
                    need(trashed, "trashed") == 1, instant()));
            case "stream.text" -> valid(new JournalRecord.TextDelta(need(stream, "stream"), need(seq, "seq"),
                    through < 0 ? seq : through, need(text, "text"), rseq));
            case "stream.reasoning" -> valid(new JournalRecord.ReasoningDelta(need(stream, "stream"),
                    need(seq, "seq"), through < 0 ? seq : through, need(text, "text"), rseq));
            case "stream.tool" -> valid(new JournalRecord.ToolCallDelta(need(stream, "stream"), need(seq, "seq"),
                    (int) need(index, "index"), id, name, need(args, "args"), rseq));
            case "stream.end" -> valid(new JournalRecord.StreamEnded(need(stream, "stream"), need(seq, "seq"),
                    MessageStatus.fromWireName(need(status, "status")), detail, instant(),
                    new ReplyStats(orNull(in), orNull(out), orNull(ttft), orNull(ms))));
            case "message.deleted" -> valid(new JournalRecord.MessageDeleted(need(session, "session"),
                    need(message, "message"), instant()));
            case "tool.requested" -> valid(new ToolLedger.Requested(need(session, "session"), need(stream, "stream"),
                    need(id, "id"), (int) Math.min(Integer.MAX_VALUE, need(index, "index")), need(server, "server"),
                    need(tool, "tool"), need(name, "name"), need(args, "args"), instant()));
            case "tool.decided" -> valid(new ToolLedger.Decided(need(session, "session"), need(stream, "stream"),
                    need(id, "id"), need(allowed, "allowed") == 1, need(how, "how"), instant()));
            case "tool.started" -> valid(new ToolLedger.Started(need(session, "session"), need(stream, "stream"),
                    need(id, "id"), instant()));
            case "tool.finished" -> valid(new ToolLedger.Finished(need(session, "session"), need(stream, "stream"),
                    need(id, "id"), ToolCallState.fromWireName(need(state, "state")), need(text, "text"),
                    need(error, "error") == 1, ToolRecordCodec.images(images), instant()));
            default -> new JournalDecoder.Decoded.UnknownType(type);
        };
    }

    /** A stream start's origin (journal format 6): present when it names its API, then it needs its base URL. */
    private JournalRecord.Origin origin() {
        if (api == null) {
            return null;
        }
        return new JournalRecord.Origin(api, need(baseUrl, "baseUrl"), background == 1, carried == 1);
    }

    private static JournalDecoder.Decoded valid(JournalRecord record) {
        return new JournalDecoder.Decoded.Valid(record);
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
