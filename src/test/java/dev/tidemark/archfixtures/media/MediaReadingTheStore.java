package dev.tidemark.archfixtures.media;

/** Breaks "media knows nothing of the layers above it": media naming the session store. */
public final class MediaReadingTheStore {
    private dev.tidemark.archfixtures.session.FixtureStore store;
}
