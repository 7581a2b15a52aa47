package dev.tidemark.app;

import dev.tidemark.journal.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The app's log: {@code <data dir>/logs/tidemark.log}, one line per record (plus its stack trace),
 * every line passed through the {@link Redactor} so no key ever reaches the disk. When the file
 * passes {@link #LIMIT_BYTES} it becomes {@code tidemark.log.1} (older ones move up to
 * {@code .3}, the oldest goes), so the logs never take more than a few MiB.
 */
final class LogFile extends Handler {

    static final String DIRECTORY = "logs";
    static final String FILE_NAME = "tidemark.log";
    static final long LIMIT_BYTES = 1024 * 1024;
    static final int KEEP = 3;
    /** The logger every Tidemark class logs to (java.util.logging; SLF4J's users stay silent). */
    static final String LOGGER = "dev.tidemark";

    private final Path file;
    private final long limit;
    private OutputStream out; // guarded by this
    private long size;        // guarded by this

    LogFile(Path dataDir, Redactor redactor, long limit) throws IOException {
        Path dir = dataDir.resolve(DIRECTORY);
        AtomicFiles.createDirectory(dir); // rwx------, as the data directory
        this.file = dir.resolve(FILE_NAME);
        this.limit = limit;
        setFormatter(new RedactingFormatter(redactor));
        setLevel(Level.INFO);
        open();
    }

    /**
     * Sends the {@value #LOGGER} logger to a log file in the data directory, and only there (not to
     * the console, whose default format knows nothing of keys).
     */
    static LogFile install(Path dataDir, Redactor redactor) throws IOException {
        LogFile handler = new LogFile(dataDir, redactor, LIMIT_BYTES);
        Logger logger = Logger.getLogger(LOGGER);
        for (Handler old : logger.getHandlers()) {
            if (old instanceof LogFile) {
                logger.removeHandler(old);
                old.close();
            }
        }
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        return handler;
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record) || out == null) {
            return;
        }
        try {
            byte[] bytes = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
            if (size > 0 && size + bytes.length > limit) {
                rotate();
            }
            out.write(bytes);
            out.flush();
            size += bytes.length;
        } catch (IOException | RuntimeException e) {
            reportError("Could not write the log", e, ErrorManager.WRITE_FAILURE);
        }
    }

    @Override
    public synchronized void flush() {
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            reportError("Could not flush the log", e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            reportError("Could not close the log", e, ErrorManager.CLOSE_FAILURE);
        } finally {
            out = null;
        }
    }

    private void open() throws IOException {
        if (Files.exists(file) && Files.size(file) >= limit) {
            shift();
        }
        if (!Files.exists(file)) {
            Files.createFile(file, AtomicFiles.ownerOnlyFile(file)); // rw-------: only its owner reads the log
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        size = Files.size(file);
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        shift();
        open();
    }

    /** tidemark.log → .1 → .2 → .3; the oldest goes. */
    private void shift() throws IOException {
        Path dir = file.getParent();
        Files.deleteIfExists(dir.resolve(FILE_NAME + "." + KEEP));
        for (int i = KEEP - 1; i >= 1; i--) {
            Path from = dir.resolve(FILE_NAME + "." + i);
            if (Files.exists(from)) {
                Files.move(from, dir.resolve(FILE_NAME + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.exists(file)) {
            Files.move(file, dir.resolve(FILE_NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** "2026-11-26 08:00:00.000 SEVERE thread: message", then the stack trace; keys taken out of all of it. */
    static final class RedactingFormatter extends Formatter {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .withZone(ZoneId.systemDefault());
        private final Redactor redactor;

        RedactingFormatter(Redactor redactor) {
            this.redactor = redactor;
        }

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder()
                    .append(TIME.format(record.getInstant())).append(' ')
                    .append(record.getLevel().getName()).append(' ')
                    .append(record.getLoggerName()).append(": ")
                    .append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return redactor.redact(line.toString());
        }
    }
}
