package dev.tidemark.archfixtures.ui.chat;

/** A chat view, an internal of the chat feature, for others to name. */
public final class FixtureView {
}
