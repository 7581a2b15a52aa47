package dev.tidemark.ui.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.app.MainWindow;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.ui.WindowExtension;
import dev.tidemark.ui.WindowHarness;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ListCell;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The actions on a message, driven by clicks in the real window (headless), against real HTTP. */
@ExtendWith(WindowExtension.class)
class ConversationActionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private WindowHarness harness;
    private MainWindow window;

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void regenerateShowsANewReplyAndKeepsTheOldOneAsAVersion(FxRobot robot) throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("First answer."), Duration.ZERO).response());
        server.enqueue(SlowSseBody.openAi(List.of("Second answer."), Duration.ZERO).response());
        open(robot);
        ask(robot, "question");
        untilFx(() -> reply(1).status() == MessageStatus.COMPLETE);
        String oldId = reply(1).id();

        click(robot, 1, ChatStyles.ACTION_REGENERATE);

        untilFx(() -> messages().size() == 2 && !reply(1).id().equals(oldId)
                && reply(1).status() == MessageStatus.COMPLETE);
        assertThat(reply(1).text()).isEqualTo("Second answer.");
        assertThat(harness.workspace.store().get(sessionId()).orElseThrow().messages()).extracting(m -> m.text())
                .containsExactly("question", "Second answer.");
        assertThat(harness.workspace.store().get(sessionId()).orElseThrow().allMessages()).extracting(m -> m.text())
                .containsExactly("question", "First answer.", "Second answer.");
        assertThat(reply(1).versionsProperty().get()).isEqualTo(2);
    }

    @Test
    void aLongReplyIsShownInPartsThatTogetherAreTheWholeReplyAndActAsOne(FxRobot robot) throws Exception {
        List<String> tokens = dev.tidemark.bench.RenderBenchmark.reply(3_000);
        List<String> escaped = new ArrayList<>();
        for (String token : tokens) {
            String json = JSON.writeValueAsString(token);
            escaped.add(json.substring(1, json.length() - 1));
        }
        server.enqueue(SlowSseBody.openAi(escaped, Duration.ZERO).response());
        open(robot);
        ask(robot, "a long answer");
        untilFx(() -> reply(1).status() == MessageStatus.COMPLETE);
        String whole = String.join("", tokens);
        assertThat(reply(1).text()).isEqualTo(whole);
        assertThat(reply(1).partCount()).isGreaterThan(3);

        javafx.scene.control.ListView<MessagePart> list = robot.lookup("#" + ConversationView.LIST_ID).queryListView();
        assertThat(list.getItems()).hasSize(1 + reply(1).partCount());
        // the rows' texts, in order, are the reply; each part renders its own markdown
        StringBuilder shown = new StringBuilder();
        for (int row = 1; row < list.getItems().size(); row++) {
            int index = row;
            robot.interact(() -> list.scrollTo(index));
            WaitForAsyncUtils.waitForFxEvents();
            MessagePart part = list.getItems().get(row);
            dev.tidemark.ui.markdown.MarkdownView view = robot.lookup((Node n) ->
                    n instanceof dev.tidemark.ui.markdown.MarkdownView && cellOf(n) != null
                            && part.equals(cellOf(n).getItem())).query();
            shown.append(view.getMarkdown());
        }
        assertThat(shown.toString()).isEqualTo(whole);
        // one footer and one set of actions, on the last part; Copy copies the whole reply
        assertThat(robot.lookup("." + ChatStyles.ACTION_COPY).queryAllAs(Button.class).stream()
                .filter(b -> b.isVisible() && b.getParent().getParent().isVisible() && cellOf(b) != null
                        && cellOf(b).getItem() != null && cellOf(b).getItem().item() == reply(1)))
                .allSatisfy(b -> assertThat(cellOf(b).getItem().isLast()).isTrue());
        click(robot, 1, ChatStyles.ACTION_COPY);
        String[] copied = new String[1];
        robot.interact(() -> copied[0] = Clipboard.getSystemClipboard().getString());
        assertThat(copied[0]).isEqualTo(whole);
    }

    @Test
    void editSendsANewVersionOfTheQuestionAndKeepsTheOldTurn(FxRobot robot) throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("About cats."), Duration.ZERO).response());
        server.enqueue(SlowSseBody.openAi(List.of("About dogs."), Duration.ZERO).response());
        open(robot);
        ask(robot, "tell me about cats");
        untilFx(() -> reply(1).status() == MessageStatus.COMPLETE);

        click(robot, 0, ChatStyles.ACTION_EDIT);
        assertThat(robot.lookup("#" + ConversationView.EDIT_BANNER_ID).queryAs(Node.class).isVisible()).isTrue();
        assertThat(window.conversation().composerTextProperty().get()).isEqualTo("tell me about cats");
        robot.interact(() -> window.conversation().composerTextProperty().set("tell me about dogs"));
        robot.clickOn("#" + ConversationView.COMPOSER_ID).type(KeyCode.ENTER);

        untilFx(() -> messages().size() == 2 && reply(1).status() == MessageStatus.COMPLETE
                && reply(1).text().equals("About dogs."));
        assertThat(messages()).extracting(MessageItem::text).containsExactly("tell me about dogs", "About dogs.");
        assertThat(harness.workspace.store().get(sessionId()).orElseThrow().allMessages()).extracting(m -> m.text())
                .containsExactly("tell me about cats", "About cats.", "tell me about dogs", "About dogs.");
        assertThat(robot.lookup("#" + ConversationView.EDIT_BANNER_ID).queryAs(Node.class).isVisible()).isFalse();
    }

    @Test
    void escCancelsAnEdit(FxRobot robot) throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("ok"), Duration.ZERO).response());
        open(robot);
        ask(robot, "keep this");
        untilFx(() -> reply(1).status() == MessageStatus.COMPLETE);
        click(robot, 0, ChatStyles.ACTION_EDIT);
        robot.clickOn("#" + ConversationView.COMPOSER_ID).type(KeyCode.ESCAPE);
        assertThat(window.conversation().editingIdProperty().get()).isNull();
        assertThat(window.conversation().composerTextProperty().get()).isEmpty();
        assertThat(messages()).extracting(MessageItem::text).containsExactly("keep this", "ok");
    }

    @Test
    void aRecoveredReplyOffersContinueWhichAsksTheModelToGoOn(FxRobot robot) throws Exception {
        Instant t0 = Instant.parse("2026-11-26T08:00:00Z");
        try (Journal journal = Journal.open(harness.dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.UserMessage("s1", "u1", "count to five", t0));
            journal.append(new JournalRecord.StreamStarted("r1", "s1", "openai", "m", t0));
            journal.append(new JournalRecord.TextDelta("r1", 1, "one two three")).get(10, TimeUnit.SECONDS);
        }
        server.enqueue(SlowSseBody.openAi(List.of(" four five"), Duration.ZERO).response());
        open(robot);
        assertThat(reply(1).status()).isEqualTo(MessageStatus.RECOVERED);
        assertThat(visibleAction(robot, 1, ChatStyles.ACTION_CONTINUE)).isTrue();
        assertThat(visibleAction(robot, 1, ChatStyles.ACTION_REGENERATE)).isTrue();

        click(robot, 1, ChatStyles.ACTION_CONTINUE);

        untilFx(() -> messages().size() == 3 && reply(2).status() == MessageStatus.COMPLETE);
        assertThat(reply(2).text()).isEqualTo(" four five");
        assertThat(reply(1).status()).as("the recovered text stays as it was").isEqualTo(MessageStatus.RECOVERED);
        JsonNode sent = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).path("messages");
        assertThat(sent).extracting(n -> n.path("content").asText())
                .containsExactly("count to five", "one two three", ChatRequest.CONTINUE_PROMPT);
    }

    @Test
    void aFailedReplyOffersRetryWhichKeepsItAsAVersionAndDeleteFallsBackToIt(FxRobot robot) throws Exception {
        server.enqueue(new mockwebserver3.MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"bad request\"}}").build());
        server.enqueue(SlowSseBody.openAi(List.of("Fine now."), Duration.ZERO).response());
        open(robot);
        ask(robot, "hello");
        untilFx(() -> reply(1).status() == MessageStatus.ERROR);
        assertThat(visibleAction(robot, 1, ChatStyles.ACTION_RETRY)).isTrue();

        click(robot, 1, ChatStyles.ACTION_RETRY);
        untilFx(() -> messages().size() == 2 && reply(1).status() == MessageStatus.COMPLETE);
        assertThat(reply(1).text()).isEqualTo("Fine now.");

        click(robot, 1, ChatStyles.ACTION_DELETE);
        untilFx(() -> messages().size() == 2 && reply(1).status() == MessageStatus.ERROR);
        assertThat(harness.workspace.store().get(sessionId()).orElseThrow().allMessages()).extracting(m -> m.role())
                .containsExactly(Role.USER, Role.ASSISTANT);

        click(robot, 1, ChatStyles.ACTION_DELETE);
        untilFx(() -> messages().size() == 1);
        assertThat(harness.workspace.store().get(sessionId()).orElseThrow().allMessages()).extracting(m -> m.role())
                .containsExactly(Role.USER);
    }

    @Test
    void aCodeFenceThatOpensAndClosesMidStreamRendersAsCodeWhileOpenAndAfter(FxRobot robot) throws Exception {
        List<String> pieces = List.of("Here is code:\\n\\n", "```java\\n", "int x ", "= 1;\\n", "int y = 2;",
                "\\n```\\n\\n", "And after ", "the fence.");
        server.enqueue(SlowSseBody.openAi(pieces, Duration.ofMillis(400)).response());
        open(robot);
        ask(robot, "show code");
        // while the fence is open, the growing code is already a code block
        untilFx(() -> reply(1).text().contains("= 1;") && !reply(1).text().contains("y = 2"));
        assertThat(codeBlocks(robot)).as("an open fence renders as code").singleElement()
                .satisfies(code -> assertThat(code).contains("int x = 1;"));
        untilFx(() -> reply(1).status() == MessageStatus.COMPLETE);
        assertThat(codeBlocks(robot)).singleElement()
                .satisfies(code -> assertThat(code.strip()).isEqualTo("int x = 1;\nint y = 2;"));
        dev.tidemark.ui.markdown.MarkdownView view = robot.lookup("." + ChatStyles.MESSAGE_MARKDOWN)
                .queryAllAs(dev.tidemark.ui.markdown.MarkdownView.class).stream()
                .filter(v -> v.isVisible() && v.getScene() != null && v.getMarkdown().contains("fence"))
                .findFirst().orElseThrow();
        assertThat(textOf(view)).contains("And after the fence.").contains("Here is code:");
    }

    /** The text of every visible code block in the conversation. */
    private static List<String> codeBlocks(FxRobot robot) throws Exception {
        List<String> blocks = new ArrayList<>();
        WaitForAsyncUtils.asyncFx(() -> {
            for (Node node : robot.lookup(".md-code-block").queryAll()) {
                if (node.isVisible() && node.getScene() != null) {
                    blocks.add(textOf(node.lookup(".md-code-body")));
                }
            }
        }).get(5, TimeUnit.SECONDS);
        return blocks;
    }

    /** All the text in the Text nodes under a node, in order. */
    private static String textOf(Node root) {
        StringBuilder b = new StringBuilder();
        collect(root, b);
        return b.toString();
    }

    private static void collect(Node node, StringBuilder b) {
        if (node instanceof javafx.scene.text.Text text) {
            b.append(text.getText());
        } else if (node instanceof javafx.scene.Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, b);
            }
        }
    }

    @Test
    void copyPutsTheMessageOnTheClipboard(FxRobot robot) throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("Copy ", "me."), Duration.ZERO).response());
        open(robot);
        ask(robot, "q");
        untilFx(() -> reply(1).status() == MessageStatus.COMPLETE);
        click(robot, 1, ChatStyles.ACTION_COPY);
        String[] copied = new String[1];
        robot.interact(() -> copied[0] = Clipboard.getSystemClipboard().getString());
        assertThat(copied[0]).isEqualTo("Copy me.");
    }

    @Test
    void theViewFollowsAGrowingReplyOnlyWhileAtTheBottom(FxRobot robot) throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            words.add("word" + i + (i % 12 == 11 ? "\\n\\n" : " ")); // a JSON-escaped paragraph break
        }
        server.enqueue(SlowSseBody.openAi(words, Duration.ofMillis(15)).response());
        open(robot);
        ConversationView view = robot.lookup((Node n) -> n instanceof ConversationView).queryAs(ConversationView.class);
        assertThat(view).isNotNull();
        ask(robot, "long please");
        try {
            untilFx(() -> messages().size() == 2 && reply(1).text().length() > 1500);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("reply: " + reply(1).status() + " " + reply(1).detail() + " "
                    + reply(1).text().length(), e);
        }
        assertThat(view.followingProperty().get()).isTrue();
        assertThat(robot.lookup("#" + ConversationView.JUMP_ID).queryAs(Node.class).isVisible()).isFalse();

        javafx.scene.control.ListView<?> list = robot.lookup("#" + ConversationView.LIST_ID)
                .queryAs(javafx.scene.control.ListView.class);
        robot.interact(() -> list.lookup(".virtual-flow").fireEvent(new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL,
                100, 100, 100, 100, false, false, false, false, false, false, 0, 400, 0, 400,
                javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null)));
        double away = position(list);
        untilFx(() -> !view.followingProperty().get());
        assertThat(robot.lookup("#" + ConversationView.JUMP_ID).queryAs(Node.class).isVisible()).isTrue();
        assertThat(away).as("scrolled away from the bottom").isLessThan(0.999);
        int grown = reply(1).text().length();
        untilFx(() -> reply(1).text().length() > grown + 200);
        assertThat(position(list)).as("the view stays where the user left it while the reply grows")
                .isLessThan(0.999);

        robot.clickOn("#" + ConversationView.JUMP_ID);
        untilFx(() -> view.followingProperty().get());
        untilFx(() -> position(list) >= 0.999);
        window.services().chat().stopAll();
    }

    // ------------------------------------------------------------------ helpers

    private static double position(javafx.scene.control.ListView<?> list) throws Exception {
        double[] p = new double[1];
        org.testfx.util.WaitForAsyncUtils.asyncFx(() -> p[0] = ((javafx.scene.control.skin.VirtualFlow<?>)
                list.lookup(".virtual-flow")).getPosition()).get(5, TimeUnit.SECONDS);
        return p[0];
    }

    private void open(FxRobot robot) throws Exception {
        server.start();
        harness.env = Map.of("OPENAI_BASE_URL", server.url("/v1").toString(), "OPENAI_API_KEY", "sk-test-actions");
        harness.systemClipboard = true; // Copy is checked on the desktop's clipboard
        harness.beforeShow = w -> w.conversation().providerIdProperty().set("openai");
        window = harness.open(robot);
    }

    private void ask(FxRobot robot, String text) throws Exception {
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write(text).type(KeyCode.ENTER);
        untilFx(() -> messages().size() == 2);
    }

    private List<MessageItem> messages() {
        return window.conversation().messages();
    }

    private MessageItem reply(int index) {
        return messages().get(index);
    }

    private String sessionId() {
        return window.sessions().selectedIdProperty().get();
    }

    /** The button with this style class in the cell showing message {@code index}. */
    @SuppressWarnings("unchecked")
    private Button action(FxRobot robot, int index, String styleClass) {
        MessageItem item = messages().get(index);
        return robot.lookup("." + styleClass).queryAllAs(Button.class).stream()
                .filter(b -> cellOf(b) != null && cellOf(b).getItem() != null && cellOf(b).getItem().item() == item
                        && cellOf(b).getItem().isLast())
                .findFirst().orElseThrow(() -> new AssertionError("no " + styleClass + " for message " + index));
    }

    private boolean visibleAction(FxRobot robot, int index, String styleClass) {
        return action(robot, index, styleClass).isVisible();
    }

    private void click(FxRobot robot, int index, String styleClass) {
        Button button = action(robot, index, styleClass);
        assertThat(button.isVisible()).as(styleClass + " visible").isTrue();
        robot.interact(button::fire);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private static ListCell<MessagePart> cellOf(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof ListCell<?> cell) {
                return (ListCell<MessagePart>) cell;
            }
        }
        return null;
    }

}
