package dev.tidemark.archfixtures.ui.chat;

/** Keeps the ui rule: a feature uses the markdown library's control. */
public final class ChatUsingMarkdownView {
    private dev.tidemark.archfixtures.ui.markdown.MarkdownView view;
}
