package dev.tidemark.settings;

import dev.tidemark.journal.ForcePolicy;
import dev.tidemark.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsTest {

    @TempDir
    Path dataDir;

    private final List<String> problems = new ArrayList<>();

    @Test
    void noFileMeansDefaults() {
        assertThat(Settings.load(dataDir, p -> problems.add(p.message())).journal()).isEqualTo(Journal.Options.defaults());
        assertThat(problems).isEmpty();
    }

    @Test
    void theJournalForcePolicyIsASetting() throws Exception {
        Files.writeString(dataDir.resolve(Settings.FILE_NAME),
                "{\"journal\":{\"force\":\"always\",\"forceIntervalMillis\":250,\"segmentBytes\":65536}}");
        Journal.Options options = Settings.load(dataDir, p -> problems.add(p.message())).journal();
        assertThat(options.policy()).isEqualTo(ForcePolicy.ALWAYS);
        assertThat(options.forceInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.segmentBytes()).isEqualTo(65536);
        assertThat(problems).isEmpty();
    }

    @Test
    void badValuesAreReportedAndReplacedByDefaults() throws Exception {
        Files.writeString(dataDir.resolve(Settings.FILE_NAME),
                "{\"journal\":{\"force\":\"sometimes\",\"forceIntervalMillis\":0,\"segmentBytes\":1}}");
        assertThat(Settings.load(dataDir, p -> problems.add(p.message())).journal()).isEqualTo(Journal.Options.defaults());
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("always, interval or never").contains("sometimes");
    }

    @Test
    void anUnreadableFileIsReportedNotFatal() throws Exception {
        Files.writeString(dataDir.resolve(Settings.FILE_NAME), "{not json");
        assertThat(Settings.load(dataDir, p -> problems.add(p.message())).journal()).isEqualTo(Journal.Options.defaults());
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).contains("using the default settings"));
    }
}
