package dev.tidemark.ui.fx;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UpdateCoalescerTest {

    /** A UI executor that holds work until the test runs it, as a busy FX thread would. */
    private final List<Runnable> queued = new ArrayList<>();
    private final UpdateCoalescer coalescer = new UpdateCoalescer(queued::add);

    @Test
    void manyUpdatesBeforeADrainCostOneHopAndOnlyTheNewestPerKeyRuns() {
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            coalescer.submit("stream-a", () -> ran.add("a" + n));
            coalescer.submit("stream-b", () -> ran.add("b" + n));
        }
        assertThat(queued).hasSize(1);
        queued.remove(0).run();
        assertThat(ran).containsExactly("a999", "b999");
    }

    @Test
    void anUpdateAfterADrainQueuesAnotherHop() {
        List<String> ran = new ArrayList<>();
        coalescer.submit("k", () -> ran.add("1"));
        queued.remove(0).run();
        coalescer.submit("k", () -> ran.add("2"));
        assertThat(queued).hasSize(1);
        queued.remove(0).run();
        assertThat(ran).containsExactly("1", "2");
    }
}
