package dev.tidemark.journal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Group commit's timing, with the clock in the test's hands. */
class ForceScheduleTest {

    private static final long MS = 1_000_000;

    @Test
    void nothingWrittenNothingDue() {
        ForceSchedule schedule = new ForceSchedule(ForcePolicy.ALWAYS, Duration.ofMillis(100), 0);
        assertThat(schedule.dueAfterBatch(true, true, 0)).isFalse();
        assertThat(schedule.nanosUntilDue(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void intervalForcesABarrierAtOnceAndTokensWithinTheInterval() {
        ForceSchedule schedule = new ForceSchedule(ForcePolicy.INTERVAL, Duration.ofMillis(100), 0);
        schedule.written();
        assertThat(schedule.dueAfterBatch(false, false, 40 * MS)).isFalse();
        assertThat(schedule.nanosUntilDue(40 * MS)).isEqualTo(60 * MS);
        assertThat(schedule.dueAfterBatch(true, false, 40 * MS)).isTrue();
        assertThat(schedule.dueAfterBatch(false, false, 100 * MS)).isTrue();

        schedule.forced(100 * MS);
        assertThat(schedule.dirty()).isFalse();
        assertThat(schedule.nanosUntilDue(150 * MS)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void alwaysForcesEveryBatchAndNeverOnlyAtClose() {
        ForceSchedule always = new ForceSchedule(ForcePolicy.ALWAYS, Duration.ofMillis(100), 0);
        always.written();
        assertThat(always.dueAfterBatch(false, false, 0)).isTrue();
        assertThat(always.nanosUntilDue(0)).isEqualTo(Long.MAX_VALUE);

        ForceSchedule never = new ForceSchedule(ForcePolicy.NEVER, Duration.ofMillis(100), 0);
        never.written();
        assertThat(never.dueAfterBatch(true, false, 10_000 * MS)).isFalse();
        assertThat(never.dueAfterBatch(false, true, 0)).isTrue();
    }
}
