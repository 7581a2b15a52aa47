package dev.tidemark.archfixtures.provider.anthropic;

/** A concrete provider's class. */
public final class AnthropicEvents {
}
