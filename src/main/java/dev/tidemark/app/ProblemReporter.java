package dev.tidemark.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Collects reports from background threads (problems such as disk trouble, or errors nobody
 * caught), logs them, and passes them to the window once it exists; until then they are held.
 *
 * @param <T> what is reported
 */
final class ProblemReporter<T> implements Consumer<T> {

    private final Logger log;
    private final Level level;
    private final Function<? super T, String> words;
    private final List<T> held = new ArrayList<>(); // guarded by this
    private Consumer<T> sink;                       // guarded by this

    /**
     * @param level how reports are logged; {@link Level#OFF} for reports that were logged already
     * @param words a report as the log says it
     */
    ProblemReporter(Logger log, Level level, Function<? super T, String> words) {
        this.log = log;
        this.level = level;
        this.words = words;
    }

    @Override
    public void accept(T problem) {
        if (level != Level.OFF) {
            log.log(level, words.apply(problem));
        }
        Consumer<T> target;
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
    void attach(Consumer<T> target) {
        List<T> earlier;
        synchronized (this) {
            sink = target;
            earlier = new ArrayList<>(held);
            held.clear();
        }
        earlier.forEach(target);
    }
}
