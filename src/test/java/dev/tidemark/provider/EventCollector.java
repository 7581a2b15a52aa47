package dev.tidemark.provider;

import dev.tidemark.model.StreamEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.fail;

/**
 * Test listener: queues every event with the thread it arrived on, and lets the test wait for the
 * terminal event with a timeout.
 */
public final class EventCollector implements StreamListener {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final LinkedBlockingQueue<StreamEvent> queue = new LinkedBlockingQueue<>();
    private final List<StreamEvent> taken = new ArrayList<>();

    @Override
    public void onEvent(StreamEvent event) {
        queue.add(event);
    }

    /** Waits for the next event, failing the test after {@link #TIMEOUT}. */
    public StreamEvent next() {
        try {
            StreamEvent event = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                fail("no event within " + TIMEOUT + "; got so far: " + taken);
            }
            taken.add(event);
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until {@code count} text deltas (in total) have been taken; returns their text. */
    public String awaitDeltas(int count) {
        while (deltas().size() < count) {
            StreamEvent event = next();
            if (event.isTerminal()) {
                fail("stream ended with " + event + " before " + count + " deltas; got " + taken);
            }
        }
        return text();
    }

    /** Waits for the terminal event and returns it; every event before it is kept in {@link #events()}. */
    public StreamEvent awaitTerminal() {
        while (true) {
            StreamEvent event = next();
            if (event.isTerminal()) {
                return event;
            }
        }
    }

    /** Waits for the terminal event and checks that it is a {@link StreamEvent.Failed}. */
    public StreamEvent.Failed awaitFailed() {
        StreamEvent terminal = awaitTerminal();
        if (!(terminal instanceof StreamEvent.Failed failed)) {
            throw new AssertionError("expected Failed but got " + terminal + " after " + taken);
        }
        return failed;
    }

    /** Waits for the terminal event and checks that it is a {@link StreamEvent.Done}. */
    public StreamEvent.Done awaitDone() {
        StreamEvent terminal = awaitTerminal();
        if (!(terminal instanceof StreamEvent.Done done)) {
            throw new AssertionError("expected Done but got " + terminal + " after " + taken);
        }
        return done;
    }

    /** Events taken so far, in order. */
    public List<StreamEvent> events() {
        return List.copyOf(taken);
    }

    /** Text deltas taken so far. */
    public List<String> deltas() {
        return taken.stream()
                .filter(StreamEvent.TextDelta.class::isInstance)
                .map(e -> ((StreamEvent.TextDelta) e).text())
                .collect(Collectors.toList());
    }

    /** The concatenated text taken so far. */
    public String text() {
        return String.join("", deltas());
    }

    /** Takes whatever else has arrived, without waiting. */
    public List<StreamEvent> drainRest() {
        List<StreamEvent> rest = new ArrayList<>();
        queue.drainTo(rest);
        taken.addAll(rest);
        return rest;
    }
}
