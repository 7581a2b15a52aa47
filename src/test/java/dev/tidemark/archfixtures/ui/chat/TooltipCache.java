package dev.tidemark.archfixtures.ui.chat;

/** Keeps the static-state rule: a named cache (a real one would say what it holds, who fills it and on which thread). */
public final class TooltipCache {
    static final java.util.Map<String, Object> TIPS = new java.util.HashMap<>();
}
