package dev.tidemark.archfixtures.chat;

/** Breaks "lower layers do not reach up": chat naming a view. */
public final class ChatNamingAView {
    private dev.tidemark.archfixtures.ui.chat.FixtureView view;
}
