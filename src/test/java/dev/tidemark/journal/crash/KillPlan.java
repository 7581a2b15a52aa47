package dev.tidemark.journal.crash;

import dev.tidemark.journal.ForcePolicy;

/**
 * How one child is killed.
 *
 * @param kind   at an injected point, or at a random moment
 * @param point  the injected point ({@link Kind#AT_POINT} only)
 * @param count  at which occurrence of the point
 * @param delayMillis for random moments: after READY, or after OPENING
 * @param policy the journal's force policy in the child
 */
record KillPlan(Kind kind, KillProtocol.Point point, int count, long delayMillis, ForcePolicy policy) {

    enum Kind {
        /** SIGKILL as soon as the child printed {@code AT <point>}. */
        AT_POINT,
        /** SIGKILL a random delay after the child printed READY: while replies stream. */
        RANDOM_AFTER_READY,
        /** SIGKILL a random delay after the child printed OPENING: during startup recovery, or just after. */
        RANDOM_IN_STARTUP
    }

    static KillPlan at(KillProtocol.Point point, int count, ForcePolicy policy) {
        return new KillPlan(Kind.AT_POINT, point, count, 0, policy);
    }

    static KillPlan randomAfterReady(long delayMillis, ForcePolicy policy) {
        return new KillPlan(Kind.RANDOM_AFTER_READY, null, 0, delayMillis, policy);
    }

    static KillPlan randomInStartup(long delayMillis, ForcePolicy policy) {
        return new KillPlan(Kind.RANDOM_IN_STARTUP, null, 0, delayMillis, policy);
    }

    /** The group this kill is counted in: the point's name, or "random" / "random-startup". */
    String label() {
        return switch (kind) {
            case AT_POINT -> point.wire;
            case RANDOM_AFTER_READY -> "random";
            case RANDOM_IN_STARTUP -> "random-startup";
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AT_POINT -> point.wire + " #" + count + " (" + policy + ")";
            case RANDOM_AFTER_READY -> "random, " + delayMillis + " ms after READY (" + policy + ")";
            case RANDOM_IN_STARTUP -> "random, " + delayMillis + " ms after OPENING (" + policy + ")";
        };
    }
}
