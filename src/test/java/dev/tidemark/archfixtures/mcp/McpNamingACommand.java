package dev.tidemark.archfixtures.mcp;

/** Breaks "mcp knows nothing of ui, app or cli": the servers naming a command. */
public final class McpNamingACommand {
    private dev.tidemark.archfixtures.cli.FixtureCommand command;
}
