package dev.tidemark.archfixtures.settings;

/** Breaks "only chat and app name a concrete provider" (as LocalServerDetector once did). */
public final class DetectorNamingOpenAi {
    private dev.tidemark.archfixtures.provider.openai.FixtureOpenAi provider;
}
