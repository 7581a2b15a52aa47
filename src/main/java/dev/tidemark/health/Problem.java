package dev.tidemark.health;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * Something a part of Tidemark met in the background that the person should know of (the disk
 * is full, a file could not be read, the journal fell behind), or the news that such a problem is
 * over. The status bar and the notices decide what to show by the kind of problem, never by its
 * words; the words are made in one place, {@link ProblemText}.
 */
public sealed interface Problem {

    /** The part of Tidemark a problem is about. */
    enum Area { JOURNAL, SESSIONS, SEARCH, SETTINGS, KEYS, LOG, IMPORT, APPEARANCE, PROVIDERS }

    Area area();

    /** True when this says that the earlier trouble of its area is over. */
    default boolean isAllClear() {
        return this instanceof WritingAgain || this instanceof JournalCaughtUp;
    }

    /** The words for a person: the same as {@link ProblemText#of}. */
    default String message() {
        return ProblemText.of(this);
    }

    /**
     * {@code target} could not be written: a {@link DiskFull} when the disk is full, else a
     * {@link CannotWrite}.
     */
    static Problem cannotWrite(Area area, String target, IOException cause) {
        return isDiskFull(cause) ? new DiskFull(area, target, describe(cause))
                : new CannotWrite(area, target, describe(cause));
    }

    /** The disk (or the file system holding the data directory) has no room left. */
    static boolean isDiskFull(IOException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return reason != null && reason.toLowerCase(Locale.ROOT).contains("no space left");
    }

    /** An exception's message, or its kind when it has none. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Text arrives faster than the disk takes it: held in memory and written in larger pieces. */
    record JournalBehind() implements Problem {
        @Override
        public Area area() {
            return Area.JOURNAL;
        }
    }

    /** The journal has written what it held in memory while it was behind. All clear. */
    record JournalCaughtUp() implements Problem {
        @Override
        public Area area() {
            return Area.JOURNAL;
        }
    }

    /** The disk is full: {@code target} (e.g. "its journal") could not be written; {@code cause} as the OS says it. */
    record DiskFull(Area area, String target, String cause) implements Problem {
    }

    /** {@code target} could not be written for {@code cause}. */
    record CannotWrite(Area area, String target, String cause) implements Problem {
    }

    /** What {@link CannotWrite} or {@link DiskFull} stopped is written again. All clear. */
    record WritingAgain(Area area) implements Problem {
    }

    /** {@code file} could not be read for {@code cause}; what follows depends on the area. */
    record Unreadable(Area area, String file, String cause) implements Problem {
    }

    /**
     * A file, or the data directory, is open read-only for {@code why}: shown, never changed.
     *
     * @param what "the chat 'Title' (sessions/ID.json)", "the data directory DIR"
     */
    record ReadOnly(Area area, String what, String why) implements Problem {
    }

    /** A value in settings.json is not used: {@code why} it is not, and what is used {@code instead}. */
    record SettingIgnored(String setting, String why, String instead) implements Problem {
        @Override
        public Area area() {
            return Area.SETTINGS;
        }
    }

    /**
     * Anything else worth saying, in words made where it happened: a setting that was ignored, a
     * file that was tightened or set aside, a request that could not be carried out.
     */
    record Note(Area area, String text) implements Problem {
    }
}
