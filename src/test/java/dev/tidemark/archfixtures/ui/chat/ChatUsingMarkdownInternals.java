package dev.tidemark.archfixtures.ui.chat;

/** Breaks the ui rule: markdown is used through its control, not its block views. */
public final class ChatUsingMarkdownInternals {
    private dev.tidemark.archfixtures.ui.markdown.BlockInternals block;
}
