package dev.tidemark.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects problems reported by background threads (disk trouble, unreadable files) and passes
 * them to the window once it exists; until then they are held.
 */
final class ProblemReporter implements Consumer<String> {

    private final List<String> held = new ArrayList<>(); // guarded by this
    private Consumer<String> sink;                        // guarded by this

    @Override
    public void accept(String problem) {
        Consumer<String> target;
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
    void attach(Consumer<String> target) {
        List<String> earlier;
        synchronized (this) {
            sink = target;
            earlier = new ArrayList<>(held);
            held.clear();
        }
        earlier.forEach(target);
    }
}
