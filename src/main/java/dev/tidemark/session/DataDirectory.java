package dev.tidemark.session;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Tidemark keeps its data: {@code --data-dir}, else {@code TIDEMARK_DATA_DIR}, else the
 * platform's usual place (Linux {@code $XDG_DATA_HOME/tidemark} or {@code ~/.local/share/tidemark},
 * macOS {@code ~/Library/Application Support/Tidemark}, Windows {@code %APPDATA%\Tidemark}).
 */
public final class DataDirectory {

    public static final String ENV_VARIABLE = "TIDEMARK_DATA_DIR";

    private DataDirectory() {
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
