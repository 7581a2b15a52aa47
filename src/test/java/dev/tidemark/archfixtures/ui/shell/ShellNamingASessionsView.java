package dev.tidemark.archfixtures.ui.shell;

/** Breaks the ui rule: the shell naming a feature's view. */
public final class ShellNamingASessionsView {
    private dev.tidemark.archfixtures.ui.sessions.SessionsFixtureView view;
}
