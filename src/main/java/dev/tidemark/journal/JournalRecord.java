package dev.tidemark.journal;

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
        return !(this instanceof TextDelta);
    }

    /** First line of every segment file. */
    record SegmentHeader(int formatVersion, long segment, String salt, Instant at) implements JournalRecord {
        public static final String MAGIC = "tidemark-journal";

        @Override
        public String type() {
            return "segment";
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

    /** What the user sent, journaled before the request goes out. */
    record UserMessage(String sessionId, String messageId, String text, Instant at) implements JournalRecord {
        public UserMessage {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(messageId);
            Objects.requireNonNull(text);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "user.message";
        }
    }

    /** A reply begins; {@code streamId} is also the id of the assistant message. Sequence 0 of the stream. */
    record StreamStarted(String streamId, String sessionId, String provider, String model, Instant at)
            implements JournalRecord {
        public StreamStarted {
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "stream.start";
        }
    }

    /** A piece of reply text; {@code seq} counts up from 1 within the stream. */
    record TextDelta(String streamId, long seq, String text) implements JournalRecord {
        public TextDelta {
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(text);
        }

        @Override
        public String type() {
            return "stream.text";
        }
    }

    /**
     * A reply ended: complete, stopped, error, or recovered (written by startup recovery so that
     * the next start does not recover the same stream again).
     */
    record StreamEnded(String streamId, long seq, MessageStatus status, String detail, Instant at)
            implements JournalRecord {
        public StreamEnded {
            Objects.requireNonNull(streamId);
            Objects.requireNonNull(status);
            Objects.requireNonNull(at);
        }

        @Override
        public String type() {
            return "stream.end";
        }
    }
}
