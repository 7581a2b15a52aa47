package dev.tidemark.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * Damaged session files the user has set aside: moved out of the store into
 * {@code sessions/damaged/}, each beside a note saying when, why and from where. Nothing there
 * is ever written over: a name already taken (by an earlier set-aside, or a damaged copy kept
 * when recovery rebuilt a session) gets a number. The store no longer lists a file set aside, so
 * neither the window nor {@code fsck} shows it again; the bytes stay on disk as they were.
 * Called under the store's lock.
 */
final class DamagedFiles {

    /** The folder, inside {@code sessions/}, that damaged files are kept in. */
    static final String FOLDER = "damaged";
    static final String NOTE_SUFFIX = ".note.txt";
    private static final String DIRECTORY_NAME = SessionStore.DIRECTORY;

    private final Path dir;
    private final SessionFiles files;
    private final SessionListing listing;
    private final Clock clock;

    DamagedFiles(Path dir, SessionFiles files, SessionListing listing, Clock clock) {
        this.dir = dir;
        this.files = files;
        this.listing = listing;
        this.clock = clock;
    }

    /**
     * Moves the damaged file of this session into {@link #FOLDER}, its note first, and stops
     * listing it.
     *
     * @return where the file now is
     * @throws IllegalStateException when the session's file is not damaged (only damaged ones are set aside)
     */
    Path setAside(SessionSummary summary) throws IOException {
        if (!summary.damaged()) {
            throw new IllegalStateException("The chat '" + summary.title() + "' is not damaged; only a damaged"
                    + " chat can be set aside.");
        }
        Path file = dir.resolve(summary.id() + ".json");
        Path folder = dir.resolve(FOLDER);
        files.createDirectory(folder);
        Path target = freeName(folder, summary.id());
        Path note = target.resolveSibling(target.getFileName() + NOTE_SUFFIX);
        files.replace(note, note(summary, target, clock.instant()).getBytes(StandardCharsets.UTF_8));
        try {
            files.move(file, target);
        } catch (IOException e) {
            files.delete(note); // the file stays where it was: no note for a move that did not happen
            throw e;
        }
        listing.removed(summary.id());
        return target;
    }

    /** {@code <id>.json}, else {@code <id>-2.json}, {@code <id>-3.json}…: the first name neither it nor its note has. */
    private Path freeName(Path folder, String id) {
        for (int n = 1; ; n++) {
            Path candidate = folder.resolve((n == 1 ? id : id + "-" + n) + ".json");
            if (!files.exists(candidate) && !files.exists(candidate.resolveSibling(candidate.getFileName() + NOTE_SUFFIX))) {
                return candidate;
            }
        }
    }

    private static String note(SessionSummary summary, Path target, Instant when) {
        return "Tidemark set this chat aside because its file is damaged.\n"
                + "\n"
                + "Chat:          " + summary.title() + "\n"
                + "Original file: " + DIRECTORY_NAME + "/" + summary.id() + ".json\n"
                + "Now:           " + DIRECTORY_NAME + "/" + FOLDER + "/" + target.getFileName() + "\n"
                + "Set aside at:  " + when + "\n"
                + "Why:           " + (summary.problem() == null ? "its file could not be read whole"
                        : summary.problem()) + "\n"
                + "\n"
                + "Tidemark no longer lists this chat and never writes to this file. To have it listed again,\n"
                + "quit Tidemark and move the file back into the " + DIRECTORY_NAME + " folder as " + summary.id()
                + ".json.\n";
    }
}
