package dev.tidemark.app;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What happens to an exception nobody caught, on the FX thread or any other: it goes to the log
 * (keys taken out) and the window says, in a notification, that something went wrong and that the
 * conversation is safe — never a raw exception dialog. The journal has every word already, so
 * there is nothing to save at this point; the app carries on.
 */
final class UncaughtErrors implements Thread.UncaughtExceptionHandler {

    /** More than this many in a minute (a failing layout pass repeats every frame) are only counted. */
    static final int MAX_LOGGED_PER_MINUTE = 20;

    private final Logger log;
    private final Redactor redactor;
    private final Consumer<String> tell;
    private final Path logFile;
    private final AtomicLong minute = new AtomicLong();
    private final AtomicInteger inMinute = new AtomicInteger();

    /**
     * @param tell    shows a sentence to the user (any thread; it must hop to the FX thread itself)
     * @param logFile where the details are, to say so
     */
    UncaughtErrors(Logger log, Redactor redactor, Consumer<String> tell, Path logFile) {
        this.log = log;
        this.redactor = redactor;
        this.tell = tell;
        this.logFile = logFile;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        long now = System.currentTimeMillis() / 60_000;
        if (minute.getAndSet(now) != now) {
            inMinute.set(0);
        }
        int count = inMinute.incrementAndGet();
        if (count > MAX_LOGGED_PER_MINUTE) {
            return; // already said, many times over
        }
        try {
            log.log(Level.SEVERE, "Uncaught on thread " + thread.getName()
                    + (count == MAX_LOGGED_PER_MINUTE ? " (further ones this minute are not logged)" : ""), error);
        } catch (RuntimeException | Error ignored) {
            // a log that cannot be written must not take the app down with it
        }
        try {
            tell.accept(message(error));
        } catch (RuntimeException | Error ignored) {
            // nor a window that cannot show it
        }
    }

    String message(Throwable error) {
        String what = error.getClass().getSimpleName()
                + (error.getMessage() == null || error.getMessage().isBlank() ? "" : ": " + firstLine(error.getMessage()));
        if (what.length() > 160) {
            what = what.substring(0, 157) + "…";
        }
        return "Something went wrong (" + redactor.redact(what) + "). Your conversation is safe: every word is in "
                + "the journal. Details are in " + logFile + ".";
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }
}
