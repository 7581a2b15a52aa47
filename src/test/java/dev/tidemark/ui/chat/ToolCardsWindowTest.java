package dev.tidemark.ui.chat;

import dev.tidemark.app.MainWindow;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import dev.tidemark.ui.WindowExtension;
import dev.tidemark.ui.WindowHarness;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tool cards in the real window (headless), for a reply whose calls stand in each state, as
 * the store holds them; and the composer's per-chat tools switch. The tool loop behind the buttons
 * is driven end to end in ToolApprovalWindowTest.
 */
@ExtendWith(WindowExtension.class)
class ToolCardsWindowTest {

    private static final String ARGUMENTS = "{\"text\":\"hello\",\"times\":[1,2]}";

    private WindowHarness harness;
    private MainWindow window;

    @Test
    void eachStateOfACallHasItsCardAfterTheRepliesText(FxRobot robot) throws Exception {
        String longResult = IntStream.rangeClosed(1, 20).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        List<ToolCall> calls = List.of(
                call("c1", "echo", ARGUMENTS, ToolCallState.REQUESTED, null),
                call("c2", "slow", "{}", ToolCallState.RUNNING, null),
                call("c3", "add", "{\"a\":1}", ToolCallState.DONE, ToolResult.text(longResult)),
                call("c4", "fail", "{}", ToolCallState.ERROR, ToolResult.failure("The tool failed: boom")),
                call("c5", "append", "{}", ToolCallState.DENIED, ToolResult.failure("denied")),
                call("c6", "picture", "{}", ToolCallState.INTERRUPTED, null));
        open(robot);
        show(robot, calls, "Let me use the tools.");

        untilFx(() -> cards(robot).size() == 6);
        // the REQUESTED card: server · tool, its arguments as pretty JSON, and the three answers
        VBox requested = card(robot, "tests · echo");
        assertThat(chip(requested)).isEqualTo("Waiting for you");
        assertThat(texts(requested, ChatStyles.TOOL_ARGUMENTS)).containsExactly(
                "{\n  \"text\" : \"hello\",\n  \"times\" : [ 1, 2 ]\n}");
        assertThat(buttons(requested)).containsExactly("Allow once", "Always allow this tool", "Deny");
        assertThat(requested.getPseudoClassStates()).contains(ToolCallCard.WAITING);
        // RUNNING: an indeterminate bar until the server says how far, and Cancel
        VBox running = card(robot, "tests · slow");
        assertThat(robot.from(running).lookup("." + ChatStyles.TOOL_PROGRESS).queryAs(ProgressBar.class).getProgress())
                .isEqualTo(ProgressBar.INDETERMINATE_PROGRESS);
        assertThat(buttons(running)).containsExactly("Cancel");
        // DONE with a long result: folded, saying how long; opened with its toggle (by keyboard too)
        VBox done = card(robot, "tests · add");
        assertThat(texts(done, ChatStyles.TOOL_RESULT_TEXT)).isEmpty();
        assertThat(toggles(done)).containsExactly("\u25B8 Arguments", "\u25B8 Result · 20 lines");
        Button resultToggle = toggle(done, "Result");
        robot.interact(resultToggle::requestFocus);
        robot.type(javafx.scene.input.KeyCode.SPACE);
        untilFx(() -> texts(done, ChatStyles.TOOL_RESULT_TEXT).equals(List.of(longResult)));
        // ERROR: the result styled as an error
        VBox error = card(robot, "tests · fail");
        assertThat(error.getPseudoClassStates()).contains(ToolCallCard.ERROR);
        Label errorText = robot.from(error).lookup("." + ChatStyles.TOOL_RESULT_TEXT).queryAs(Label.class);
        assertThat(errorText.getText()).isEqualTo("The tool failed: boom");
        assertThat(errorText.getStyleClass()).contains(ChatStyles.TOOL_RESULT_ERROR);
        // DENIED: says so, nothing to press
        VBox denied = card(robot, "tests · append");
        assertThat(chip(denied)).isEqualTo("Denied");
        assertThat(buttons(denied)).isEmpty();
        // INTERRUPTED: amber, it may have run, the arguments, Retry and Tell the model it failed
        VBox interrupted = card(robot, "tests · picture");
        assertThat(chip(interrupted)).isEqualTo("Interrupted — it may have run");
        assertThat(interrupted.getPseudoClassStates()).contains(ToolCallCard.INTERRUPTED);
        assertThat(texts(interrupted, ChatStyles.TOOL_ARGUMENTS)).containsExactly("{ }");
        assertThat(buttons(interrupted)).containsExactly("Retry", "Tell the model it failed");
        // after the reply's text, in the same card
        VBox list = (VBox) requested.getParent();
        List<Node> message = list.getParent().getChildrenUnmodifiable();
        Node body = message.stream().filter(n -> n instanceof javafx.scene.layout.StackPane).findFirst().orElseThrow();
        assertThat(message.indexOf(list)).isEqualTo(message.indexOf(body) + 1);
    }

    @Test
    void callsAMessageWasSentPastOfferNoDecisions(FxRobot robot) throws Exception {
        open(robot);
        show(robot, List.of(call("c1", "append", "{\"line\":\"x\"}", ToolCallState.REQUESTED, null),
                call("c2", "slow", "{}", ToolCallState.INTERRUPTED, null)), "Let me do that.", true);
        untilFx(() -> cards(robot).size() == 2);
        VBox waited = card(robot, "tests · append");
        VBox interrupted = card(robot, "tests · slow");
        assertThat(chip(waited)).isEqualTo(ToolCallCard.NOT_RUN);
        assertThat(chip(interrupted)).isEqualTo("Interrupted — it may have run");
        assertThat(waited.lookupAll("." + ChatStyles.TOOL_BUTTON)).isEmpty();
        assertThat(interrupted.lookupAll("." + ChatStyles.TOOL_BUTTON)).isEmpty();
    }

    @Test
    void aCallTheLoopDidNotRunLooksAsItAlwaysDid(FxRobot robot) throws Exception {
        open(robot);
        show(robot, List.of(new ToolCall("x1", "get_weather", "{\"city\":\"Oslo\"}")), "");
        untilFx(() -> !robot.lookup("." + ChatStyles.TOOL_CALL).queryAll().isEmpty());
        Node shownOnly = robot.lookup("." + ChatStyles.TOOL_CALL).query();
        assertThat(robot.from(shownOnly).lookup(".label").queryAllAs(Label.class).stream().map(Label::getText)
                .toList()).containsExactly("get_weather", "{\"city\":\"Oslo\"}");
        assertThat(robot.lookup("." + ChatStyles.TOOL_CARD).queryAll()).isEmpty();
        assertThat(robot.lookup("." + ChatStyles.TOOL_BUTTON).queryAll()).isEmpty();
    }

    @Test
    void theToolsSwitchShowsOnceAServerIsConfiguredAndKeepsEachChatsChoice(FxRobot robot) throws Exception {
        open(robot);
        String first = window.services().chat().createSession().id();
        String second = window.services().chat().createSession().id();
        robot.interact(() -> window.conversation().showSession(first));
        untilFx(() -> first.equals(window.conversation().shownIdProperty().get()));
        ToggleButton toggle = robot.lookup("#" + ConversationView.TOOLS_SWITCH_ID).queryAs(ToggleButton.class);
        assertThat(toggle.isVisible()).as("no MCP server configured").isFalse();

        robot.interact(() -> window.conversation().tools().configuredServersProperty().set(1));
        untilFx(toggle::isVisible);
        assertThat(toggle.isSelected()).isTrue();
        assertThat(window.conversation().tools().describe()).startsWith("Tools: on");

        robot.clickOn(toggle);
        untilFx(() -> !window.services().chat().store().get(first).orElseThrow().settings().toolsOn());
        assertThat(toggle.isSelected()).isFalse();
        assertThat(window.conversation().tools().describe()).isEqualTo("Tools: off for this chat");
        // the chat settings form has no tools switch: applying it keeps the chat's choice
        untilFx(() -> first.equals(window.chatSettings().sessionIdProperty().get()));
        robot.interact(() -> {
            window.chatSettings().systemPromptProperty().set("Answer briefly.");
            window.chatSettings().apply();
        });
        untilFx(() -> "Answer briefly.".equals(window.services().chat().store().get(first).orElseThrow().settings()
                .systemPrompt()));
        assertThat(window.services().chat().store().get(first).orElseThrow().settings().toolsOn()).isFalse();

        robot.interact(() -> window.conversation().showSession(second));
        untilFx(() -> second.equals(window.conversation().shownIdProperty().get()));
        assertThat(toggle.isSelected()).as("another chat keeps the default").isTrue();
        robot.interact(() -> window.conversation().showSession(first));
        untilFx(() -> first.equals(window.conversation().shownIdProperty().get()) && !toggle.isSelected());
        assertThat(window.services().chat().store().get(second).orElseThrow().settings().toolsOn()).isTrue();
    }

    // ---- helpers

    private void open(FxRobot robot) throws Exception {
        window = harness.open(robot);
    }

    private static ToolCall call(String id, String tool, String arguments, ToolCallState state, ToolResult result) {
        return new ToolCall(id, "tests__" + tool, arguments).requested("tests", tool).with(state, result);
    }

    /** A chat whose reply made these calls, put in the store and shown. */
    private void show(FxRobot robot, List<ToolCall> calls, String text) {
        show(robot, calls, text, false);
    }

    /** The same, with a message of the person's after the reply when {@code goneOn}. */
    private void show(FxRobot robot, List<ToolCall> calls, String text, boolean goneOn) {
        Instant at = Instant.parse("2026-12-07T00:00:00Z");
        String id = window.services().chat().createSession().id();
        Message question = Message.user("q-" + id, "Use the tools, please.", at);
        Message reply = new Message("r-" + id, Role.ASSISTANT, text, MessageStatus.COMPLETE, at, "gpt-test", null, "",
                calls, false, ReplyStats.NONE, question.id());
        List<Message> path = goneOn
                ? List.of(question, reply, Message.user("n-" + id, "Never mind.", at.plusSeconds(1)).withParent(reply.id()))
                : List.of(question, reply);
        harness.workspace.store().update(id, s -> new Session(s.id(), s.title(), s.createdAt(), at, path));
        robot.interact(() -> window.conversation().showSession(id));
        untilFx(() -> id.equals(window.conversation().shownIdProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static List<VBox> cards(FxRobot robot) {
        return robot.lookup("." + ChatStyles.TOOL_CARD).queryAllAs(VBox.class).stream()
                .filter(n -> n.getScene() != null && n.getParent() != null && n.getParent().isVisible()).toList();
    }

    private static VBox card(FxRobot robot, String title) {
        Optional<VBox> found = cards(robot).stream().filter(c -> c.lookupAll("." + ChatStyles.TOOL_NAME).stream()
                .anyMatch(l -> title.equals(((Label) l).getText()))).findFirst();
        return found.orElseThrow(() -> new AssertionError("no card " + title));
    }

    private static String chip(VBox card) {
        return ((Label) card.lookup("." + ChatStyles.TOOL_STATE)).getText();
    }

    private static List<String> texts(VBox card, String styleClass) {
        return card.getChildren().stream().filter(n -> n.getStyleClass().contains(styleClass))
                .map(n -> ((Label) n).getText()).toList();
    }

    private static List<String> buttons(VBox card) {
        return card.lookupAll("." + ChatStyles.TOOL_BUTTON).stream()
                .filter(n -> n.getParent() != null && card.getChildren().contains(n.getParent()))
                .map(n -> ((Button) n).getText()).toList();
    }

    private static List<String> toggles(VBox card) {
        return card.getChildren().stream().filter(n -> n.getStyleClass().contains(ChatStyles.TOOL_TOGGLE))
                .map(n -> ((Button) n).getText()).toList();
    }

    private static Button toggle(VBox card, String words) {
        return card.getChildren().stream().filter(n -> n.getStyleClass().contains(ChatStyles.TOOL_TOGGLE))
                .map(n -> (Button) n).filter(b -> b.getText().contains(words)).findFirst().orElseThrow();
    }
}
