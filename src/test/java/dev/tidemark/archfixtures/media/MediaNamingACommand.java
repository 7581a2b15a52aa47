package dev.tidemark.archfixtures.media;

/** Breaks "lower layers do not reach up": media naming a command. */
public final class MediaNamingACommand {
    private dev.tidemark.archfixtures.cli.FixtureCommand command;
}
