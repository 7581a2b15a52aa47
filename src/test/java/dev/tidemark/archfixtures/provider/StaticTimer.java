package dev.tidemark.archfixtures.provider;

/** Breaks the static-state rule: a timer thread no one owns (never started: this class is only read, not loaded). */
public final class StaticTimer {
    static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
}
