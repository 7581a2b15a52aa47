package dev.tidemark.archfixtures.ui.sessions;

/** Breaks the ui rule: one feature naming another's view. */
public final class SessionsNamingAChatView {
    private dev.tidemark.archfixtures.ui.chat.FixtureView view;
}
