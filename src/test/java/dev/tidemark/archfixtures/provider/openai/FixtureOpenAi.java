package dev.tidemark.archfixtures.provider.openai;

/** A concrete provider, for others to name. */
public final class FixtureOpenAi {
}
