package dev.tidemark.app;

import dev.tidemark.app.OsColorSchemeProbe.Result;
import dev.tidemark.ui.theme.ColorScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

/** How each desktop's answer is read, with made-up answers; and that a real tool that hangs is cut short. */
class OsColorSchemeProbeTest {

    private final Map<String, Optional<Result>> answers = new HashMap<>();
    private final List<String> asked = new ArrayList<>();

    private OsColorSchemeProbe probe(String os, Map<String, String> env) {
        return new OsColorSchemeProbe(os, env, command -> {
            String line = String.join(" ", command);
            asked.add(line);
            return answers.getOrDefault(line, Optional.empty());
        });
    }

    private void answer(String command, int exit, String output) {
        answers.put(command, Optional.of(new Result(exit, output)));
    }

    @Test
    void gnomePreferDarkIsDark() {
        answer("gsettings get org.gnome.desktop.interface color-scheme", 0, "'prefer-dark'\n");
        assertThat(probe("Linux", Map.of()).detect()).contains(ColorScheme.DARK);
    }

    @Test
    void gnomeDefaultFallsBackToTheThemeName() {
        answer("gsettings get org.gnome.desktop.interface color-scheme", 0, "'default'\n");
        answer("gsettings get org.gnome.desktop.interface gtk-theme", 0, "'Yaru-dark'\n");
        assertThat(probe("Linux", Map.of()).detect()).contains(ColorScheme.DARK);
        answer("gsettings get org.gnome.desktop.interface gtk-theme", 0, "'Adwaita'\n");
        assertThat(probe("Linux", Map.of()).detect()).contains(ColorScheme.LIGHT);
    }

    @Test
    void gtkThemeInTheEnvironmentIsBelievedWithoutAsking() {
        assertThat(probe("Linux", Map.of("GTK_THEME", "Adwaita:dark")).detect()).contains(ColorScheme.DARK);
        assertThat(asked).isEmpty();
    }

    @Test
    void kdeIsAskedWhenGnomeCannotAnswer() {
        answer("kreadconfig5 --group General --key ColorScheme", 0, "BreezeDark\n");
        assertThat(probe("Linux", Map.of("XDG_CURRENT_DESKTOP", "KDE")).detect()).contains(ColorScheme.DARK);
    }

    @Test
    void aDesktopWithNoToolToAskCannotTell() {
        assertThat(probe("Linux", Map.of()).detect()).isEmpty();
        assertThat(probe("FreeBSD", Map.of()).detect()).isEmpty();
    }

    @Test
    void macOsSaysDarkOrHasNoKeyAtAll() {
        answer("defaults read -g AppleInterfaceStyle", 0, "Dark\n");
        assertThat(probe("Mac OS X", Map.of()).detect()).contains(ColorScheme.DARK);
        answer("defaults read -g AppleInterfaceStyle", 1,
                "The domain/default pair of (kCFPreferencesAnyApplication, AppleInterfaceStyle) does not exist\n");
        assertThat(probe("Mac OS X", Map.of()).detect()).contains(ColorScheme.LIGHT);
    }

    @Test
    void windowsAppsUseLightThemeZeroIsDark() {
        String query = "reg query " + OsColorSchemeProbe.WINDOWS_KEY + " /v AppsUseLightTheme";
        answer(query, 0, "\r\nHKEY_CURRENT_USER\\Software\\...\\Personalize\r\n    AppsUseLightTheme    REG_DWORD    0x0\r\n");
        assertThat(probe("Windows 11", Map.of()).detect()).contains(ColorScheme.DARK);
        answer(query, 0, "    AppsUseLightTheme    REG_DWORD    0x1\r\n");
        assertThat(probe("Windows 11", Map.of()).detect()).contains(ColorScheme.LIGHT);
        answer(query, 1, "ERROR: The system was unable to find the specified registry key or value.");
        assertThat(probe("Windows 10", Map.of()).detect()).isEmpty();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aToolThatHangsIsCutShortAndAMissingOneIsNoAnswer(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("pid");
        // had it been waited for to the end, the tool would have answered (exit 0, no output)
        assertThat(OsColorSchemeProbe.runProcess(List.of("sh", "-c", "echo $$ > '" + pid + "'; exec sleep 30")))
                .as("a tool that hangs gives no answer").isEmpty();
        long hung = Long.parseLong(Files.readString(pid).strip());
        patiently().untilAsserted(() -> assertThat(ProcessHandle.of(hung).filter(ProcessHandle::isAlive))
                .as("the hanging tool was killed").isEmpty());
        assertThat(OsColorSchemeProbe.runProcess(List.of("no-such-tool-for-tidemark"))).isEmpty();
        assertThat(OsColorSchemeProbe.runProcess(List.of("echo", "prefer-dark")))
                .contains(new Result(0, "prefer-dark\n"));
    }

    @Test
    void thisMachineAnswersOrSaysItCannot() {
        // how long this takes is a figure of LocalProbesBenchmark, not asserted here
        Optional<ColorScheme> scheme = OsColorSchemeProbe.forThisSystem().detect();
        assertThat(scheme).isNotNull();
    }
}
