package dev.tidemark.tools;

import dev.tidemark.app.AppServices;
import dev.tidemark.app.MainWindow;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.Settings;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.ui.chat.MessageItem;
import dev.tidemark.ui.fx.FxExecutor;
import javafx.application.Platform;
import javafx.scene.image.WritableImage;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.tools.Samples.onFx;
import static dev.tidemark.tools.Samples.showWindow;
import static dev.tidemark.tools.Samples.provider;
import static dev.tidemark.tools.Samples.toBuffered;
import static dev.tidemark.tools.Samples.waitFor;
import static dev.tidemark.tools.Samples.words;

/**
 * Takes the README's picture of several models at once ({@code docs/screenshot-compare.png}): the
 * real window on a throw-away data directory, one question sent to three models (three model
 * services on loopback, streaming at different speeds), caught while the fast one has finished and
 * the two others still stream side by side. Needs a display (Xvfb):
 * {@code xvfb-run -s '-screen 0 1280x800x24' mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tidemark.tools.SampleCompare -Dexec.args=docs/screenshot-compare.png}.
 */
public final class SampleCompare {

    private static final String QUESTION = "What should I name a small wooden sailing boat?";

    private SampleCompare() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/screenshot-compare.png");
        Path dir = Files.createTempDirectory("tidemark-compare");
        MockWebServer[] servers = {new MockWebServer(), new MockWebServer(), new MockWebServer()};
        SlowSseBody slow = SlowSseBody.openAi(words("**Slack Water** — the quiet moment between two tides, which is"
                + " when a small wooden boat is happiest to leave the harbour. It is short, easy to shout"
                + " across a quay, and it tells"), Duration.ofMillis(30)).holdBefore(19);
        SlowSseBody medium = SlowSseBody.openAi(words("A few ideas, all short enough for the transom:\n\n- **Tern** —"
                + " small, quick, at home over the water\n- **Driftwood** — it is made of wood\n- **Oakum** —"
                + " the fibre that keeps a hull"), Duration.ofMillis(20)).holdBefore(26);
        SlowSseBody fast = SlowSseBody.openAi(words("**Curlew**. A shore bird with a long, curved bill: it"
                + " wades at the water's edge, which is where a small boat spends its days.\n\nIf you"
                + " want something plainer, *Neap* (the smallest tide) is a good second choice."), Duration.ZERO);
        servers[0].enqueue(slow.response());
        servers[1].enqueue(medium.response());
        servers[2].enqueue(fast.response());
        for (MockWebServer s : servers) {
            s.start();
        }
        ExecutorService background = Executors.newCachedThreadPool();
        ExecutorService settingsWriter = Executors.newSingleThreadExecutor();
        Workspace workspace = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        ApiKeys keys = ApiKeys.with(Optional.empty(), dir, Map.of(), p -> { });
        ProviderSettings settings = ProviderSettings.of(dir, Settings.load(dir, p -> { }), keys, settingsWriter::execute);
        settings.update(List.of(provider("anthropic-box", "Claude (Anthropic)", "claude-sonnet-4-5", servers[0]),
                        provider("openai-box", "OpenAI", "gpt-4o", servers[1]),
                        provider("local", "Ollama (this machine)", "qwen3:8b", servers[2])),
                Map.of("anthropic-box", "sk-sample-1", "openai-box", "sk-sample-2", "local", "sk-sample-3"), Set.of())
                .get(10, TimeUnit.SECONDS);
        OkHttpClient http = new OkHttpClient();
        ProviderCatalog providers = new ProviderCatalog(http, Map.of(), Duration.ofMillis(2), settings);

        Platform.startup(() -> { });
        FxExecutor fx = new FxExecutor();
        MainWindow window = onFx(() -> {
            AppServices services = new AppServices(workspace, providers, LocalServerDetector.defaults(http), fx,
                    background, Clock.systemUTC(), p -> { });
            return showWindow(services);
        });
        waitFor(() -> onFx(() -> window.conversation().shownIdProperty().get() != null));
        onFx(() -> {
            window.conversation().providerIdProperty().set("anthropic-box");
            window.conversation().compared().add("openai-box");
            window.conversation().compared().add("local");
            window.conversation().composerTextProperty().set(QUESTION);
            window.conversation().send();
            return null;
        });
        // the fast one done, the others caught mid-stream (held there), side by side
        waitFor(() -> onFx(() -> {
            List<MessageItem> replies = window.conversation().messages().stream().filter(MessageItem::isComparedTurn)
                    .flatMap(t -> t.comparedReplies().stream()).toList();
            return replies.size() == 3 && replies.get(2).status() == MessageStatus.COMPLETE
                    && slow.sentCount() >= 19 && medium.sentCount() >= 26;
        }));
        Thread.sleep(1_500); // a picture, not a test: let the last frames settle
        WritableImage image = onFx(() -> window.scene().snapshot(null));
        ImageIO.write(toBuffered(image), "png", out.toFile());
        System.out.println("side-by-side screenshot written to " + out.toAbsolutePath());
        slow.release();
        medium.release();
        onFx(() -> {
            window.services().chat().stopAll();
            return null;
        });
        workspace.close();
        settings.flush().get(10, TimeUnit.SECONDS);
        for (MockWebServer s : servers) {
            s.close();
        }
        background.shutdownNow();
        settingsWriter.shutdown();
        Platform.exit();
        System.exit(0);
    }
}
