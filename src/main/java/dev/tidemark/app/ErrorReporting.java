package dev.tidemark.app;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The log file and the handler of exceptions nobody caught, set up together: the log is
 * {@code <data dir>/logs/tidemark.log} (rotated, no keys), and every uncaught exception, on the FX
 * thread or any other, goes there and to {@code tell} as one sentence for the user.
 */
final class ErrorReporting implements AutoCloseable {

    private final LogFile logFile;      // null when the log could not be opened
    private final UncaughtErrors handler;
    private final Path logPath;

    private ErrorReporting(LogFile logFile, UncaughtErrors handler, Path logPath) {
        this.logFile = logFile;
        this.handler = handler;
        this.logPath = logPath;
    }

    /**
     * Opens the log and makes {@link UncaughtErrors} the default handler of every thread.
     *
     * @param keys     the API keys known now (asked at every log line), which the log leaves out
     * @param tell     shows a sentence to the user; called on the failing thread
     * @param problems told when the log cannot be opened (the handler is installed all the same)
     */
    static ErrorReporting install(Path dataDir, Supplier<? extends Collection<String>> keys, Consumer<String> tell,
                                  Consumer<Problem> problems) {
        Redactor redactor = new Redactor(keys);
        Path logPath = dataDir.resolve(LogFile.DIRECTORY).resolve(LogFile.FILE_NAME);
        LogFile logFile = null;
        try {
            logFile = LogFile.install(dataDir, redactor);
        } catch (IOException | RuntimeException e) {
            problems.accept(new Problem.CannotWrite(Area.LOG, "its log in " + logPath.getParent(),
                    Problem.describe(e)));
        }
        UncaughtErrors handler = new UncaughtErrors(Logger.getLogger(LogFile.LOGGER), redactor, tell, logPath);
        Thread.setDefaultUncaughtExceptionHandler(handler);
        return new ErrorReporting(logFile, handler, logPath);
    }

    Thread.UncaughtExceptionHandler handler() {
        return handler;
    }

    Path logPath() {
        return logPath;
    }

    /** Closes the log file; the handler stays (it still tells the user). */
    @Override
    public void close() {
        if (logFile != null) {
            Logger.getLogger(LogFile.LOGGER).removeHandler(logFile);
            logFile.close();
        }
    }
}
