package dev.tidemark.app;

import dev.tidemark.cli.CliEnvironment;
import dev.tidemark.cli.TidemarkCommand;
import dev.tidemark.session.DataDirectory;
import javafx.application.Application;
import picocli.CommandLine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The main class. It does not extend {@code Application}, so JavaFX can sit on the class path.
 * With a command it runs the command line; without one it opens the window, unless a Tidemark
 * window already owns the data directory: then that window is brought to the front.
 */
public final class Launcher {

    /** The file name ending of Tidemark's export files, which the installers associate with Tidemark. */
    static final String EXPORT_SUFFIX = ".tidemark.json";
    /** How long a second launch waits for a window that owns the data directory and is still starting. */
    private static final Duration OWNER_PATIENCE = Duration.ofSeconds(3);

    private Launcher() {
    }

    public static void main(String[] args) {
        // Providers set to "system proxy" follow the OS settings; must be set before the JDK's
        // ProxySelector is first used. -Djava.net.useSystemProxies=false turns it off.
        if (System.getProperty("java.net.useSystemProxies") == null) {
            System.setProperty("java.net.useSystemProxies", "true");
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        List<String> exportFiles = new ArrayList<>();
        List<String> commandLine = new ArrayList<>();
        for (String arg : args) {
            // the desktop passes files of Tidemark's export type here (the installers' file association)
            (arg.toLowerCase(Locale.ROOT).endsWith(EXPORT_SUFFIX) ? exportFiles : commandLine).add(arg);
        }
        // The usual start (no command): straight to the window. Building the command line's model
        // loads every command and Jackson's mappers, a good part of a second before the first frame.
        Optional<WindowRequest> plain = WindowRequest.parse(commandLine);
        if (plain.isPresent()) {
            openWindow(DataDirectory.resolve(plain.get().dataDir(), System.getenv()), plain.get().exitAfterFirstFrame(),
                    exportFiles, out);
            return;
        }
        CliEnvironment environment = new CliEnvironment(System.getenv(), out, err, Clock.systemUTC(),
                demoTokenInterval(), System.console() != null);
        TidemarkCommand root = new TidemarkCommand();
        CommandLine cli = TidemarkCommand.commandLine(root, environment);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            // Never a stack trace for a user: say what failed in one line.
            err.println("tidemark: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
            return 1;
        });
        // a command (export --out x.tidemark.json, import x.tidemark.json) gets its arguments as they are
        boolean command = java.util.Arrays.stream(args).anyMatch(cli.getSubcommands()::containsKey);
        int code = cli.execute(command ? args : commandLine.toArray(String[]::new));
        if (code == TidemarkCommand.OPEN_WINDOW) {
            openWindow(environment.dataDir(root.dataDir()), root.exitAfterFirstFrame(),
                    command ? List.of() : exportFiles, out);
            return;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Opens the window, unless a Tidemark window already owns the data directory: then that one comes forward. */
    private static void openWindow(Path dataDir, boolean exitAfterFirstFrame, List<String> exportFiles, PrintWriter out) {
        List<String> parameters = new ArrayList<>(List.of("--data-dir=" + dataDir));
        // Another window owns the data directory: bring it forward rather than open a read-only one.
        RunningInstance.Answer answer = RunningInstance.askToShow(dataDir, OWNER_PATIENCE);
        if (answer.shown()) {
            out.println("Tidemark is already running (process " + answer.ownerPid().map(String::valueOf)
                    .orElse("?") + "); its window was brought to the front.");
            if (!exportFiles.isEmpty()) {
                out.println("To import " + String.join(", ", exportFiles) + ", use File → Import… in that window.");
            }
            out.flush();
            System.exit(0);
        }
        if (answer.outcome() == RunningInstance.Outcome.NO_ANSWER) {
            String note = "Another Tidemark" + answer.ownerPid().map(pid -> " (process " + pid + ")").orElse("")
                    + " is using " + dataDir + " and did not answer; this window opens it read-only.";
            out.println(note);
            out.flush();
            parameters.add("--owner-note=" + note);
        }
        if (!exportFiles.isEmpty()) {
            // exported chats the desktop asked us to open are imported once the window is up
            parameters.addAll(WindowRequest.importArguments(exportFiles));
        }
        if (exitAfterFirstFrame) {
            parameters.add("--exit-after-first-frame=true");
        }
        SoftwareRendering.chooseForThisMachine();
        Application.launch(TidemarkApp.class, parameters.toArray(String[]::new));
    }

    /** The demo streams a token every 30 ms unless {@code -Dtidemark.demo.tokenMillis} says otherwise. */
    static Duration demoTokenInterval() {
        return Duration.ofMillis(Long.getLong("tidemark.demo.tokenMillis", 30L));
    }
}
