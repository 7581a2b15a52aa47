package dev.tidemark.archfixtures.ui.chat;

/** Breaks the static-state rule: a map shared by every instance, forever. */
public final class StaticTooltips {
    static final java.util.Map<String, Object> TIPS = new java.util.HashMap<>();
}
