package dev.tidemark.archfixtures.health;

import dev.tidemark.archfixtures.journal.FixtureJournal;

/** Breaks "problems (health) depend on the JDK only". */
public final class ProblemNamingTheJournal {
    private FixtureJournal journal;
}
