package dev.tidemark.testing;

import org.awaitility.core.ConditionFactory;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;

/**
 * The one way the tests wait for something to happen: Awaitility, with bounds generous enough for
 * a slow, shared CI machine. A wait ends as soon as its condition holds, so a long bound costs
 * nothing when the machine is fast; never shorten one into a race.
 */
public final class Waits {

    /** How long a test waits for something that happens soon on a healthy machine. */
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    private Waits() {
    }

    /**
     * Awaitility polling every 10 ms for at most {@link #PATIENCE}. Uncaught exceptions on other
     * threads are left to whoever handles them (some tests throw them on purpose).
     */
    public static ConditionFactory patiently() {
        return within(PATIENCE);
    }

    /** As {@link #patiently()}, with another bound (for what takes long by design). */
    public static ConditionFactory within(Duration limit) {
        return await().atMost(limit).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .dontCatchUncaughtExceptions();
    }

    /**
     * Waits {@linkplain #patiently() patiently} until the condition holds, then until the FX thread
     * has run what was queued meanwhile, so the next robot action sees a settled scene.
     */
    public static void untilFx(Callable<Boolean> condition) {
        patiently().until(condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
