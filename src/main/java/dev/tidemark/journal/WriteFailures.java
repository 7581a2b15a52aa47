package dev.tidemark.journal;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The disk refusing the journal's writes: each refusal is counted, the first of a run is reported,
 * and so is the first success after it; between attempts the writer waits a moment. Writer thread
 * only (the count may be read from anywhere).
 */
final class WriteFailures {

    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final Consumer<Problem> problems;
    private final AtomicLong count = new AtomicLong();
    private boolean failing;

    WriteFailures(Consumer<Problem> problems) {
        this.problems = problems;
    }

    /** An attempt failed: reports {@code problem} unless the previous attempt failed too. */
    void failed(Problem problem) {
        count.incrementAndGet();
        if (!failing) {
            failing = true;
            problems.accept(problem);
        }
    }

    /** Waits before the next attempt. */
    void waitToRetry() throws InterruptedException {
        Thread.sleep(RETRY_DELAY.toMillis());
    }

    /** An attempt succeeded: reports the recovery if the previous one had failed. */
    void succeeded() {
        if (failing) {
            failing = false;
            problems.accept(new Problem.WritingAgain(Area.JOURNAL));
        }
    }

    long count() {
        return count.get();
    }
}
