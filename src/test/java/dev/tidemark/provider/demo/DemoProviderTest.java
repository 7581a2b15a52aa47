package dev.tidemark.provider.demo;

import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.ChatRequest.Turn;
import dev.tidemark.provider.EventCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DemoProviderTest {

    private static final Duration FAST = Duration.ofMillis(1);

    private final DemoProvider demo = new DemoProvider(FAST);

    private static ChatRequest ask(String prompt) {
        return new ChatRequest(DemoProvider.MODEL, null, List.of(new Turn(Role.USER, prompt)));
    }

    @Test
    void streamsManyDeltasThenDoneStop() {
        EventCollector events = new EventCollector();

        demo.stream(ask("What is a tidemark?"), events);
        StreamEvent terminal = events.awaitTerminal();

        assertThat(terminal).isEqualTo(new StreamEvent.Done("stop"));
        assertThat(events.deltas()).hasSizeGreaterThan(50).doesNotContain("");
        assertThat(events.events()).last().isEqualTo(terminal);
        assertThat(events.events()).filteredOn(StreamEvent::isTerminal).hasSize(1);
    }

    @Test
    void replySaysItIsADemoAndQuotesThePrompt() {
        EventCollector events = new EventCollector();

        demo.stream(new ChatRequest(DemoProvider.MODEL, "ignored", List.of(
                new Turn(Role.USER, "first question"),
                new Turn(Role.ASSISTANT, "first answer"),
                new Turn(Role.USER, "  How   do tides\nwork?  "))), events);
        events.awaitDone();
        String reply = events.text();

        assertThat(reply)
                .startsWith("## Demo reply")
                .contains("*This is Tidemark's offline demo, not a language model.*")
                .contains("> How do tides work?\n")
                .doesNotContain("first question")
                .contains("That is **4 words**, turn 2 of this conversation.");
    }

    @Test
    void longPromptsAreQuotedShortened() {
        EventCollector events = new EventCollector();
        String prompt = "word ".repeat(60).strip(); // 299 characters

        demo.stream(ask(prompt), events);
        events.awaitDone();

        String quoteLine = events.text().lines().filter(l -> l.startsWith("> ")).findFirst().orElseThrow();
        assertThat(quoteLine).hasSize(2 + 118).endsWith("…").startsWith("> word word");
    }

    @Test
    void emptyPromptIsQuotedAsNothing() {
        EventCollector events = new EventCollector();

        demo.stream(ask("   "), events);
        events.awaitDone();

        assertThat(events.text()).contains("> (nothing)\n").contains("**0 words**");
    }

    @Test
    void cancelFromTheListenerStopsAtOnceWithoutDone() {
        EventCollector events = new EventCollector();
        CompletableFuture<Cancellable> handle = new CompletableFuture<>();
        AtomicInteger seen = new AtomicInteger();

        handle.complete(demo.stream(ask("Stop me"), event -> {
            events.onEvent(event);
            if (event instanceof StreamEvent.TextDelta && seen.incrementAndGet() == 3) {
                handle.join().cancel();
            }
        }));
        events.awaitDeltas(3);

        // The demo runs every stream on one scheduler thread at the same pace. A second stream of the same
        // length started now ends after the first would have ended had cancel not worked.
        EventCollector barrier = new EventCollector();
        demo.stream(ask("Stop me"), barrier);
        barrier.awaitDone();

        assertThat(events.drainRest()).as("events after cancel").isEmpty();
        assertThat(events.deltas()).hasSize(3);
        assertThat(events.events()).noneMatch(StreamEvent::isTerminal);
        assertThat(events.deltas().size()).isLessThan(barrier.deltas().size());
    }

    @Test
    void cancelFromAnotherThreadStopsTheReplyWithoutDone() {
        EventCollector events = new EventCollector();

        Cancellable handle = demo.stream(ask("Stop me too"), events);
        events.awaitDeltas(2);
        handle.cancel();
        handle.cancel(); // safe to call twice

        EventCollector barrier = new EventCollector();
        demo.stream(ask("Stop me too"), barrier);
        barrier.awaitDone();

        // at most one tick may have been in flight when cancel() ran
        events.drainRest();
        assertThat(events.events()).noneMatch(StreamEvent::isTerminal);
        assertThat(events.deltas().size()).isLessThan(barrier.deltas().size());
        assertThat(barrier.text()).startsWith(events.text());
    }

    @Test
    void cancelBeforeTheFirstTickDeliversNothing() {
        DemoProvider slow = new DemoProvider(Duration.ofMillis(50));
        EventCollector events = new EventCollector();

        slow.stream(ask("never mind"), events).cancel();

        // the same single scheduler thread plays the barrier; the cancelled stream's first tick would come first
        EventCollector barrier = new EventCollector();
        slow.stream(ask("x"), barrier);
        barrier.awaitDeltas(1);
        assertThat(events.drainRest()).isEmpty();
    }

    @Test
    void identifiesItselfAsNotAModel() {
        assertThat(demo.id()).isEqualTo("demo");
        assertThat(demo.defaultModel()).isEqualTo("demo");
        assertThat(demo.displayName()).contains("not a model");
    }
}
