package dev.tidemark.archfixtures.history;

// Breaks "a named cache says in its Javadoc what it holds": the name alone lets static state in.
public final class UndocumentedCache {
    static final java.util.Map<String, Object> ENTRIES = new java.util.HashMap<>();
}
