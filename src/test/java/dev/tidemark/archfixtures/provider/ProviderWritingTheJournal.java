package dev.tidemark.archfixtures.provider;

/** Breaks "providers know nothing of the journal". */
public final class ProviderWritingTheJournal {
    private dev.tidemark.archfixtures.journal.FixtureJournal journal;
}
