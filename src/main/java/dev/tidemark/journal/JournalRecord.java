package dev.tidemark.journal;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.MessageStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the journal. The set is closed: readers skip types they do not know (a newer
 * Tidemark may add some), writers only write these. See {@code docs/journal-format.md}.
 *
 * <p>Barrier records are forced to disk before the future returned by
 * {@link JournalAppender#append} completes; the others ride on group commit.
 */
public sealed interface JournalRecord {

    /** The wire name in the line's {@code "type"} field. */
    String type();

    /** Records that mark a boundary the user cares about; forced at once. */
    default boolean isBarrier() {
        return !(this instanceof StreamDelta);
    }

    /**
     * A step of a tool call's ledger (journal format 5): the records are in {@link ToolLedger}. Open
     * (not sealed) only so that they can live in a file of their own.
     */
    non-sealed interface ToolRecord extends JournalRecord {
        String sessionId();

        /** The reply (assistant message) whose call it is. */
        String streamId();

        /** The call's id, as the model gave it (unique within its reply). */
        String callId();
    }

    /** First line of every segment file. */
    record SegmentHeader(int formatVersion, long segment, String salt, Instant at) implements JournalRecord {
        public static final String MAGIC = "tidemark-journal";

        @Override
        public String type() {
            return "segment";
        }
    }

    /** The only line of {@code journal/checkpoint.json}: segments up to this one are in the session store. */
    record Checkpoint(long appliedThrough, Instant at) implements JournalRecord {
        @Override
        public String type() {
            return "checkpoint";
        }
    }

    /** The user deleted a message (or it was replaced: edit and resend, regenerate). */
    record MessageDeleted(String sessionId, String messageId, Instant at) implements JournalRecord {
        public MessageDeleted {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(messageId);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "message.deleted";
        }
    }

    /** A new conversation. */
    record SessionCreated(String sessionId, String title, Instant at) implements JournalRecord {
        public SessionCreated {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(title);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "session.created";
        }
    }

    /**
     * What the user sent, journaled before the request goes out.
     *
     * @param parentId    the message it follows in the conversation tree: an id, "" for a first
     *                    message, null when not said (journal format 1: after the one before it)
     * @param compared    the message was sent to several models at once, their replies compared side by
     *                    side (journal format 3; false in older records)
     * @param attachments how many files it carries, each in an {@link AttachmentStored} record journaled
     *                    just before it (journal format 4; 0 in older records)
     */
    record UserMessage(String sessionId, String messageId, String text, Instant at, String parentId,
                       boolean compared, int attachments) implements JournalRecord {
        public UserMessage {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(messageId);
            Objects.requireNonNull(text);
            Objects.requireNonNull(at);
            if (attachments < 0) {
                throw new IllegalArgumentException("negative attachments");
            }
        }

        public UserMessage(String sessionId, String messageId, String text, Instant at, String parentId,
                           boolean compared) {
            this(sessionId, messageId, text, at, parentId, compared, 0);
        }

        public UserMessage(String sessionId, String messageId, String text, Instant at, String parentId) {
            this(sessionId, messageId, text, at, parentId, false);
        }

        public UserMessage(String sessionId, String messageId, String text, Instant at) {
            this(sessionId, messageId, text, at, null);
        }

        @Override
        public String type() {
            return "user.message";
        }
    }

    /**
     * A file attached to a user message, already in the attachment store ({@code attachments/<sha256>},
     * written and forced): one record per file, journaled before the message's {@link UserMessage}
     * (journal format 4). Recovery builds the message's list from these, by {@code index}.
     *
     * @param index the file's place in the message, 0, 1, …
     */
    record AttachmentStored(String sessionId, String messageId, int index, String sha256, String name,
                            String mediaType, long size, Instant at) implements JournalRecord {
        public AttachmentStored {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(messageId);
            Objects.requireNonNull(name);
            Objects.requireNonNull(mediaType);
            Objects.requireNonNull(at);
            if (!Attachment.isHash(sha256)) {
                throw new IllegalArgumentException("not a SHA-256 in lowercase hex");
            }
            if (index < 0 || size < 0) {
                throw new IllegalArgumentException("negative index or size");
            }
        }

        /** The record of the {@code index}th file of a message. */
        public AttachmentStored(String sessionId, String messageId, int index, Attachment file, Instant at) {
            this(sessionId, messageId, index, file.sha256(), file.name(), file.mediaType(), file.size(), at);
        }

        /** The file as a message holds it. */
        public Attachment attachment() {
            return new Attachment(name, mediaType, size, sha256);
        }

        @Override
        public String type() {
            return "attachment.stored";
        }
    }

    /**
     * @param parentId the message the reply follows (the user's message, or the reply it
     *                 continues), "" for none, null when not said (journal format 1)
     * @param origin   where the request went and how (journal format 6); null in older records and for
     *                 the demo
     */
    record StreamStarted(String streamId, String sessionId, String provider, String model, Instant at,
                         String parentId, Origin origin) implements StreamRecord {
        public StreamStarted {
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(at);
        }

        public StreamStarted(String streamId, String sessionId, String provider, String model, Instant at,
                             String parentId) {
            this(streamId, sessionId, provider, model, at, parentId, null);
        }
        public StreamStarted(String streamId, String sessionId, String provider, String model, Instant at) {
            this(streamId, sessionId, provider, model, at, null);
        }
        @Override
        public long seq() {
            return 0;
        }
        @Override
        public String type() {
            return "stream.start";
        }
    }

    /**
     * Where a stream's request went, so that a later start can re-join it (journal format 6; never a
     * key or a header): {@code api} is {@code "responses"}, {@code "chat"} or {@code "messages"};
     * {@code carried} marks a copy journaled by recovery for a reply waiting to be re-attached.
     */
    record Origin(String api, String baseUrl, boolean background, boolean carried) {
        public Origin {
            Objects.requireNonNull(api);
            Objects.requireNonNull(baseUrl);
        }
        public Origin withCarried(boolean isCarried) {
            return new Origin(api, baseUrl, background, isCarried);
        }
    }

    /** The service runs this reply in the background under {@code responseId} (format 6; a barrier). */
    record StreamRemote(String streamId, long seq, String responseId, Instant at) implements StreamRecord {
        public StreamRemote {
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(responseId);
            Objects.requireNonNull(at);
        }
        @Override
        public String type() {
            return "stream.remote";
        }
    }

    /** A re-attach began, asking for the service's events after {@code after} (format 6; a barrier). */
    record StreamReattached(String streamId, long seq, String responseId, long after, Instant at)
            implements StreamRecord {
        public StreamReattached {
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(responseId);
            Objects.requireNonNull(at);
        }
        @Override
        public String type() {
            return "stream.reattach";
        }
    }

    /** The active path of a session was made to run through this message (a switch of version). */
    record BranchChosen(String sessionId, String messageId, Instant at) implements JournalRecord {
        public BranchChosen {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(messageId);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "branch.chosen";
        }
    }

    /** A session got a new title. */
    record SessionRenamed(String sessionId, String title, Instant at) implements JournalRecord {
        public SessionRenamed {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(title);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "session.renamed";
        }
    }

    /** A session was pinned or unpinned. */
    record SessionPinned(String sessionId, boolean pinned, Instant at) implements JournalRecord {
        public SessionPinned {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "session.pinned";
        }
    }

    /** A session was moved to the trash (at {@code at}), or brought back from it. */
    record SessionTrashed(String sessionId, boolean trashed, Instant at) implements JournalRecord {
        public SessionTrashed {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "session.trashed";
        }
    }

    sealed interface StreamRecord extends JournalRecord {
        String streamId();

        long seq();

        /** The last sequence number this record stands for (more than {@code seq} only for coalesced text). */
        default long through() {
            return seq();
        }
    }

    /** The records that carry a reply's content as it streams; never barriers. */
    sealed interface StreamDelta extends StreamRecord {
        /** The service's sequence number of the last wire event it carries a piece of ({@code "rseq"}, format 6); -1: none. */
        long remoteSeq();
    }

    /**
     * A piece of reply text; {@code seq} counts up from 1 within the stream (shared by all of the
     * stream's records). When the writer falls behind, consecutive pieces are coalesced into one
     * record standing for {@code seq..through}.
     *
     * <p>A value like a record (equal when stream, sequence numbers and text are), but not a
     * {@code record}: when the journal's start-up scan reads one, its text stays undecoded in the
     * segment's bytes until {@link #text} is first asked for, because recovery needs the text only
     * of the few replies the session store lacks. The line's checksum and escapes are checked when
     * it is read, so decoding it later cannot fail.
     */
    final class TextDelta implements StreamDelta {
        private final String streamId;
        private final long seq;
        private final long through;
        private final long remoteSeq;
        // null until decoded (then the bytes are let go). Not volatile: a String is immutable (final
        // fields), so a thread that sees it set sees it whole, and one that sees null decodes under the lock.
        private String text;
        private byte[] line;   // the segment's bytes holding the escaped text, or null; guarded by this
        private final int textFrom;
        private final int textTo;

        public TextDelta(String streamId, long seq, long through, String text) {
            this(streamId, seq, through, text, -1);
        }

        /** @param remoteSeq the service's sequence number of the last wire event it carries, -1 when none */
        public TextDelta(String streamId, long seq, long through, String text, long remoteSeq) {
            this(streamId, seq, through, Objects.requireNonNull(text), null, 0, 0, remoteSeq);
        }

        public TextDelta(String streamId, long seq, String text) {
            this(streamId, seq, seq, text);
        }

        /**
         * A text record whose text is decoded from {@code line[textFrom, textTo)} (JSON string
         * content, escapes checked) when first asked for. The bytes must never change.
         */
        static TextDelta undecoded(String streamId, long seq, long through, byte[] line, int textFrom, int textTo,
                                   long remoteSeq) {
            return new TextDelta(streamId, seq, through, null, Objects.requireNonNull(line), textFrom, textTo,
                    remoteSeq);
        }

        private TextDelta(String streamId, long seq, long through, String text, byte[] line, int textFrom,
                          int textTo, long remoteSeq) {
            this.streamId = Objects.requireNonNull(streamId);
            if (through < seq) {
                throw new IllegalArgumentException("through < seq");
            }
            this.seq = seq;
            this.through = through;
            this.remoteSeq = remoteSeq < 0 ? -1 : remoteSeq;
            this.text = text;
            this.line = line;
            this.textFrom = textFrom;
            this.textTo = textTo;
        }

        @Override
        public String streamId() {
            return streamId;
        }

        @Override
        public long seq() {
            return seq;
        }

        @Override
        public long through() {
            return through;
        }

        @Override
        public long remoteSeq() {
            return remoteSeq;
        }

        /** The text, decoded now if it was read from the journal and not asked for yet. */
        public String text() {
            String decoded = text;
            if (decoded == null) {
                synchronized (this) {
                    decoded = text;
                    if (decoded == null) {
                        decoded = JsonBytes.unescape(line, textFrom, textTo);
                        text = decoded;
                        line = null;
                    }
                }
            }
            return decoded;
        }

        @Override
        public String type() {
            return "stream.text";
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof TextDelta t && seq == t.seq && through == t.through
                    && remoteSeq == t.remoteSeq && streamId.equals(t.streamId) && text().equals(t.text());
        }

        @Override
        public int hashCode() {
            return Objects.hash(streamId, seq, through, remoteSeq, text());
        }

        @Override
        public String toString() {
            return "TextDelta[streamId=" + streamId + ", seq=" + seq + ", through=" + through
                    + (remoteSeq >= 0 ? ", remoteSeq=" + remoteSeq : "") + ", text=" + text() + "]";
        }
    }

    /** A piece of the model's reasoning; coalesced like text. */
    record ReasoningDelta(String streamId, long seq, long through, String text, long remoteSeq)
            implements StreamDelta {
        public ReasoningDelta {
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(text);
            if (through < seq) {
                throw new IllegalArgumentException("through < seq");
            }
            remoteSeq = remoteSeq < 0 ? -1 : remoteSeq;
        }

        public ReasoningDelta(String streamId, long seq, long through, String text) {
            this(streamId, seq, through, text, -1);
        }

        public ReasoningDelta(String streamId, long seq, String text) {
            this(streamId, seq, seq, text);
        }

        @Override
        public String type() {
            return "stream.reasoning";
        }
    }

    /**
     * A fragment of tool call number {@code index}: the first carries the call's id and name,
     * later ones more of its arguments.
     */
    record ToolCallDelta(String streamId, long seq, int index, String callId, String name, String arguments,
                         long remoteSeq) implements StreamDelta {
        public ToolCallDelta {
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(arguments);
            remoteSeq = remoteSeq < 0 ? -1 : remoteSeq;
        }

        public ToolCallDelta(String streamId, long seq, int index, String callId, String name, String arguments) {
            this(streamId, seq, index, callId, name, arguments, -1);
        }

        @Override
        public String type() {
            return "stream.tool";
        }
    }

    /**
     * A reply ended: complete, stopped, error, or recovered (written by startup recovery so that
     * the next start does not recover the same stream again).
     */
    record StreamEnded(String streamId, long seq, MessageStatus status, String detail, Instant at,
                       dev.tidemark.model.ReplyStats stats) implements StreamRecord {
        public StreamEnded {
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(status);
            Objects.requireNonNull(at);
            stats = stats == null ? dev.tidemark.model.ReplyStats.NONE : stats;
        }

        public StreamEnded(String streamId, long seq, MessageStatus status, String detail, Instant at) {
            this(streamId, seq, status, detail, at, dev.tidemark.model.ReplyStats.NONE);
        }

        @Override
        public String type() {
            return "stream.end";
        }
    }
}
