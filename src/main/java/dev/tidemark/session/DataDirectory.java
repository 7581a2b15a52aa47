package dev.tidemark.session;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.journal.AtomicFiles;
import dev.tidemark.journal.Journal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where Tidemark keeps its data: {@code --data-dir}, else {@code TIDEMARK_DATA_DIR}, else the
 * platform's usual place (Linux {@code $XDG_DATA_HOME/tidemark} or {@code ~/.local/share/tidemark},
 * macOS {@code ~/Library/Application Support/Tidemark}, Windows {@code %APPDATA%\Tidemark}); and
 * keeping it private ({@link #makePrivate}).
 */
public final class DataDirectory {

    public static final String ENV_VARIABLE = "TIDEMARK_DATA_DIR";

    /** Group and others: no bit of these may stay on the data directory. */
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> WRITE_BY_OTHERS =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private DataDirectory() {
    }

    /**
     * Run at every start, by the window and by every command, before anything else touches
     * {@code dir}: creates it {@code rwx------} when missing; when it is open to others, closes it
     * (and says so, as the key file is tightened); warns when it belongs to another user or stays
     * writable by others. Everything inside is then private too (docs/privacy.md).
     *
     * @throws IOException in words naming the directory, or the part of it, that this user cannot
     *                     read: Tidemark then shows nothing rather than "no sessions"
     */
    public static void makePrivate(Path dir, Consumer<Problem> problems) throws IOException {
        checkReadable(dir);
        if (!Files.isDirectory(dir)) {
            createPrivate(dir);
            return;
        }
        if (!AtomicFiles.posix(dir)) {
            return;
        }
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class);
        Set<PosixFilePermission> now = attributes.permissions();
        String owner = attributes.owner().getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            problems.accept(new Problem.Note(Area.SESSIONS, "The data directory " + dir + " belongs to another user ("
                    + owner + "), who can read and change your chats. Use a data directory of your own (--data-dir)."));
            return;
        }
        if (now.stream().noneMatch(NOT_OWNER::contains)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(dir, AtomicFiles.OWNER_ONLY_DIRECTORY);
            problems.accept(new Problem.Note(Area.SESSIONS, "The data directory " + dir + " was open to other users ("
                    + PosixFilePermissions.toString(now) + "); Tidemark made it readable only by you."));
        } catch (IOException e) {
            if (now.stream().anyMatch(WRITE_BY_OTHERS::contains)) {
                problems.accept(new Problem.Note(Area.SESSIONS, "The data directory " + dir
                        + " can be changed by other users (" + PosixFilePermissions.toString(now)
                        + ") and Tidemark could not close it; make it yours alone (chmod 700)."));
            } else {
                problems.accept(new Problem.Note(Area.SESSIONS, "The data directory " + dir
                        + " can be read by other users (" + PosixFilePermissions.toString(now)
                        + ") and Tidemark could not close it; make it yours alone (chmod 700)."));
            }
        }
    }

    /**
     * Throws, in words, when {@code dir} or its sessions or journal exist but cannot be read by this
     * user, or when a folder on the way to it cannot be entered. Changes nothing.
     */
    public static void checkReadable(Path dir) throws IOException {
        Path blocked = firstBlocked(dir.toAbsolutePath());
        if (blocked != null) {
            throw new AccessDeniedException(null, null, "Tidemark cannot read its data directory " + dir
                    + ": " + (blocked.equals(dir.toAbsolutePath()) ? "it" : blocked) + " is not open to you"
                    + ownerOf(blocked) + ". Run Tidemark as the user it belongs to, or give another --data-dir.");
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (String part : List.of(SessionStore.DIRECTORY, Journal.DIRECTORY)) {
            Path inside = dir.resolve(part);
            if (Files.isDirectory(inside, LinkOption.NOFOLLOW_LINKS)
                    && !(Files.isReadable(inside) && Files.isExecutable(inside))) {
                throw new AccessDeniedException(null, null, "Tidemark cannot read " + inside
                        + " in its data directory: it is not open to you" + ownerOf(inside)
                        + ". Give it back to you (chmod 700, or chown), or run Tidemark as its owner.");
            }
        }
    }

    /** The first folder from the root down to {@code dir} that exists and cannot be read or entered, or null. */
    private static Path firstBlocked(Path dir) {
        Path at = dir.getRoot();
        for (Path name : dir) {
            at = at == null ? name : at.resolve(name);
            if (!Files.isDirectory(at)) {
                return null; // missing from here on: created, or refused with its own words
            }
            boolean last = at.equals(dir);
            if (!Files.isExecutable(at) || (last && !Files.isReadable(at))) {
                return at;
            }
        }
        return null;
    }

    private static String ownerOf(Path path) {
        try {
            return " (it belongs to " + Files.getOwner(path).getName() + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static void createPrivate(Path dir) throws IOException {
        try {
            AtomicFiles.createDirectory(dir);
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(null, null, "Tidemark cannot create its data directory " + dir
                    + " (permission denied on " + (e.getFile() != null ? e.getFile() : dir.getParent())
                    + "). Give another --data-dir, or create it yourself.");
        }
    }

    public static Path resolve(Path fromCommandLine, Map<String, String> env) {
        if (fromCommandLine != null) {
            return fromCommandLine.toAbsolutePath();
        }
        String fromEnv = env.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        return platformDefault(System.getProperty("os.name", ""), System.getProperty("user.home"), env);
    }

    static Path platformDefault(String osName, String home, Map<String, String> env) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            return appData != null && !appData.isBlank()
                    ? Path.of(appData, "Tidemark")
                    : Path.of(home, "AppData", "Roaming", "Tidemark");
        }
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Application Support", "Tidemark");
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "tidemark");
        }
        return Path.of(home, ".local", "share", "tidemark");
    }
}
