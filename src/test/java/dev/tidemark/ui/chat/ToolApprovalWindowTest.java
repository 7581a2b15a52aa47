package dev.tidemark.ui.chat;

import dev.tidemark.app.MainWindow;
import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ToolHost;
import dev.tidemark.chat.ToolLoop;
import dev.tidemark.mcp.McpServers;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.testing.mcp.TestMcpServer;
import dev.tidemark.ui.WindowExtension;
import dev.tidemark.ui.WindowHarness;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool calls end to end in the real window (headless): a model on loopback (MockWebServer) that
 * calls tools, the real test MCP server configured in settings.json and run as a child process
 * by the app's {@link McpServers}, the real tool loop; the person answers through the cards.
 */
@ExtendWith(WindowExtension.class)
class ToolApprovalWindowTest {

    private final MockWebServer model = new MockWebServer();
    private final List<ToolCall> changes = new CopyOnWriteArrayList<>();
    private WindowHarness harness;
    private MainWindow window;
    private McpServers servers;

    @AfterEach
    void tearDown() {
        if (window != null) {
            window.services().chat().tools().stop(sessionId());
        }
        if (window != null) {
            window.services().closeTools();
        }
        model.close();
    }

    @Test
    void theApprovalCardShowsServerToolAndPrettyArgumentsAndAllowOnceRunsIt(FxRobot robot) throws Exception {
        open(robot);
        model.enqueue(toolCall("call_1", wireName("echo"), "{\"text\":\"hello from the model\"}"));
        model.enqueue(SlowSseBody.openAi(List.of("The tool said hello."), Duration.ZERO).response());
        ask(robot, "Please echo something.");

        VBox card = card(robot, "tests · echo", "Waiting for you");
        assertThat(texts(card, ChatStyles.TOOL_ARGUMENTS)).containsExactly("{\n  \"text\" : \"hello from the model\"\n}");
        assertThat(model.takeRequest(20, TimeUnit.SECONDS).getBody().utf8()).contains(wireName("echo"));

        robot.clickOn(button(card, ChatStyles.TOOL_ALLOW_ONCE));

        VBox done = card(robot, "tests · echo", "Done");
        untilFx(() -> texts(done, ChatStyles.TOOL_RESULT_TEXT).equals(List.of("hello from the model")));
        RecordedRequest followUp = model.takeRequest(20, TimeUnit.SECONDS);
        assertThat(followUp).as("the model is asked again, with the result").isNotNull();
        assertThat(followUp.getBody().utf8()).contains("hello from the model").contains("call_1");
        untilFx(() -> last().text().equals("The tool said hello.") && last().status() == MessageStatus.COMPLETE);
    }

    @Test
    void alwaysAllowIsRememberedSoTheNextCallOfThatToolRunsWithoutAsking(FxRobot robot) throws Exception {
        open(robot);
        model.enqueue(toolCall("call_1", wireName("add"), "{\"a\":2,\"b\":3}"));
        model.enqueue(toolCall("call_2", wireName("add"), "{\"a\":5,\"b\":8}"));
        model.enqueue(SlowSseBody.openAi(List.of("5, then 13."), Duration.ZERO).response());
        ask(robot, "Add twice.");

        VBox card = card(robot, "tests · add", "Waiting for you");
        robot.clickOn(button(card, ChatStyles.TOOL_ALWAYS_ALLOW));

        untilFx(() -> last().text().equals("5, then 13.") && last().status() == MessageStatus.COMPLETE);
        // the second call never waited for the person: it went from requested (at most) to running, and ran
        List<ToolCallState> second = changes.stream().filter(c -> c.id().equals("call_2")).map(ToolCall::state).toList();
        assertThat(second).contains(ToolCallState.DONE).doesNotContain(ToolCallState.DENIED);
        assertThat(window.services().chat().tools().policy().decide(new ToolCall("x", "add", "{}")
                .requested("tests", "add"))).isPresent();
        assertThat(window.services().toolSettings().isAlwaysAllowed("tests", "add")).as("kept in the settings").isTrue();
        assertThat(model.takeRequest(20, TimeUnit.SECONDS)).isNotNull();
        assertThat(model.takeRequest(20, TimeUnit.SECONDS)).as("the first result sent").isNotNull();
        assertThat(model.takeRequest(20, TimeUnit.SECONDS)).as("the second result sent, nobody asked").isNotNull();
    }

    @Test
    void aRunningToolShowsItsProgressAndCancelEndsItWithAnErrorAndTheLoopGoesOn(FxRobot robot) throws Exception {
        open(robot);
        model.enqueue(toolCall("call_1", wireName("slow"), "{\"millis\":30000}"));
        model.enqueue(SlowSseBody.openAi(List.of("It was cancelled."), Duration.ZERO).response());
        ask(robot, "Take your time.");
        robot.clickOn(button(card(robot, "tests · slow", "Waiting for you"), ChatStyles.TOOL_ALWAYS_ALLOW));

        VBox running = card(robot, "tests · slow", "Running");
        ProgressBar bar = robot.from(running).lookup("." + ChatStyles.TOOL_PROGRESS).queryAs(ProgressBar.class);
        untilFx(() -> bar.getProgress() > 0 && bar.getProgress() <= 1); // the server's progress, out of 10
        assertThat(robot.from(running).lookup(".label").queryAllAs(Label.class).stream().map(Label::getText))
                .anyMatch(t -> t.startsWith("step "));

        robot.clickOn(button(running, ChatStyles.TOOL_CANCEL));

        VBox cancelled = card(robot, "tests · slow", "Error");
        untilFx(() -> texts(cancelled, ChatStyles.TOOL_RESULT_TEXT).equals(List.of(ToolLoop.CANCELLED_RESULT)));
        untilFx(() -> last().text().equals("It was cancelled.") && last().status() == MessageStatus.COMPLETE);
        model.takeRequest(20, TimeUnit.SECONDS);
        assertThat(model.takeRequest(20, TimeUnit.SECONDS).getBody().utf8()).contains("cancelled");
    }

    @Test
    void anInterruptedCallShowsAmberAndRetryRunsItOnce(FxRobot robot) throws Exception {
        open(robot);
        Path file = Files.createTempFile(harness.dataDir.getParent(), "appended", ".txt");
        String arguments = "{\"path\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(file.toString())
                + ",\"line\":\"once\"}";
        // what recovery makes of a call that started and never finished before Tidemark stopped
        ToolCall interrupted = new ToolCall("call_9", wireName("append"), arguments).requested("tests", "append")
                .with(ToolCallState.INTERRUPTED, null);
        String id = seed(interrupted);
        model.enqueue(SlowSseBody.openAi(List.of("Appended."), Duration.ZERO).response());
        robot.interact(() -> window.conversation().showSession(id));

        VBox card = card(robot, "tests · append", "Interrupted — it may have run");
        assertThat(card.getPseudoClassStates()).contains(ChatStyles.TOOL_INTERRUPTED);
        assertThat(texts(card, ChatStyles.TOOL_ARGUMENTS).get(0)).contains("\"line\" : \"once\"");
        assertThat(Files.readAllLines(file)).as("never run again by itself").isEmpty();

        robot.clickOn(button(card, ChatStyles.TOOL_RETRY));

        card(robot, "tests · append", "Done");
        untilFx(() -> last().text().equals("Appended.") && last().status() == MessageStatus.COMPLETE);
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly("once");
    }

    @Test
    void aReplyWhoseCallsFinishedBeforeTidemarkStoppedOffersContinueWhichSendsTheResultsAndRunsNothing(FxRobot robot)
            throws Exception {
        open(robot);
        Path file = Files.createTempFile(harness.dataDir.getParent(), "appended", ".txt");
        String arguments = "{\"path\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(file.toString())
                + ",\"line\":\"once\"}";
        // what recovery makes of a step whose call finished before Tidemark stopped, the next request never sent
        ToolCall done = new ToolCall("call_7", wireName("append"), arguments).requested("tests", "append")
                .with(ToolCallState.DONE, dev.tidemark.model.ToolResult.text("appended \"once\""));
        String id = seed(done);
        model.enqueue(SlowSseBody.openAi(List.of("It is in the file."), Duration.ZERO).response());
        robot.interact(() -> window.conversation().showSession(id));
        card(robot, "tests · append", "Done");

        Button continueButton = untilShown(robot, ChatStyles.ACTION_CONTINUE);
        robot.clickOn(continueButton);

        untilFx(() -> last().text().equals("It is in the file.") && last().status() == MessageStatus.COMPLETE);
        assertThat(model.takeRequest(20, TimeUnit.SECONDS).getBody().utf8()).contains("appended \\\"once\\\"");
        assertThat(Files.readAllLines(file)).as("nothing run again").isEmpty();
    }

    // ---- helpers

    /** A chat whose reply made this call, as recovery leaves it, put in the store; its id. */
    private String seed(ToolCall call) {
        Instant at = Instant.now();
        String id = window.services().chat().createSession().id();
        Message question = Message.user("q-" + id, "Append a line.", at);
        Message reply = new Message("r-" + id, Role.ASSISTANT, "", MessageStatus.COMPLETE, at, "gpt-test", null, "",
                List.of(call), false, ReplyStats.NONE, question.id());
        harness.workspace.store().update(id, s -> new Session(s.id(), s.title(), s.createdAt(), at,
                List.of(question, reply)));
        return id;
    }

    private static Button untilShown(FxRobot robot, String styleClass) {
        Button[] found = new Button[1];
        untilFx(() -> {
            found[0] = robot.lookup("." + styleClass).queryAllAs(Button.class).stream()
                    .filter(b -> b.isVisible() && b.getScene() != null && b.getParent() != null
                            && b.getParent().getChildrenUnmodifiable().contains(b) && isShowing(b))
                    .findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static boolean isShowing(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    /** Opens the window with the test MCP server configured in settings.json as "tests", and waits for it. */
    private void open(FxRobot robot) throws Exception {
        model.start();
        List<String> command = TestMcpServer.command();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var entry = json.createObjectNode().put("command", command.get(0));
        command.subList(1, command.size()).forEach(entry.putArray("args")::add);
        var root = json.createObjectNode();
        root.putObject("mcpServers").set("tests", entry);
        Files.writeString(harness.dataDir.resolve("settings.json"), json.writeValueAsString(root));
        harness.env = Map.of("OPENAI_BASE_URL", model.url("/v1").toString(), "OPENAI_API_KEY", "sk-test-tools");
        harness.beforeShow = w -> {
            w.conversation().providerIdProperty().set("openai");
            w.conversation().modelProperty().set("gpt-test");
            w.services().chat().addListener(new ChatService.Listener() {
                @Override
                public void toolCallChanged(String session, String messageId, ToolCall call) {
                    changes.add(call);
                }
            });
        };
        window = harness.open(robot);
        servers = window.services().toolServers();
        servers.ready().get(60, TimeUnit.SECONDS);
        assertThat(window.conversation().tools().configuredServersProperty().get()).isEqualTo(1);
    }

    private String wireName(String tool) {
        return servers.offered().stream().filter(t -> t.tool().equals(tool)).map(ToolHost.OfferedTool::wireName)
                .findFirst().orElseThrow(() -> new AssertionError("the test server offers no " + tool));
    }

    /** An OpenAI stream whose reply is one call of {@code name}, ending with finish reason tool_calls. */
    private static mockwebserver3.MockResponse toolCall(String id, String name, String arguments) {
        String args = com.fasterxml.jackson.databind.node.TextNode.valueOf(arguments).toString();
        List<String> events = List.of(
                "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                        + "\"tool_calls\":[{\"index\":0,\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\""
                        + name + "\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n",
                "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"function\":{\"arguments\":" + args + "}}]},\"finish_reason\":null}]}\n\n",
                "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                        + "\"finish_reason\":\"tool_calls\"}]}\n\n",
                "data: [DONE]\n\n");
        return new SlowSseBody(events, List.of("", "", "", ""), Duration.ZERO, false).response();
    }

    private void ask(FxRobot robot, String text) {
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write(text).type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() >= 2);
    }

    private String sessionId() {
        return window.conversation().sessionIdProperty().get();
    }

    private MessageItem last() {
        List<MessageItem> items = window.conversation().messages();
        return items.get(items.size() - 1);
    }

    /** Waits for the card of this call in this state (its chip), and returns it. */
    private static VBox card(FxRobot robot, String title, String chip) {
        VBox[] found = new VBox[1];
        untilFx(() -> {
            found[0] = robot.lookup("." + ChatStyles.TOOL_CARD).queryAllAs(VBox.class).stream()
                    .filter(c -> c.getScene() != null && c.getParent() != null && c.getParent().isVisible())
                    .filter(c -> c.lookupAll("." + ChatStyles.TOOL_NAME).stream()
                            .anyMatch(l -> title.equals(((Label) l).getText())))
                    .filter(c -> chip.equals(((Label) c.lookup("." + ChatStyles.TOOL_STATE)).getText()))
                    .reduce((a, b) -> b).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static Button button(VBox card, String styleClass) {
        return (Button) card.lookup("." + styleClass);
    }

    private static List<String> texts(VBox card, String styleClass) {
        return card.getChildren().stream().filter(n -> n.getStyleClass().contains(styleClass))
                .map(n -> ((Label) n).getText()).toList();
    }
}
