package dev.tidemark.journal;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which segments may be checkpointed: a sealed segment may once every stream it holds records of
 * has ended, and every tool call started in it has finished (journal format 5: recovery must see
 * a {@code tool.started} with no {@code tool.finished}, or it could not say the call may have run),
 * and so may all before it. Segments written by earlier runs may at once, as recovery
 * has closed their streams. Kept by the writer thread; {@link #through()} may be read from anywhere.
 */
final class CheckpointableSegments {

    private final Set<String> openStreams = new HashSet<>();
    private final Map<Long, Set<String>> sealedSegmentStreams = new TreeMap<>();
    private final Set<String> currentSegmentStreams = new HashSet<>();
    private volatile long through;

    /** @param firstSegment the segment this run starts writing in */
    CheckpointableSegments(long firstSegment) {
        this.through = firstSegment - 1;
    }

    /** A record was written to the current segment. */
    void written(JournalRecord record) {
        if (record instanceof ToolLedger.Started started) {
            String call = callKey(started);
            currentSegmentStreams.add(call);
            openStreams.add(call);
        } else if (record instanceof ToolLedger.Finished finished) {
            if (openStreams.remove(callKey(finished))) {
                update();
            }
        } else if (record instanceof JournalRecord.StreamRecord s) {
            currentSegmentStreams.add(s.streamId());
            if (record instanceof JournalRecord.StreamStarted) {
                openStreams.add(s.streamId());
            } else if (record instanceof JournalRecord.StreamEnded) {
                openStreams.remove(s.streamId());
                update();
            }
        }
    }

    /** A started call, among the streams (a NUL never is in a stream id). */
    private static String callKey(JournalRecord.ToolRecord record) {
        return "tool\u0000" + record.sessionId() + "\u0000" + record.streamId() + "\u0000" + record.callId();
    }

    /** The current segment, number {@code segment}, was sealed and a new one started. */
    void sealed(long segment) {
        sealedSegmentStreams.put(segment, new HashSet<>(currentSegmentStreams));
        currentSegmentStreams.clear();
        update();
    }

    /** Segments up to {@code segment} were checkpointed and deleted: forget them. */
    void checkpointed(long segment) {
        sealedSegmentStreams.keySet().removeIf(n -> n <= segment);
    }

    /** The highest segment whose streams have all ended. */
    long through() {
        return through;
    }

    private void update() {
        long upTo = through;
        for (Map.Entry<Long, Set<String>> sealed : sealedSegmentStreams.entrySet()) {
            if (sealed.getKey() <= upTo) {
                continue;
            }
            if (sealed.getKey() != upTo + 1 || sealed.getValue().stream().anyMatch(openStreams::contains)) {
                break;
            }
            upTo = sealed.getKey();
        }
        through = upTo;
    }
}
