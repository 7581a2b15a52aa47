package dev.tidemark.ui.fx;

import javafx.animation.AnimationTimer;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs work on the FX thread at the next pulse (frame), all of it in one go. An animation timer
 * runs only while there is work; waking it costs one hop through the {@link FxExecutor}, so a
 * stream of tokens costs one {@code runLater} when it starts, not one per token, and the screen is
 * touched at most once per frame.
 */
public final class PulseExecutor implements Executor {

    private final Executor fx;
    private final ConcurrentLinkedQueue<Runnable> work = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            onPulse();
        }
    };

    public PulseExecutor(Executor fx) {
        this.fx = fx;
    }

    @Override
    public void execute(Runnable command) {
        work.add(command);
        if (running.compareAndSet(false, true)) {
            fx.execute(timer::start);
        }
    }

    private void onPulse() {
        Runnable next;
        int ran = 0;
        while ((next = work.poll()) != null) {
            next.run();
            ran++;
        }
        if (ran == 0) {
            // An idle frame: stop, unless work slipped in after the poll (then keep running).
            timer.stop();
            running.set(false);
            if (!work.isEmpty() && running.compareAndSet(false, true)) {
                timer.start();
            }
        }
    }
}
