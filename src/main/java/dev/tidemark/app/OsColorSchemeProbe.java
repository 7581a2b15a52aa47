package dev.tidemark.app;

import dev.tidemark.ui.theme.ColorScheme;
import dev.tidemark.ui.theme.ColorSchemeProbe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks the operating system whether it prefers a dark look, the way each desktop says it. JavaFX
 * 21 cannot tell (its {@code Platform.Preferences} arrive in JavaFX 22), so this runs the desktop's
 * own tool, each with a short timeout:
 * <ul>
 *   <li>macOS: {@code defaults read -g AppleInterfaceStyle} prints "Dark" in dark mode and fails
 *       (the key is absent) in light mode;</li>
 *   <li>Windows: {@code reg query HKCU\...\Themes\Personalize /v AppsUseLightTheme}, 0x0 meaning dark;</li>
 *   <li>Linux and other Unix: {@code $GTK_THEME} when it names a variant, then GNOME's
 *       {@code gsettings get org.gnome.desktop.interface color-scheme} ('prefer-dark'), then the GTK
 *       theme's name (Adwaita-dark, Yaru-dark…), then KDE's {@code kreadconfig} colour scheme.</li>
 * </ul>
 * Anything else — no such tool, a timeout, an answer it does not understand — means "cannot
 * tell", and the window falls back to light. Blocks for up to a few seconds: never on the FX thread.
 */
public final class OsColorSchemeProbe implements ColorSchemeProbe {

    /** Runs a command; empty when it could not run or did not finish in time. */
    @FunctionalInterface
    public interface Commands {
        Optional<Result> run(List<String> command);
    }

    /** What a command said. */
    public record Result(int exitCode, String output) {
    }

    static final Duration TIMEOUT = Duration.ofMillis(1500);
    static final String WINDOWS_KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize";

    private final String osName;
    private final Map<String, String> env;
    private final Commands commands;

    public OsColorSchemeProbe(String osName, Map<String, String> env, Commands commands) {
        this.osName = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        this.env = env;
        this.commands = commands;
    }

    /** The probe for this machine: its OS, its environment, real processes. */
    public static OsColorSchemeProbe forThisSystem() {
        return new OsColorSchemeProbe(System.getProperty("os.name"), System.getenv(), OsColorSchemeProbe::runProcess);
    }

    @Override
    public Optional<ColorScheme> detect() {
        if (osName.startsWith("mac")) {
            return macOs();
        }
        if (osName.startsWith("windows")) {
            return windows();
        }
        return unixDesktop();
    }

    private Optional<ColorScheme> macOs() {
        return commands.run(List.of("defaults", "read", "-g", "AppleInterfaceStyle")).map(r ->
                r.exitCode() == 0 && r.output().strip().equalsIgnoreCase("dark") ? ColorScheme.DARK : ColorScheme.LIGHT);
    }

    private Optional<ColorScheme> windows() {
        return commands.run(List.of("reg", "query", WINDOWS_KEY, "/v", "AppsUseLightTheme"))
                .filter(r -> r.exitCode() == 0)
                .flatMap(r -> r.output().lines().filter(l -> l.contains("AppsUseLightTheme")).findFirst())
                .flatMap(line -> {
                    String value = line.strip().replaceAll(".*\\s", "").toLowerCase(Locale.ROOT);
                    if (value.equals("0x0") || value.equals("0")) {
                        return Optional.of(ColorScheme.DARK);
                    }
                    if (value.equals("0x1") || value.equals("1")) {
                        return Optional.of(ColorScheme.LIGHT);
                    }
                    return Optional.empty();
                });
    }

    private Optional<ColorScheme> unixDesktop() {
        String gtkTheme = env.getOrDefault("GTK_THEME", "");
        if (!gtkTheme.isBlank()) {
            return Optional.of(namesDark(gtkTheme) ? ColorScheme.DARK : ColorScheme.LIGHT);
        }
        Optional<String> scheme = gsettings("color-scheme");
        if (scheme.isPresent()) {
            if (scheme.get().contains("prefer-dark")) {
                return Optional.of(ColorScheme.DARK);
            }
            if (scheme.get().contains("prefer-light")) {
                return Optional.of(ColorScheme.LIGHT);
            }
        }
        Optional<String> theme = gsettings("gtk-theme");
        if (theme.isPresent() && !theme.get().isBlank()) {
            return Optional.of(namesDark(theme.get()) ? ColorScheme.DARK : ColorScheme.LIGHT);
        }
        if (env.getOrDefault("XDG_CURRENT_DESKTOP", "").toUpperCase(Locale.ROOT).contains("KDE")) {
            for (String tool : List.of("kreadconfig6", "kreadconfig5")) {
                Optional<String> kde = commands.run(List.of(tool, "--group", "General", "--key", "ColorScheme"))
                        .filter(r -> r.exitCode() == 0).map(r -> r.output().strip()).filter(s -> !s.isEmpty());
                if (kde.isPresent()) {
                    return Optional.of(namesDark(kde.get()) ? ColorScheme.DARK : ColorScheme.LIGHT);
                }
            }
        }
        // 'default' colour scheme and no theme name: GNOME's default is light, but so is not knowing
        return scheme.map(s -> ColorScheme.LIGHT);
    }

    private Optional<String> gsettings(String key) {
        return commands.run(List.of("gsettings", "get", "org.gnome.desktop.interface", key))
                .filter(r -> r.exitCode() == 0)
                .map(r -> r.output().strip().replace("'", ""));
    }

    private static boolean namesDark(String themeName) {
        return themeName.toLowerCase(Locale.ROOT).contains("dark");
    }

    /** Starts the command, waits at most {@link #TIMEOUT}, and reads what it printed. */
    static Optional<Result> runProcess(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no such tool here
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            try (InputStream out = process.getInputStream()) {
                String text = new String(out.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                return Optional.of(new Result(process.exitValue(), text));
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return Optional.empty();
        }
    }
}
