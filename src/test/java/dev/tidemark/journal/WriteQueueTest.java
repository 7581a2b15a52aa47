package dev.tidemark.journal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-over to the writer thread, with the writer's side played by the test. */
class WriteQueueTest {

    private final List<String> problems = new CopyOnWriteArrayList<>();

    @Test
    void itemsComeOutInTheOrderTheyWentIn() {
        WriteQueue queue = new WriteQueue(16, p -> problems.add(p.message()));
        queue.add(pending(text("r1", 1, "a")));
        queue.add(new WriterItem.Rotate(new CompletableFuture<>()));
        queue.add(pending(text("r1", 2, "b")));

        List<WriterItem> items = drain(queue);

        assertThat(items).hasSize(3);
        assertThat(((WriterItem.Pending) items.get(0)).record()).isEqualTo(text("r1", 1, "a"));
        assertThat(items.get(1)).isInstanceOf(WriterItem.Rotate.class);
        assertThat(((WriterItem.Pending) items.get(2)).record()).isEqualTo(text("r1", 2, "b"));
        assertThat(problems).isEmpty();
    }

    @Test
    void aFullQueueCoalescesAStreamsTextAndCompletesEveryFutureOfIt() {
        WriteQueue queue = new WriteQueue(1, p -> problems.add(p.message()));
        queue.add(pending(text("r1", 1, "a")));       // fills the queue
        WriterItem.Pending second = pending(text("r1", 2, "b"));
        WriterItem.Pending third = pending(text("r1", 3, "c"));
        queue.add(second);
        queue.add(third);

        List<WriterItem> items = drain(queue);

        List<JournalRecord> records = records(items);
        assertThat(records).containsExactly(text("r1", 1, "a"), new JournalRecord.TextDelta("r1", 2, 3, "bc"));
        WriterItem.Pending merged = (WriterItem.Pending) items.get(items.size() - 1);
        assertThat(merged.futures()).containsAll(second.futures()).containsAll(third.futures());
        assertThat(queue.coalesced()).isEqualTo(1);
    }

    @Test
    void textDoesNotMoveAcrossACommandOrAnotherKindOfRecord() {
        WriteQueue queue = new WriteQueue(1, p -> problems.add(p.message()));
        queue.add(pending(text("r1", 1, "a")));
        queue.add(pending(text("r1", 2, "b")));
        queue.add(new WriterItem.Checkpoint(1, new CompletableFuture<>()));
        queue.add(pending(text("r1", 3, "c")));
        queue.add(pending(new JournalRecord.ReasoningDelta("r1", 4, "r")));
        queue.add(pending(text("r1", 5, "d")));

        assertThat(records(drain(queue))).containsExactly(text("r1", 1, "a"), text("r1", 2, "b"), text("r1", 3, "c"),
                new JournalRecord.ReasoningDelta("r1", 4, "r"), text("r1", 5, "d"));
        assertThat(queue.coalesced()).isZero();
    }

    @Test
    void fallingBehindAndCatchingUpAreReportedOnceEach() {
        WriteQueue queue = new WriteQueue(1, p -> problems.add(p.message()));
        queue.add(pending(text("r1", 1, "a")));
        queue.add(pending(text("r1", 2, "b")));
        assertThat(queue.spillWaiting()).isTrue();
        drain(queue);
        queue.add(pending(text("r1", 3, "c")));
        queue.add(pending(text("r1", 4, "d")));
        drain(queue);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("falling behind");

        queue.add(pending(text("r1", 5, "e")));
        drain(queue);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(1)).isEqualTo("The journal has caught up.");
        assertThat(queue.spillWaiting()).isFalse();
    }

    private static List<WriterItem> drain(WriteQueue queue) {
        List<WriterItem> items = new ArrayList<>();
        queue.drainTo(items);
        items.removeIf(item -> item instanceof WriterItem.Wake);
        return items;
    }

    private static List<JournalRecord> records(List<WriterItem> items) {
        return items.stream().filter(i -> i instanceof WriterItem.Pending)
                .map(i -> ((WriterItem.Pending) i).record()).toList();
    }

    private static WriterItem.Pending pending(JournalRecord record) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        futures.add(new CompletableFuture<>());
        return new WriterItem.Pending(record, futures);
    }

    private static JournalRecord.TextDelta text(String stream, long seq, String text) {
        return new JournalRecord.TextDelta(stream, seq, text);
    }
}
