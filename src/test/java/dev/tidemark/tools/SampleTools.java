package dev.tidemark.tools;

import dev.tidemark.app.AppServices;
import dev.tidemark.app.MainWindow;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.chat.ToolHost;
import dev.tidemark.chat.ToolPolicy;
import dev.tidemark.journal.Journal;
import dev.tidemark.mcp.McpServers;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.McpServerConfig;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.Settings;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.testing.mcp.TestMcpServer;
import dev.tidemark.ui.chat.MessageItem;
import dev.tidemark.ui.fx.FxExecutor;
import javafx.application.Platform;
import javafx.scene.image.WritableImage;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 * Takes the README's picture of tools ({@code docs/screenshot-tools.png}): the real window on a
 * throw-away data directory, the test MCP server (as a child process, through {@link McpServers})
 * named "harbour", and a model service on loopback that calls its tools. One call was allowed and
 * ran (its result card); the next waits for approval, its card showing. {@code -Dsample.theme=dark}
 * takes it in the dark theme. Needs a display (Xvfb): {@code xvfb-run -s '-screen 0 1280x800x24'
 * mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.tools.SampleTools
 * -Dexec.args=docs/screenshot-tools.png}.
 */
public final class SampleTools {

    private SampleTools() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/screenshot-tools.png");
        Path dir = Files.createTempDirectory("tidemark-tools");
        List<String> command = serverCommand();
        McpServers servers = new McpServers(List.of(McpServerConfig.stdio("harbour", command.get(0),
                command.subList(1, command.size()), Map.of(), null)), null);
        servers.ready().get(60, TimeUnit.SECONDS);
        MockWebServer server = new MockWebServer();
        server.enqueue(toolCall("I'll add them up.", "call_1", wire(servers, "add"), "{\"a\":12.5,\"b\":9}"));
        server.enqueue(SlowSseBody.openAi(words("Together the bow and stern lines are **21.5 m**, so the 25 m coil"
                + " is enough for both, with 3.5 m to spare."), Duration.ZERO).response());
        server.enqueue(toolCall("I'll append today's high water to your harbour log:", "call_2",
                wire(servers, "append"), "{\"path\":\"harbour-log.md\",\"line\":\"7 Dec: high water 08:14,"
                        + " 4.2 m; low water 14:27\"}"));
        server.start();
        ExecutorService background = Executors.newCachedThreadPool();
        ExecutorService settingsWriter = Executors.newSingleThreadExecutor();
        Workspace workspace = Workspace.open(dir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        ApiKeys keys = ApiKeys.with(Optional.empty(), dir, Map.of(), p -> { });
        ProviderSettings settings = ProviderSettings.of(dir, Settings.load(dir, p -> { }), keys, settingsWriter::execute);
        settings.update(List.of(provider("openai-box", "OpenAI", "gpt-4o", server)),
                Map.of("openai-box", "sk-sample"), Set.of()).get(10, TimeUnit.SECONDS);
        OkHttpClient http = new OkHttpClient();
        ProviderCatalog providers = new ProviderCatalog(http, Map.of(), Duration.ofMillis(2), settings);

        Platform.startup(() -> { });
        FxExecutor fx = new FxExecutor();
        MainWindow window = onFx(() -> {
            AppServices services = new AppServices(workspace, providers, LocalServerDetector.defaults(http), fx,
                    background, Clock.systemUTC(), p -> { });
            services.chat().tools().use(servers, services.chat().tools().policy());
            MainWindow w = showWindow(services);
            w.conversation().tools().configuredServersProperty().set(1);
            return w;
        });
        waitFor(() -> onFx(() -> window.conversation().shownIdProperty().get() != null));
        onFx(() -> {
            window.conversation().providerIdProperty().set("openai-box");
            window.conversation().modelProperty().set("gpt-4o");
            window.conversation().composerTextProperty().set("My bow line is 12.5 m and the stern line 9 m."
                    + " Is one 25 m coil enough for both?");
            window.conversation().send();
            return null;
        });
        waitFor(() -> onFx(() -> waiting(window) != null));
        onFx(() -> {
            MessageItem reply = waiting(window);
            window.conversation().tools().decide(reply, reply.toolCalls().get(0), ToolPolicy.Decision.ALLOW_ONCE);
            return null;
        });
        waitFor(() -> onFx(() -> window.conversation().messages().size() == 3
                && window.conversation().messages().get(2).status() == MessageStatus.COMPLETE));
        onFx(() -> {
            window.conversation().composerTextProperty().set("Thanks. Add today's high water to my harbour log.");
            window.conversation().send();
            return null;
        });
        waitFor(() -> onFx(() -> window.conversation().messages().size() == 5 && waiting(window) != null));
        onFx(() -> {
            window.conversation().composerTextProperty().set("");
            return null;
        });
        Thread.sleep(1_500); // a picture, not a test: let the last frames settle
        WritableImage image = onFx(() -> window.scene().snapshot(null));
        ImageIO.write(toBuffered(image), "png", out.toFile());
        System.out.println("tools screenshot written to " + out.toAbsolutePath());
        onFx(() -> window.services().chat().tools().stop(window.conversation().sessionIdProperty().get()));
        workspace.close();
        settings.flush().get(10, TimeUnit.SECONDS);
        servers.close();
        server.close();
        background.shutdownNow();
        settingsWriter.shutdown();
        Platform.exit();
        System.exit(0);
    }

    /**
     * The test server's command line. Under {@code exec:java} the class path is Maven's own, and
     * the sample's classes come from the context class loader: the child JVM is given those.
     */
    private static List<String> serverCommand() {
        List<String> command = new ArrayList<>(TestMcpServer.command());
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader loader) {
            List<String> paths = new ArrayList<>();
            for (java.net.URL url : loader.getURLs()) {
                try {
                    paths.add(Path.of(url.toURI()).toString());
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            command.set(command.indexOf("-cp") + 1, String.join(java.io.File.pathSeparator, paths));
        }
        return command;
    }

    /** The reply whose call waits for approval, or null. */
    private static MessageItem waiting(MainWindow window) {
        return window.conversation().messages().stream()
                .filter(m -> m.toolCalls().stream().anyMatch(c -> c.state() == ToolCallState.REQUESTED))
                .findFirst().orElse(null);
    }

    private static String wire(McpServers servers, String tool) {
        return servers.offered().stream().filter(t -> t.tool().equals(tool)).map(ToolHost.OfferedTool::wireName)
                .findFirst().orElseThrow();
    }

    /** An OpenAI stream: some words, then one call of {@code name}, ending with finish reason tool_calls. */
    private static MockResponse toolCall(String text, String id, String name, String arguments) {
        List<String> events = new ArrayList<>();
        for (String w : words(text)) {
            events.add("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                    + com.fasterxml.jackson.databind.node.TextNode.valueOf(w) + "},\"finish_reason\":null}]}\n\n");
        }
        events.add("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
                + "[{\"index\":0,\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name
                + "\",\"arguments\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(arguments) + "}}]},"
                + "\"finish_reason\":null}]}\n\n");
        events.add("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"tool_calls\"}]}\n\n");
        events.add("data: [DONE]\n\n");
        return new SlowSseBody(events, events.stream().map(e -> "").toList(), Duration.ZERO, false).response();
    }
}
