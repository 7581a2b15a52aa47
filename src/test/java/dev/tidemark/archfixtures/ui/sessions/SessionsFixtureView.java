package dev.tidemark.archfixtures.ui.sessions;

/** A view of the sessions feature. */
public final class SessionsFixtureView {
}
