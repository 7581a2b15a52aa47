package dev.tidemark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tidemark [--data-dir DIR] [COMMAND ...]}. Without a command it asks the launcher to open
 * the window (exit code {@link #OPEN_WINDOW}).
 */
@Command(name = "tidemark",
        versionProvider = TidemarkCommand.VersionProvider.class,
        description = "A desktop chat client for large language models that never loses a word.",
        subcommands = {ChatCommand.class, SessionsCommand.class, ShowCommand.class, SearchCommand.class,
                ExportCommand.class, ImportCommand.class, RenameCommand.class, DeleteCommand.class,
                FsckCommand.class, RegenerateCommand.class, ToolsCommand.class, ResumeCommand.class},
        usageHelpAutoWidth = true)
public final class TidemarkCommand implements Callable<Integer> {

    /** Returned when no command was given: the caller opens the window. */
    public static final int OPEN_WINDOW = -1;

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Data directory (default: $TIDEMARK_DATA_DIR, else the platform's usual place).")
    Path dataDir;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean versionRequested;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean helpRequested;

    /** For the installer build's class-data-sharing run and the tests: quit once the window is drawn. */
    @Option(names = "--exit-after-first-frame", hidden = true)
    boolean exitAfterFirstFrame;

    @Override
    public Integer call() {
        return OPEN_WINDOW;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean exitAfterFirstFrame() {
        return exitAfterFirstFrame;
    }

    /** Builds the command line with the commands wired to an environment. */
    public static CommandLine commandLine(TidemarkCommand root, CliEnvironment environment) {
        CommandLine cli = new CommandLine(root, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ChatCommand.class) {
                    return type.cast(new ChatCommand(environment));
                }
                if (type == SessionsCommand.class) {
                    return type.cast(new SessionsCommand(environment));
                }
                if (type == ShowCommand.class) {
                    return type.cast(new ShowCommand(environment));
                }
                if (type == SearchCommand.class) {
                    return type.cast(new SearchCommand(environment));
                }
                if (type == ExportCommand.class) {
                    return type.cast(new ExportCommand(environment));
                }
                if (type == ImportCommand.class) {
                    return type.cast(new ImportCommand(environment));
                }
                if (type == RenameCommand.class) {
                    return type.cast(new RenameCommand(environment));
                }
                if (type == DeleteCommand.class) {
                    return type.cast(new DeleteCommand(environment));
                }
                if (type == RegenerateCommand.class) {
                    return type.cast(new RegenerateCommand(environment));
                }
                if (type == ToolsCommand.class) {
                    return type.cast(new ToolsCommand(environment));
                }
                if (type == ResumeCommand.class) {
                    return type.cast(new ResumeCommand(environment));
                }
                if (type == FsckCommand.class) {
                    return type.cast(new FsckCommand(environment));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
        cli.setOut(environment.out());
        cli.setErr(environment.err());
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF)); // plain text, also on a terminal
        return cli;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tidemark " + Version.current()};
        }
    }
}
