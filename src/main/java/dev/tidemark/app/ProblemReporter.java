package dev.tidemark.app;

import dev.tidemark.health.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Collects problems reported by background threads (disk trouble, unreadable files), logs them,
 * and passes them to the window once it exists; until then they are held.
 */
final class ProblemReporter implements Consumer<Problem> {

    private final Logger log;
    private final Level level;
    private final List<Problem> held = new ArrayList<>(); // guarded by this
    private Consumer<Problem> sink;                        // guarded by this

    /** Problems that are logged as warnings. */
    ProblemReporter(Logger log) {
        this(log, Level.WARNING);
    }

    /** @param level how reports are logged; {@link Level#OFF} for reports that were logged already */
    ProblemReporter(Logger log, Level level) {
        this.log = log;
        this.level = level;
    }

    @Override
    public void accept(Problem problem) {
        if (level != Level.OFF) {
            log.log(level, problem.message());
        }
        Consumer<Problem> target;
        synchronized (this) {
            if (sink == null) {
                held.add(problem);
                return;
            }
            target = sink;
        }
        target.accept(problem);
    }

    /** From now on problems go to {@code target}; those held so far go there at once. */
    void attach(Consumer<Problem> target) {
        List<Problem> earlier;
        synchronized (this) {
            sink = target;
            earlier = new ArrayList<>(held);
            held.clear();
        }
        earlier.forEach(target);
    }
}
