package dev.tidemark.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A command line that only opens the window: nothing, {@code --data-dir DIR} (or
 * {@code --data-dir=DIR}) and the hidden {@code --exit-after-first-frame}. Anything else, help and
 * mistakes included, goes to the full command line (picocli), which says what it means.
 */
record WindowRequest(Path dataDir, boolean exitAfterFirstFrame) {

    private static final String DATA_DIR = "--data-dir";
    private static final String EXIT = "--exit-after-first-frame";
    private static final String IMPORT = "--import=";

    static Optional<WindowRequest> parse(List<String> args) {
        Path dataDir = null;
        boolean exit = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(EXIT) && !exit) {
                exit = true;
            } else if (arg.equals(DATA_DIR) && dataDir == null && i + 1 < args.size() && isValue(args.get(i + 1))) {
                dataDir = Path.of(args.get(++i));
            } else if (arg.startsWith(DATA_DIR + "=") && dataDir == null && isValue(arg.substring(DATA_DIR.length() + 1))) {
                dataDir = Path.of(arg.substring(DATA_DIR.length() + 1));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new WindowRequest(dataDir, exit));
    }

    /**
     * The window's parameters for the exported chats the desktop asked us to open: one
     * {@code --import=FILE} each, the path as it came. Joining them with the path separator split a
     * Linux path with a {@code :} in it into pieces that name no file.
     */
    static List<String> importArguments(List<String> files) {
        return files.stream().map(file -> IMPORT + file).toList();
    }

    /** The files of {@link #importArguments}, read back from the window's raw parameters, in order. */
    static List<Path> importedFiles(List<String> rawParameters) {
        return rawParameters.stream().filter(p -> p.startsWith(IMPORT) && p.length() > IMPORT.length())
                .map(p -> Path.of(p.substring(IMPORT.length()))).toList();
    }

    private static boolean isValue(String value) {
        return !value.isBlank() && !value.startsWith("-");
    }
}
