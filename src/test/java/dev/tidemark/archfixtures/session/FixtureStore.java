package dev.tidemark.archfixtures.session;

/** A session-layer class for others to name. */
public final class FixtureStore {
}
