package dev.tidemark.tools;

import dev.tidemark.app.AppServices;
import dev.tidemark.app.MainWindow;
import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.chat.Reply;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Session;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.settings.Settings;
import dev.tidemark.settings.WireApi;
import dev.tidemark.testing.responses.ResponsesTestServer;
import dev.tidemark.ui.fx.FxExecutor;
import javafx.application.Platform;
import javafx.scene.image.WritableImage;
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
import static dev.tidemark.tools.Samples.toBuffered;
import static dev.tidemark.tools.Samples.waitFor;

/**
 * Takes the README's picture of a reply finished on the service ({@code docs/screenshot-reattach.png}):
 * a background reply of the Responses API (the scripted {@link ResponsesTestServer} on loopback) is
 * left when the app quits — its stream open in the journal — while the service goes on generating; the real window then opens on the same data directory, re-attaches it, and the
 * picture is taken while the reply, badged "Recovered · finishing…", grows. Needs a display (Xvfb):
 * {@code xvfb-run -s '-screen 0 1280x800x24' mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tidemark.tools.SampleReattach -Dexec.args=docs/screenshot-reattach.png}.
 */
public final class SampleReattach {

    private static final String ANSWER = "High water at the harbour mouth comes about **40 minutes** after high"
            + " water at the pier, because the flood has to fill the channel first.\n\n"
            + "For tomorrow that means:\n\n"
            + "- **Pier:** high water 08:14, 4.2 m\n"
            + "- **Harbour mouth:** about 08:55\n"
            + "- **Slack water** at the mouth lasts roughly 20 minutes either side of that\n\n"
            + "If you want to leave with the last of the flood under you, cast off around 08:30 and you will"
            + " reach the mouth as the stream eases. Leaving later than 09:20 puts you against the ebb, which"
            + " runs at up to 2 knots in the narrows on a spring tide like this one.";

    private SampleReattach() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/screenshot-reattach.png");
        Path dir = Files.createTempDirectory("tidemark-reattach");
        ResponsesTestServer server = ResponsesTestServer.start();
        List<String> pieces = List.of(ANSWER.split("(?<= )"));
        server.script(pieces, Duration.ofMillis(140));
        ExecutorService settingsWriter = Executors.newSingleThreadExecutor();
        ApiKeys keys = ApiKeys.with(Optional.empty(), dir, Map.of(), p -> { });
        ProviderSettings settings = ProviderSettings.of(dir, Settings.load(dir, p -> { }), keys, settingsWriter::execute);
        ProviderConfig openai = new ProviderConfig("openai-bg", "OpenAI", "custom", Protocol.OPENAI_COMPATIBLE,
                server.baseUrl(), AuthStyle.BEARER, null, "gpt-5", Map.of(), ProxyChoice.DIRECT, null,
                WireApi.RESPONSES, true);
        settings.update(List.of(openai), Map.of("openai-bg", "sk-sample"), Set.of()).get(10, TimeUnit.SECONDS);
        OkHttpClient http = new OkHttpClient();
        ProviderCatalog providers = new ProviderCatalog(http, Map.of(), Duration.ofMillis(2), settings);

        // the first run: the question goes out, part of the reply arrives, and the app quits
        Workspace first = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        ChatService chat = new ChatService(first.appender(), first.store(), Clock.systemUTC(), Ids::next);
        Session session = chat.createSession();
        Reply reply = chat.send(session.id(), "When is high water at the harbour mouth tomorrow, and when should"
                + " I leave?", providers.create("openai-bg", null), "gpt-5");
        waitFor(() -> reply.length() > ANSWER.length() / 4);
        chat.stopAll(); // the app quits: the run goes on at the service, its stream stays open in the journal
        first.store().flush().get(10, TimeUnit.SECONDS);
        first.close();

        // the next start: recovery carries the reply, the window re-attaches it
        Workspace workspace = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        ExecutorService background = Executors.newCachedThreadPool();
        Platform.startup(() -> { });
        FxExecutor fx = new FxExecutor();
        MainWindow window = onFx(() -> {
            AppServices services = new AppServices(workspace, providers, LocalServerDetector.defaults(http), fx,
                    background, Clock.systemUTC(), p -> { });
            return showWindow(services);
        });
        waitFor(() -> onFx(() -> window.conversation().shownIdProperty().get() != null));
        onFx(() -> {
            window.reattachRecovered();
            return null;
        });
        waitFor(() -> onFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).text().length() > ANSWER.length() * 2 / 3));
        Thread.sleep(400); // a picture, not a test: let the last frames settle
        WritableImage image = onFx(() -> window.scene().snapshot(null));
        ImageIO.write(toBuffered(image), "png", out.toFile());
        System.out.println("re-attach screenshot written to " + out.toAbsolutePath());
        workspace.close();
        settings.flush().get(10, TimeUnit.SECONDS);
        server.close();
        background.shutdownNow();
        settingsWriter.shutdown();
        Platform.exit();
        System.exit(0);
    }
}
