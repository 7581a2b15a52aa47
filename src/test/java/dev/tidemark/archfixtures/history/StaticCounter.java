package dev.tidemark.archfixtures.history;

/** Breaks the static-state rule: a static field anyone can reassign. */
public final class StaticCounter {
    static int count;
}
