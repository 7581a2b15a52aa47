package dev.tidemark.archfixtures.history;

/** Breaks "lower layers do not reach up": history naming a command-line class. */
public final class HistoryNamingACommand {
    private dev.tidemark.archfixtures.cli.FixtureCommand command;
}
