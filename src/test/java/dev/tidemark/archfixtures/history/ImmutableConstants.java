package dev.tidemark.archfixtures.history;

/** Keeps the static-state rule: immutable values and a private constant table. */
public final class ImmutableConstants {
    static final java.util.Map<String, Integer> BY_NAME = java.util.Map.of("one", 1);
    static final java.util.List<String> NAMES = java.util.List.of("one");
    private static final char[] TABLE = "0123456789".toCharArray();
}
