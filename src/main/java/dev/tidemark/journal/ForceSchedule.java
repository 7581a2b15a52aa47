package dev.tidemark.journal;

import java.time.Duration;

/**
 * When the writer forces what it wrote (group commit): under {@link ForcePolicy#INTERVAL} a batch
 * holding a barrier record is forced before its futures complete, other records at most one
 * interval after they were written; {@link ForcePolicy#ALWAYS} forces every batch,
 * {@link ForcePolicy#NEVER} only at close and before a segment is sealed. Writer thread only.
 */
final class ForceSchedule {

    private final ForcePolicy policy;
    private final long intervalNanos;
    private boolean dirty;
    private long lastForce;

    ForceSchedule(ForcePolicy policy, Duration interval, long now) {
        this.policy = policy;
        this.intervalNanos = interval.toNanos();
        this.lastForce = now;
    }

    /** Something was written since the last force. */
    void written() {
        dirty = true;
    }

    /** Everything written so far is forced. */
    void forced(long now) {
        dirty = false;
        lastForce = now;
    }

    /** Whether anything written is not forced yet. */
    boolean dirty() {
        return dirty;
    }

    /** How long the writer may wait for more records before a force is due; {@code Long.MAX_VALUE}: no limit. */
    long nanosUntilDue(long now) {
        return dirty && policy == ForcePolicy.INTERVAL ? intervalNanos - (now - lastForce) : Long.MAX_VALUE;
    }

    /** Whether to force after a batch, which held a barrier record or not; {@code closing} forces anyway. */
    boolean dueAfterBatch(boolean barrier, boolean closing, long now) {
        return dirty && (closing || switch (policy) {
            case ALWAYS -> true;
            case INTERVAL -> barrier || now - lastForce >= intervalNanos;
            case NEVER -> false;
        });
    }
}
