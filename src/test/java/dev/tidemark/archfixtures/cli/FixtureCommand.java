package dev.tidemark.archfixtures.cli;

/** A command-line class for others to name. */
public final class FixtureCommand {
}
