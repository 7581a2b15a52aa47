package dev.tidemark.settings;

import dev.tidemark.journal.ForcePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The appearance part of settings.json: theme and text size, beside the journal and providers. */
class AppearanceSettingsTest {

    @TempDir
    Path dataDir;

    private final List<String> problems = new ArrayList<>();

    @Test
    void noAppearanceMeansFollowTheSystemAtThirteenPixels() {
        assertThat(Settings.load(dataDir, p -> problems.add(p.message())).appearance())
                .isEqualTo(new Appearance(Appearance.Theme.SYSTEM, 13));
        assertThat(problems).isEmpty();
    }

    @Test
    void appearanceRoundTripsAndKeepsJournalProvidersAndUnknownFields() throws Exception {
        Files.writeString(dataDir.resolve(Settings.FILE_NAME), "{\"journal\":{\"force\":\"always\"},"
                + "\"providers\":[{\"id\":\"ollama\",\"name\":\"Ollama\",\"preset\":\"ollama\"}],"
                + "\"future\":{\"x\":1}}");
        Settings.load(dataDir, p -> problems.add(p.message())).withAppearance(new Appearance(Appearance.Theme.DARK, 17)).save(dataDir);

        Settings read = Settings.load(dataDir, p -> problems.add(p.message()));
        assertThat(problems).isEmpty();
        assertThat(read.appearance()).isEqualTo(new Appearance(Appearance.Theme.DARK, 17));
        assertThat(read.journal().policy()).isEqualTo(ForcePolicy.ALWAYS);
        assertThat(read.providers()).extracting(ProviderConfig::id).containsExactly("ollama");
        String json = Files.readString(dataDir.resolve(Settings.FILE_NAME));
        assertThat(json).contains("\"future\"").contains("\"theme\" : \"dark\"").contains("\"fontSize\" : 17");
    }

    @Test
    void badValuesAreReportedAndReplacedByDefaults() throws Exception {
        Files.writeString(dataDir.resolve(Settings.FILE_NAME),
                "{\"appearance\":{\"theme\":\"solarized\",\"fontSize\":300}}");
        assertThat(Settings.load(dataDir, p -> problems.add(p.message())).appearance()).isEqualTo(Appearance.DEFAULTS);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("light, dark or system").contains("solarized");
        assertThat(problems.get(1)).contains("fontSize");
    }

    @Test
    void aThemeChangeAndAProviderChangeBothReachTheFileWhateverTheOrder() throws Exception {
        ProviderSettings live = ProviderSettings.of(dataDir, Settings.load(dataDir, p -> problems.add(p.message())),
                ApiKeys.environmentOnly(Map.of()));
        live.updateAppearance(new Appearance(Appearance.Theme.LIGHT, 15));
        live.update(List.of(ProviderConfig.fromPreset(ProviderPresets.OLLAMA, "ollama", null)), Map.of(), Set.of());
        live.updateAppearance(live.appearance().withFontSize(16)).get(10, TimeUnit.SECONDS);
        live.flush().get(10, TimeUnit.SECONDS);

        Settings read = Settings.load(dataDir, p -> problems.add(p.message()));
        assertThat(read.appearance()).isEqualTo(new Appearance(Appearance.Theme.LIGHT, 16));
        assertThat(read.providers()).extracting(ProviderConfig::id).containsExactly("ollama");
        assertThat(problems).isEmpty();
    }

    @Test
    void sizesAreKeptWithinBounds() {
        assertThat(new Appearance(Appearance.Theme.DARK, 2).fontSize()).isEqualTo(Appearance.MIN_FONT_SIZE);
        assertThat(new Appearance(Appearance.Theme.DARK, 99).fontSize()).isEqualTo(Appearance.MAX_FONT_SIZE);
        assertThat(new Appearance(null, 13).theme()).isEqualTo(Appearance.Theme.SYSTEM);
    }
}
