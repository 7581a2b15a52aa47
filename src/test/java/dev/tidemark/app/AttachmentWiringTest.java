package dev.tidemark.app;

import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.chat.ProviderTraits;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Attachment;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.AttachmentSupport;
import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.settings.Settings;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The app hands its chat service the attachments of ADR 10, with each provider's traits from the catalog. */
class AttachmentWiringTest {

    @TempDir
    Path dataDir;

    private Workspace workspace;

    @AfterEach
    void tearDown() throws Exception {
        if (workspace != null) {
            workspace.close();
        }
    }

    private Attachment photo() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png);
        return new AttachmentStore(dataDir).store(png.toByteArray(), "photo.png");
    }

    @Test
    void theAppsChatServiceKnowsWhatModelsTakeByTheProvidersProtocolAndSetting() throws Exception {
        Map<String, String> env = Map.of("ANTHROPIC_API_KEY", "sk-ant-test");
        ProviderSettings settings = ProviderSettings.of(dataDir, Settings.defaults(),
                ApiKeys.with(Optional.empty(), dataDir, env, p -> { }), Runnable::run);
        settings.update(List.of(new ProviderConfig("box", "Box", "custom", Protocol.OPENAI_COMPATIBLE,
                "http://127.0.0.1:9/v1", AuthStyle.NONE, null, "llava", Map.of(), ProxyChoice.DIRECT,
                AttachmentSupport.TEXT_ONLY)), Map.of(), Set.of()).get();
        ProviderCatalog catalog = new ProviderCatalog(new OkHttpClient(), env, Duration.ofMillis(1), settings);
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        AppServices services = new AppServices(workspace, catalog, Runnable::run, Clock.systemUTC());
        Attachment photo = photo();

        ChatProvider anthropic = catalog.create("anthropic", null);
        assertThat(catalog.traits(anthropic).protocol()).isEqualTo(Protocol.ANTHROPIC);
        assertThat(services.chat().refusal(anthropic, "claude-2.1", List.of(photo)))
                .contains("claude-2.1 does not take images (photo.png). Send the text only, or choose a model that does.");
        assertThat(services.chat().refusal(anthropic, "claude-sonnet-4-5", List.of(photo))).isEmpty();

        ChatProvider box = catalog.create("box", null);
        assertThat(catalog.traits(box)).isEqualTo(new ProviderTraits(Protocol.OPENAI_COMPATIBLE, "127.0.0.1",
                "custom", AttachmentSupport.TEXT_ONLY));
        assertThat(services.chat().refusal(box, "llava", List.of(photo))).as("the setting wins over the name")
                .isPresent();

        // the setting changed in Settings holds for a provider already built
        settings.update(List.of(settings.find("box").orElseThrow().withAttachments(AttachmentSupport.IMAGES)),
                Map.of(), Set.of()).get();
        assertThat(services.chat().refusal(box, "llava", List.of(photo))).isEmpty();
    }
}
