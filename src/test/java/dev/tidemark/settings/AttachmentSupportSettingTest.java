package dev.tidemark.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A provider's attachments setting in settings.json (ADR 10 §2): saved, read back, absent or unknown read as guess. */
class AttachmentSupportSettingTest {

    @TempDir
    Path dataDir;

    private final List<String> problems = new ArrayList<>();

    private static ProviderConfig local(AttachmentSupport choice) {
        return new ProviderConfig("box", "Box", "custom", Protocol.OPENAI_COMPATIBLE, "http://127.0.0.1:8080/v1",
                AuthStyle.NONE, null, "m", Map.of(), ProxyChoice.DIRECT, choice);
    }

    @Test
    void theChoiceIsSavedAndReadBack() throws Exception {
        Settings.load(dataDir, p -> problems.add(p.message()))
                .withProviders(List.of(local(AttachmentSupport.GUESS).withAttachments(AttachmentSupport.TEXT_ONLY)))
                .save(dataDir);
        String json = Files.readString(dataDir.resolve(Settings.FILE_NAME));
        assertThat(json).contains("\"attachments\" : \"text-only\"");

        List<ProviderConfig> read = Settings.load(dataDir, p -> problems.add(p.message())).providers();
        assertThat(read.get(0).attachments()).isEqualTo(AttachmentSupport.TEXT_ONLY);
    }

    @Test
    void theWithersKeepTheChoice() {
        ProviderConfig config = local(AttachmentSupport.IMAGES).withBaseUrl("http://127.0.0.1:1/v1").withModel("y")
                .withHeaders(Map.of("X-Title", "t"));
        assertThat(config.attachments()).isEqualTo(AttachmentSupport.IMAGES);
    }

    @Test
    void olderSettingsWithoutItReadAsGuessAndAnUnknownValueIsReportedAndGuessed() throws Exception {
        Files.writeString(dataDir.resolve(Settings.FILE_NAME), "{\"schemaVersion\": 2, \"providers\": ["
                + "{\"id\": \"old\", \"preset\": \"custom\", \"protocol\": \"openai-compatible\","
                + " \"baseUrl\": \"http://127.0.0.1:1/v1\", \"auth\": \"none\"},"
                + "{\"id\": \"odd\", \"preset\": \"custom\", \"protocol\": \"openai-compatible\","
                + " \"baseUrl\": \"http://127.0.0.1:2/v1\", \"auth\": \"none\", \"attachments\": \"everything\"}]}");

        List<ProviderConfig> read = Settings.load(dataDir, p -> problems.add(p.message())).providers();

        assertThat(read).extracting(ProviderConfig::id).containsExactly("old", "odd");
        assertThat(read).extracting(ProviderConfig::attachments)
                .containsExactly(AttachmentSupport.GUESS, AttachmentSupport.GUESS);
        assertThat(problems).singleElement().asString().contains("odd").contains("attachments")
                .contains("guess, images-and-pdf, images, text-only");
    }

    @Test
    void guessIsNotWrittenSoOlderFilesStayAsTheyWere() throws Exception {
        Settings.load(dataDir, p -> { }).withProviders(List.of(local(AttachmentSupport.GUESS))).save(dataDir);
        assertThat(Files.readString(dataDir.resolve(Settings.FILE_NAME))).doesNotContain("attachments");
    }
}
