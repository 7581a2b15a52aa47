package dev.tidemark.archfixtures.provider.openai;

/** Breaks "providers do not import each other". */
public final class OpenAiUsingAnthropic {
    private dev.tidemark.archfixtures.provider.anthropic.AnthropicEvents events;
}
