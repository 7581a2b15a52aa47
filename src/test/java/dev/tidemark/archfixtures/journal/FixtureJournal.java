package dev.tidemark.archfixtures.journal;

/** A journal-layer class for others to name. */
public final class FixtureJournal {
}
