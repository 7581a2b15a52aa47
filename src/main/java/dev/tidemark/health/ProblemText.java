package dev.tidemark.health;

import dev.tidemark.health.Problem.Area;

/**
 * The words a person reads for each kind of {@link Problem}: in the notices over the window, the
 * status bar, the log and the command line. The one place to reword them; nothing decides by
 * them.
 */
public final class ProblemText {

    private ProblemText() {
    }

    public static String of(Problem problem) {
        if (problem instanceof Problem.JournalBehind) {
            return "The journal is falling behind the incoming text; Tidemark holds the text in memory and writes it"
                    + " in larger pieces. Nothing is lost.";
        }
        if (problem instanceof Problem.JournalCaughtUp) {
            return "The journal has caught up.";
        }
        if (problem instanceof Problem.DiskFull full) {
            return "The disk is full: Tidemark cannot write " + full.target() + " (" + full.cause() + ")."
                    + whileItCannotWrite(full.area());
        }
        if (problem instanceof Problem.CannotWrite failed) {
            return "Tidemark cannot write " + failed.target() + " (" + failed.cause() + ")."
                    + whileItCannotWrite(failed.area());
        }
        if (problem instanceof Problem.WritingAgain again) {
            return switch (again.area()) {
                case JOURNAL -> "The journal is writing to disk again.";
                case SESSIONS -> "Sessions are being saved again.";
                default -> "Tidemark can write " + name(again.area()) + " again.";
            };
        }
        if (problem instanceof Problem.Unreadable unreadable) {
            return "Could not read " + unreadable.file() + " (" + unreadable.cause() + ")"
                    + afterUnreadable(unreadable.area());
        }
        if (problem instanceof Problem.ReadOnly readOnly) {
            return readOnly.what() + " is shown read-only and never changed: " + readOnly.why() + ".";
        }
        if (problem instanceof Problem.SettingIgnored ignored) {
            return "settings.json: " + ignored.setting() + " " + ignored.why() + "; " + ignored.instead() + ".";
        }
        return ((Problem.Note) problem).text();
    }

    /** What Tidemark does while it cannot write a part of the data directory. */
    private static String whileItCannotWrite(Area area) {
        return switch (area) {
            case JOURNAL -> " Your replies are kept in memory; it will keep trying.";
            case SESSIONS -> " It is kept in memory and in the journal; Tidemark keeps trying.";
            default -> "";
        };
    }

    /** What Tidemark does instead of what it could not read. */
    private static String afterUnreadable(Area area) {
        return switch (area) {
            case SETTINGS -> "; using the default settings.";
            case SEARCH -> "; searches read your sessions instead, which is slower, until it is rebuilt.";
            default -> ".";
        };
    }

    private static String name(Area area) {
        return switch (area) {
            case JOURNAL -> "the journal";
            case SESSIONS -> "the sessions";
            case SEARCH -> "the search index";
            case SETTINGS, APPEARANCE, PROVIDERS -> "the settings";
            case KEYS -> "the keys";
            case LOG -> "the log";
            case IMPORT -> "imported chats";
        };
    }
}
