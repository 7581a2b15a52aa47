package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.chat.Reply;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.ui.chat.ChatStyles;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.MessageItem;
import dev.tidemark.ui.chat.RecoveredBadge;
import dev.tidemark.ui.fx.FxExecutor;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
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
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The real window, driven headless (Monocle) with real workspace files and real HTTP. */
@ExtendWith(WindowExtension.class)
class MainWindowTest {

    private final MockWebServer server = new MockWebServer();
    private WindowHarness harness;
    private MainWindow window;

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aRecoveredReplyCarriesTheAmberBadge(FxRobot robot) throws Exception {
        Instant t0 = Instant.parse("2026-11-26T08:00:00Z");
        try (Journal journal = Journal.open(harness.dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.UserMessage("s1", "u1", "Explain tides", t0));
            journal.append(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", t0));
            journal.append(new JournalRecord.TextDelta("r1", 1, "Tides are the rise and fall "));
            journal.append(new JournalRecord.TextDelta("r1", 2, "of the sea")).get(10, TimeUnit.SECONDS);
        }
        open(robot, Map.of(), new FxExecutor());
        untilFx(() -> "s1".equals(window.conversation().shownIdProperty().get())); // read off the FX thread

        List<RecoveredBadge> badges = robot.lookup("." + ChatStyles.RECOVERED_BADGE).queryAllAs(RecoveredBadge.class)
                .stream().filter(Node::isVisible).toList();
        assertThat(badges).hasSize(1);
        RecoveredBadge badge = badges.get(0);
        assertThat(badge.getText()).isEqualTo("Recovered");
        assertThat(badge.getBackground().getFills().get(0).getFill()).isEqualTo(Color.web("#ffbf00"));
        assertThat(badge.getTooltip().getText()).contains("recovered from the journal");
        assertThat(visibleMessageTexts(robot)).containsExactly("Explain tides", "Tides are the rise and fall of the sea");
        assertThat(robot.lookup("#" + MainWindow.STATUS_ID).queryAs(org.controlsfx.control.StatusBar.class).getText())
                .startsWith("Recovered 1 interrupted reply");
    }

    @Test
    void enterSendsAndTheDemoReplyStreamsIn(FxRobot robot) throws Exception {
        open(robot, Map.of(), new FxExecutor());
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("first line");
        robot.press(KeyCode.SHIFT, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.SHIFT);
        robot.write("second line");
        TextArea composer = robot.lookup("#" + ConversationView.COMPOSER_ID).queryAs(TextArea.class);
        assertThat(composer.getText()).isEqualTo("first line\nsecond line");
        assertThat(window.conversation().messages()).isEmpty();

        robot.type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
        assertThat(composer.getText()).isEmpty();
        MessageItem reply = window.conversation().messages().get(1);
        assertThat(reply.text()).contains("Demo reply").contains("> first line second line");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(visibleMessageTexts(robot)).contains("first line\nsecond line", reply.text());
    }

    @Test
    void stopKeepsThePartialReply(FxRobot robot) throws Exception {
        SlowSseBody body = SlowSseBody.openAi(words(600), Duration.ofMillis(5));
        server.enqueue(body.response());
        server.start();
        open(robot, Map.of("OPENAI_BASE_URL", server.url("/v1").toString(), "OPENAI_API_KEY", "sk-test-ui-key"), new FxExecutor());
        robot.interact(() -> window.conversation().providerIdProperty().set("openai"));
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("count").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).text().length() > 40);

        robot.clickOn("#" + ConversationView.STOP_ID);
        untilFx(() -> window.conversation().messages().get(1).status() == MessageStatus.STOPPED);
        MessageItem reply = window.conversation().messages().get(1);
        String shown = reply.text();
        assertThat(shown).isNotEmpty();
        assertThat(String.join("", words(600))).startsWith(shown);
        assertThat(body.sentCount()).isLessThan(600);
        Message stored = harness.workspace.store().get(window.sessions().selectedIdProperty().get()).orElseThrow()
                .message(reply.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(stored.text()).isEqualTo(shown);
        assertThat(robot.lookup("." + ChatStyles.STATUS_STOPPED).queryAllAs(Label.class))
                .anySatisfy(l -> assertThat(l.isVisible() && "Stopped".equals(l.getText())).isTrue());
        assertThat(robot.lookup("#" + ConversationView.SEND_ID).queryAs(Region.class).isVisible()).isTrue();
    }

    @Test
    void switchingSessionsMidStreamLosesNothing(FxRobot robot) throws Exception {
        List<String> words = words(150);
        server.enqueue(SlowSseBody.openAi(words, Duration.ofMillis(10)).response());
        server.start();
        open(robot, Map.of("OPENAI_BASE_URL", server.url("/v1").toString(), "OPENAI_API_KEY", "sk-test-ui-key"), new FxExecutor());
        robot.interact(() -> window.conversation().providerIdProperty().set("openai"));
        String first = window.sessions().selectedIdProperty().get();
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("long answer please").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && !window.conversation().messages().get(1).text().isEmpty());
        Reply streaming = window.services().chat().activeReply(first).orElseThrow();

        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        untilFx(() -> !first.equals(window.sessions().selectedIdProperty().get()));
        assertThat(window.conversation().messages()).isEmpty();
        assertThat(streaming.status()).isEqualTo(MessageStatus.STREAMING);

        // back while it still streams: the partial text is there and keeps growing
        selectSession(robot, first);
        assertThat(window.conversation().messages()).hasSize(2);
        String seen = window.conversation().messages().get(1).text();
        assertThat(String.join("", words)).startsWith(seen);

        // away again until it has finished, then back
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        Message done = streaming.finished().get(30, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(MessageStatus.COMPLETE);
        selectSession(robot, first);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
        assertThat(window.conversation().messages().get(1).text()).isEqualTo(String.join("", words));
        assertThat(harness.workspace.store().get(first).orElseThrow().messages().get(1).text())
                .isEqualTo(String.join("", words));
    }

    @Test
    void tokenUpdatesReachTheFxThreadCoalesced(FxRobot robot) throws Exception {
        List<String> words = words(400);
        server.enqueue(SlowSseBody.openAi(words, Duration.ZERO).response());
        server.start();
        AtomicInteger hops = new AtomicInteger();
        FxExecutor fx = new FxExecutor();
        Executor counting = command -> {
            hops.incrementAndGet();
            fx.execute(command);
        };
        open(robot, Map.of("OPENAI_BASE_URL", server.url("/v1").toString(), "OPENAI_API_KEY", "sk-test-ui-key"), counting);
        robot.interact(() -> window.conversation().providerIdProperty().set("openai"));
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("burst");
        int before = hops.get();
        robot.type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
        assertThat(window.conversation().messages().get(1).text()).isEqualTo(String.join("", words));
        assertThat(hops.get() - before)
                .as("hops to the FX thread for %d tokens", words.size())
                .isLessThan(words.size() / 10);
    }

    @Test
    void reasoningIsShownApartFromTheAnswerAndARetryIsAnnounced(FxRobot robot) throws Exception {
        server.enqueue(new mockwebserver3.MockResponse.Builder().code(429).setHeader("Retry-After", "1")
                .setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Rate limit reached\"}}").build());
        server.enqueue(new mockwebserver3.MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"The moon pulls.\"}}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Gravity.\"}}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n").build());
        server.start();
        open(robot, Map.of("OPENAI_BASE_URL", server.url("/v1").toString(), "OPENAI_API_KEY", "sk-test-ui-key"),
                new FxExecutor());
        robot.interact(() -> window.conversation().providerIdProperty().set("openai"));
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("why tides?").type(KeyCode.ENTER);

        untilFx(() -> window.conversation().messages().size() == 2
                && String.valueOf(window.conversation().messages().get(1).detail()).startsWith("Trying again in 1 s"));
        assertThat(window.conversation().messages().get(1).detail()).contains("429").contains("Rate limit reached")
                .doesNotContain("sk-test-ui-key");

        untilFx(() -> window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
        MessageItem reply = window.conversation().messages().get(1);
        assertThat(reply.text()).isEqualTo("Gravity.");
        assertThat(reply.reasoning()).isEqualTo("The moon pulls.");
        // the reasoning card folds away once the answer has started; its toggle opens it again
        assertThat(robot.lookup("." + ChatStyles.MESSAGE_REASONING).queryAllAs(Label.class))
                .noneSatisfy(l -> assertThat(l.isVisible()).isTrue());
        javafx.scene.control.ToggleButton toggle = robot.lookup("." + ChatStyles.REASONING_TOGGLE)
                .queryAllAs(javafx.scene.control.ToggleButton.class).stream().filter(javafx.scene.Node::isVisible)
                .filter(t -> t.getParent().isVisible()).findFirst().orElseThrow();
        assertThat(toggle.getText()).contains("Reasoning").contains("3 words");
        robot.clickOn(toggle);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("." + ChatStyles.MESSAGE_REASONING).queryAllAs(Label.class))
                .anySatisfy(l -> assertThat(l.isVisible() && l.getText().contains("The moon pulls.")).isTrue());
        assertThat(visibleMessageTexts(robot)).contains("Gravity.");
    }

    private void open(FxRobot robot, Map<String, String> env, Executor fx) throws Exception {
        harness.env = env;
        harness.fx = fx;
        window = harness.open(robot);
    }

    private void selectSession(FxRobot robot, String id) {
        robot.interact(() -> window.sessions().selectedIdProperty().set(id));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    /** The text shown in the filled cells, in order: the user's as typed, replies as rendered markdown's source. */
    private static List<String> visibleMessageTexts(FxRobot robot) {
        ListView<?> list = robot.lookup("#" + ConversationView.LIST_ID).queryAs(ListView.class);
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (javafx.scene.Node node : robot.from(list).lookup(".list-cell").queryAll()) {
            if (!(node instanceof javafx.scene.control.ListCell<?> cell) || cell.isEmpty() || !cell.isVisible()) {
                continue;
            }
            java.util.List<javafx.scene.Node> bodies =
                    new java.util.ArrayList<>(cell.lookupAll("." + ChatStyles.MESSAGE_TEXT));
            bodies.addAll(cell.lookupAll("." + ChatStyles.MESSAGE_MARKDOWN));
            for (javafx.scene.Node body : bodies) {
                if (!body.isVisible() || body.getParent() == null || body.getScene() == null) {
                    continue; // a body the recycled cell no longer shows
                }
                if (body instanceof Label label) {
                    texts.add(label.getText());
                } else if (body instanceof dev.tidemark.ui.markdown.MarkdownView markdown) {
                    texts.add(markdown.getMarkdown());
                }
            }
        }
        return texts;
    }


    private static List<String> words(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("word" + i + " ");
        }
        return out;
    }
}
