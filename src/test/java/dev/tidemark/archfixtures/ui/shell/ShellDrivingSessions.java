package dev.tidemark.archfixtures.ui.shell;

/** Keeps the ui rule: the shell drives a feature through its view model. */
public final class ShellDrivingSessions {
    private dev.tidemark.archfixtures.ui.sessions.SessionsFixtureViewModel sessions;
}
