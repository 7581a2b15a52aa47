package dev.tidemark.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds a server's program as a shell would: a name without a directory is looked up on the
 * {@code PATH} the server gets (Tidemark's, or the config's {@code env} when it sets one); a path is
 * taken relative to the server's working directory. On Windows the {@code PATHEXT} extensions are
 * tried too, so {@code npx} finds {@code npx.cmd} (written for Windows, not tested there).
 */
final class Commands {

    private Commands() {
    }

    /** The program's full path, or null when there is no such program. */
    static Path find(String command, Map<String, String> environment, Path workingDirectory) {
        if (command == null || command.isBlank()) {
            return null;
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        List<String> extensions = extensions(windows, environment);
        if (command.contains("/") || (windows && command.contains("\\"))) {
            Path path = Path.of(command);
            if (!path.isAbsolute() && workingDirectory != null) {
                path = workingDirectory.resolve(path);
            }
            return executable(path, extensions);
        }
        String pathVariable = environment.getOrDefault("PATH", windows ? environment.get("Path") : null);
        if (pathVariable == null) {
            return null;
        }
        for (String directory : pathVariable.split(java.io.File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            try {
                Path found = executable(Path.of(directory).resolve(command), extensions);
                if (found != null) {
                    return found;
                }
            } catch (java.nio.file.InvalidPathException e) {
                // an entry of PATH that is no path: a shell skips it too
            }
        }
        return null;
    }

    private static List<String> extensions(boolean windows, Map<String, String> environment) {
        List<String> extensions = new ArrayList<>();
        if (windows) { // npx.cmd before npx (a shell script Windows cannot run)
            String pathext = environment.getOrDefault("PATHEXT", ".COM;.EXE;.BAT;.CMD");
            for (String extension : pathext.split(";")) {
                if (!extension.isBlank()) {
                    extensions.add(extension.toLowerCase(Locale.ROOT));
                }
            }
        }
        extensions.add("");
        return extensions;
    }

    private static Path executable(Path path, List<String> extensions) {
        for (String extension : extensions) {
            Path candidate = extension.isEmpty() ? path : path.resolveSibling(path.getFileName() + extension);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }
}
