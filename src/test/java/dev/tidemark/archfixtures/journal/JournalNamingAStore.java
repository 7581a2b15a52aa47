package dev.tidemark.archfixtures.journal;

/** Breaks "the journal knows nothing of sessions". */
public final class JournalNamingAStore {
    private dev.tidemark.archfixtures.session.FixtureStore store;
}
