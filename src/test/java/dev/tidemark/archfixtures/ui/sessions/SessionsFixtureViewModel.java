package dev.tidemark.archfixtures.ui.sessions;

/** The sessions feature's view model: what the shell may drive. */
public final class SessionsFixtureViewModel {
}
