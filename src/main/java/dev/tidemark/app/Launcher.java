package dev.tidemark.app;

import dev.tidemark.cli.CliEnvironment;
import dev.tidemark.cli.TidemarkCommand;
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

/**
 * The main class. It does not extend {@code Application}, so JavaFX can sit on the class path.
 * With a command it runs the command line; without one it opens the window.
 */
public final class Launcher {

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
        CliEnvironment environment = new CliEnvironment(System.getenv(), out, err, Clock.systemUTC(),
                demoTokenInterval());
        TidemarkCommand root = new TidemarkCommand();
        CommandLine cli = TidemarkCommand.commandLine(root, environment);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            // Never a stack trace for a user: say what failed in one line.
            err.println("tidemark: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
            return 1;
        });
        int code = cli.execute(args);
        if (code == TidemarkCommand.OPEN_WINDOW) {
            Path dataDir = environment.dataDir(root.dataDir());
            Application.launch(TidemarkApp.class, "--data-dir=" + dataDir);
            return;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The demo streams a token every 30 ms unless {@code -Dtidemark.demo.tokenMillis} says otherwise. */
    static Duration demoTokenInterval() {
        return Duration.ofMillis(Long.getLong("tidemark.demo.tokenMillis", 30L));
    }
}
