package dev.tidemark.archfixtures.ui.markdown;

/** The markdown library's API. */
public final class MarkdownView {
}
