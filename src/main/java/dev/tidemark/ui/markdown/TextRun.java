package dev.tidemark.ui.markdown;

import java.util.List;

/**
 * A stretch of text drawn in one style: the unit a {@link RunFlow} turns into one {@code Text} node.
 *
 * @param text   the characters, newlines included
 * @param styles style classes of the node ({@link MarkdownStyles}), in a fixed order so equal runs are equal
 * @param link   the URL opened on a click, or {@code null}; only ever an http, https or mailto URL
 */
record TextRun(String text, List<String> styles, String link) {

    TextRun {
        styles = List.copyOf(styles);
    }

    TextRun(String text, List<String> styles) {
        this(text, styles, null);
    }

    boolean sameStyle(TextRun other) {
        return styles.equals(other.styles) && java.util.Objects.equals(link, other.link);
    }
}
