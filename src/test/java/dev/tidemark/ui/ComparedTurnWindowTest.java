package dev.tidemark.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.app.MainWindow;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.ui.chat.ChatStyles;
import dev.tidemark.ui.chat.ComparedModels;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.MessageItem;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several models at once in the window: one question to three models (three real HTTP servers
 * streaming at different speeds) shows their replies side by side, each column with its own Stop;
 * Use this one continues from the chosen reply; a narrow window shows tabs; the model picker and
 * Use this one work from the keyboard; a recovered compared turn shows the same way.
 */
@ExtendWith(WindowExtension.class)
class ComparedTurnWindowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SLOW = List.of("Slow ", "and ", "steady ", "wins ", "the ", "race.");
    private static final List<String> MEDIUM = List.of("Medium ", "pace ", "is ", "fine ", "too.");
    private static final List<String> FAST = List.of("Fast ", "is ", "best.");

    private final MockWebServer slow = new MockWebServer();
    private final MockWebServer medium = new MockWebServer();
    private final MockWebServer fast = new MockWebServer();
    private WindowHarness harness;
    private MainWindow window;

    @AfterEach
    void tearDown() {
        slow.close();
        medium.close();
        fast.close();
    }

    @Test
    void threeModelsStreamSideBySideEachStopsAloneAndUseThisOneContinuesFromTheChosenReply(FxRobot robot)
            throws Exception {
        // slow and medium are held after their second word until the test lets them go on
        SlowSseBody slowBody = SlowSseBody.openAi(SLOW, Duration.ofMillis(40)).holdBefore(2);
        SlowSseBody mediumBody = SlowSseBody.openAi(MEDIUM, Duration.ofMillis(15)).holdBefore(2);
        slow.enqueue(slowBody.response());
        medium.enqueue(mediumBody.response());
        fast.enqueue(SlowSseBody.openAi(FAST, Duration.ZERO).response());
        for (MockWebServer s : List.of(slow, medium, fast)) {
            s.enqueue(SlowSseBody.openAi(List.of("Next."), Duration.ZERO).response());
        }
        open(robot, 1200);

        robot.clickOn("#" + ConversationView.ADD_MODEL_ID).clickOn("Medium");
        robot.clickOn("#" + ConversationView.ADD_MODEL_ID).clickOn("Fast");
        untilFx(() -> window.conversation().compared().picks().size() == 2);
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("Which is best?").type(KeyCode.ENTER);

        // the fast one completes while the other two still stream, side by side
        untilFx(() -> columnItems().size() == 3 && columnItems().get(2).status() == MessageStatus.COMPLETE
                && columnItems().get(0).text().equals("Slow and ") && columnItems().get(1).text().equals("Medium pace "));
        WaitForAsyncUtils.waitForFxEvents();
        List<Node> columns = visibleColumns(robot);
        assertThat(columns).hasSize(3);
        assertThat(robot.lookup("." + ChatStyles.COMPARED_TABS).tryQuery()).isEmpty();
        assertThat(models(robot, columns)).containsExactly("slow/slow-1", "medium/medium-1", "fast/fast-1");
        assertSideBySideWithEqualWidths(columns);
        assertThat(columnItems().get(0).status()).isEqualTo(MessageStatus.STREAMING);
        assertThat(columnItems().get(1).status()).isEqualTo(MessageStatus.STREAMING);
        untilFx(() -> renderedText(visibleColumns(robot).get(2)).contains("Fast is best.")
                && renderedText(visibleColumns(robot).get(0)).contains("Slow and")
                && renderedText(visibleColumns(robot).get(1)).contains("Medium pace"));
        assertThat(renderedText(visibleColumns(robot).get(0))).doesNotContain("Medium").doesNotContain("Fast");
        // each column its own Stop while it streams; none on the finished one; no Use this one yet
        assertThat(button(robot, columns.get(0), ChatStyles.COMPARED_STOP).isVisible()).isTrue();
        assertThat(button(robot, columns.get(2), ChatStyles.COMPARED_STOP).isVisible()).isFalse();
        assertThat(button(robot, columns.get(2), ChatStyles.COMPARED_USE).isVisible()).isFalse();

        // Stop on the medium column stops that one only
        robot.clickOn(button(robot, columns.get(1), ChatStyles.COMPARED_STOP));
        untilFx(() -> columnItems().get(1).status() == MessageStatus.STOPPED);
        mediumBody.release();
        assertThat(columnItems().get(0).status()).isEqualTo(MessageStatus.STREAMING);
        assertThat(window.conversation().stateProperty().get()).isEqualTo(
                dev.tidemark.ui.chat.ConversationViewModel.State.STREAMING);
        untilFx(() -> robot.from(visibleColumns(robot).get(1)).lookup((Label l) -> l.isVisible()
                && "Stopped".equals(l.getText())).tryQuery().isPresent());

        // the slow one goes on and completes; then every column offers Use this one
        slowBody.release();
        untilFx(() -> columnItems().size() == 3 && columnItems().get(0).status() == MessageStatus.COMPLETE
                && columnItems().get(0).text().equals(String.join("", SLOW))
                && window.conversation().stateProperty().get() == dev.tidemark.ui.chat.ConversationViewModel.State.IDLE);
        WaitForAsyncUtils.waitForFxEvents();
        columns = visibleColumns(robot);
        for (Node column : columns) {
            assertThat(button(robot, column, ChatStyles.COMPARED_USE).isVisible()).isTrue();
            assertThat(button(robot, column, ChatStyles.COMPARED_STOP).isVisible()).isFalse();
        }
        assertThat(footerOf(robot, columns.get(0))).isNotBlank();
        // "copy last reply" copies the reply the conversation would go on from: the first asked
        assertThat(window.conversation().lastReplyText()).isEqualTo(String.join("", SLOW));

        // Use this one on the fast reply: the columns give way to the normal view with its switcher
        robot.clickOn(button(robot, columns.get(2), ChatStyles.COMPARED_USE));
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).text().equals(String.join("", FAST)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(visibleColumns(robot)).isEmpty();
        assertThat(window.conversation().messages().get(1).versionProperty().get()).isEqualTo(3);
        assertThat(window.conversation().messages().get(1).versionsProperty().get()).isEqualTo(3);

        // the conversation goes on from the chosen reply (the models added stay for this chat)
        for (MockWebServer s : List.of(slow, medium, fast)) {
            s.takeRequest(5, TimeUnit.SECONDS); // the compared question
        }
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("Why?").type(KeyCode.ENTER);
        for (MockWebServer s : List.of(slow, medium, fast)) {
            assertThat(sentTurns(s)).containsExactly("user: Which is best?", "assistant: Fast is best.", "user: Why?");
        }
    }

    @Test
    void aNarrowWindowShowsTheRepliesInTabs(FxRobot robot) throws Exception {
        slow.enqueue(SlowSseBody.openAi(SLOW, Duration.ZERO).response());
        medium.enqueue(SlowSseBody.openAi(MEDIUM, Duration.ZERO).response());
        fast.enqueue(SlowSseBody.openAi(FAST, Duration.ZERO).response());
        open(robot, 640);
        robot.interact(() -> {
            window.conversation().compared().add("medium");
            window.conversation().compared().add("fast");
        });
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("Which is best?").type(KeyCode.ENTER);
        untilFx(() -> columnItems().size() == 3 && columnItems().stream().allMatch(i -> i.status() == MessageStatus.COMPLETE));
        WaitForAsyncUtils.waitForFxEvents();

        TabPane tabs = robot.lookup("." + ChatStyles.COMPARED_TABS).queryAs(TabPane.class);
        assertThat(tabs.isVisible()).isTrue();
        assertThat(tabs.getTabs()).extracting(t -> t.getText())
                .containsExactly("slow/slow-1", "medium/medium-1", "fast/fast-1");
        assertThat(visibleColumns(robot)).hasSize(1);
        assertThat(renderedText(visibleColumns(robot).get(0))).contains("Slow and steady wins the race.");
        robot.clickOn(robot.from(tabs).lookup(".tab").nth(1).queryAs(Node.class));
        untilFx(() -> visibleColumns(robot).size() == 1
                && renderedText(visibleColumns(robot).get(0)).contains("Medium pace is fine too."));

        // wide again: side by side
        robot.interact(() -> harness.stage.setWidth(1200));
        untilFx(() -> visibleColumns(robot).size() == 3 && robot.lookup("." + ChatStyles.COMPARED_TABS).tryQuery().isEmpty());
    }

    @Test
    void thePickerAndUseThisOneWorkFromTheKeyboardAndAFifthModelIsRefusedInWords(FxRobot robot) throws Exception {
        slow.enqueue(SlowSseBody.openAi(SLOW, Duration.ZERO).response());
        fast.enqueue(SlowSseBody.openAi(FAST, Duration.ZERO).response());
        fast.enqueue(SlowSseBody.openAi(List.of("Because."), Duration.ZERO).response());
        open(robot, 1200);

        MenuButton add = robot.lookup("#" + ConversationView.ADD_MODEL_ID).queryAs(MenuButton.class);
        assertThat(add.isFocusTraversable()).isTrue();
        assertThat(add.getAccessibleText()).contains("Add a model");
        robot.interact(add::requestFocus);
        // the menu lists Demo, Slow, Medium, Fast: Down opens it, four more Downs reach Fast
        robot.type(KeyCode.DOWN);
        untilFx(add::isShowing);
        robot.type(KeyCode.DOWN, 4).type(KeyCode.ENTER);
        untilFx(() -> window.conversation().compared().picks().size() == 1);
        assertThat(window.conversation().compared().picks().get(0).providerId()).isEqualTo("fast");

        // four models at most: the tool bar's and three more; a fifth is refused, in words
        robot.interact(() -> {
            window.conversation().compared().add("medium");
            window.conversation().compared().add("slow");
            window.conversation().compared().add("demo");
        });
        assertThat(window.conversation().compared().picks()).hasSize(3);
        untilFx(() -> robot.lookup((Label l) -> l.isVisible() && l.getText() != null
                && l.getText().startsWith("A question can go to 4 models at most")).tryQuery().isPresent());
        // ✕ removes a model, from the keyboard too
        Button remove = robot.lookup("." + ChatStyles.MODEL_PICK_REMOVE).nth(2).queryButton();
        robot.interact(remove::requestFocus);
        robot.type(KeyCode.ENTER);
        untilFx(() -> window.conversation().compared().picks().size() == 2);
        Button removeMedium = robot.lookup("." + ChatStyles.MODEL_PICK_REMOVE).nth(1).queryButton();
        robot.interact(removeMedium::requestFocus);
        robot.type(KeyCode.SPACE);
        untilFx(() -> window.conversation().compared().picks().size() == 1);

        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("Which is best?").type(KeyCode.ENTER);
        untilFx(() -> columnItems().size() == 2 && columnItems().stream().allMatch(i -> i.status() == MessageStatus.COMPLETE)
                && window.conversation().stateProperty().get() == dev.tidemark.ui.chat.ConversationViewModel.State.IDLE);
        WaitForAsyncUtils.waitForFxEvents();
        Button use = button(robot, visibleColumns(robot).get(1), ChatStyles.COMPARED_USE);
        assertThat(use.isFocusTraversable()).isTrue();
        assertThat(use.getAccessibleText()).contains("fast/fast-1");
        robot.interact(use::requestFocus);
        robot.type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).text().equals(String.join("", FAST)));
        String session = window.sessions().selectedIdProperty().get();
        assertThat(window.services().chat().store().get(session).orElseThrow().isCompared(
                window.conversation().messages().get(0).id())).isFalse();

        // the models added stay with this chat: another chat starts with none, and coming back finds them
        String other = window.services().chat().createSession().id();
        robot.interact(() -> window.conversation().showSession(other));
        untilFx(() -> other.equals(window.conversation().shownIdProperty().get()));
        assertThat(window.conversation().compared().picks()).isEmpty();
        robot.interact(() -> window.conversation().showSession(session));
        untilFx(() -> session.equals(window.conversation().shownIdProperty().get()));
        assertThat(window.conversation().compared().picks()).extracting(ComparedModels.Pick::providerId)
                .containsExactly("fast");
    }

    @Test
    void aRecoveredComparedTurnShowsItsColumnsEachWithTheRecoveredBadge(FxRobot robot) throws Exception {
        open(robot, 1200);
        String session = window.sessions().selectedIdProperty().get();
        SessionStore store = window.services().chat().store();
        Instant at = Instant.now();
        Message question = Message.user("q-1", "Which is best?", at);
        store.update(session, s -> {
            Session withQuestion = s.withChild(null, question, at).withCompared("q-1");
            for (int i = 0; i < 3; i++) {
                Message reply = new Message("r-" + i, Role.ASSISTANT, "Recovered answer " + i, MessageStatus.RECOVERED,
                        at.plusNanos(i + 1), "p" + i + "/m" + i, "The app closed while this reply streamed.");
                withQuestion = withQuestion.withChild("q-1", reply, at.plusNanos(i + 1));
            }
            return withQuestion;
        });
        robot.interact(() -> window.conversation().showSession(null));
        robot.interact(() -> window.conversation().showSession(session));
        untilFx(() -> columnItems().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        List<Node> columns = visibleColumns(robot);
        assertThat(models(robot, columns)).containsExactly("p0/m0", "p1/m1", "p2/m2");
        for (int i = 0; i < 3; i++) {
            Node badge = robot.from(columns.get(i)).lookup("." + ChatStyles.RECOVERED_BADGE).query();
            assertThat(badge.isVisible()).as("column %d's Recovered badge", i).isTrue();
            assertThat(renderedText(columns.get(i))).contains("Recovered answer " + i);
        }

        // a search hit in the third column opens the chat as it is: the columns stay, nothing is chosen
        window.conversation().actions().showVersionWith(session, "r-2").toCompletableFuture().get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(store.get(session).orElseThrow().isCompared("q-1")).isTrue();
        assertThat(columnItems()).hasSize(3);
    }

    /** Opens a window this wide, with three OpenAI-compatible providers on loopback: slow, medium and fast. */
    private void open(FxRobot robot, double width) throws Exception {
        harness.keyFile = true;
        for (MockWebServer s : List.of(slow, medium, fast)) {
            s.start();
        }
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN, Journal.Options.defaults(), Duration.ofMillis(2), Map.of());
        harness.settings.update(List.of(provider("slow", "Slow", slow), provider("medium", "Medium", medium),
                provider("fast", "Fast", fast)), Map.of("slow", "sk-slow", "medium", "sk-medium", "fast", "sk-fast"),
                Set.of()).get(10, TimeUnit.SECONDS);
        robot.interact(() -> {
            harness.stage.setWidth(width);
            harness.stage.setHeight(800);
            window.conversation().providerIdProperty().set("slow");
        });
        untilFx(() -> window.conversation().stateProperty().get() == dev.tidemark.ui.chat.ConversationViewModel.State.IDLE);
    }

    private static ProviderConfig provider(String id, String name, MockWebServer server) {
        return new ProviderConfig(id, name, "custom", Protocol.OPENAI_COMPATIBLE, server.url("/v1").toString(),
                AuthStyle.BEARER, null, id + "-1", Map.of(), ProxyChoice.DIRECT);
    }

    /** The replies of the compared turn on screen, in the order asked; empty when there is none. */
    private List<MessageItem> columnItems() {
        return window.conversation().messages().stream().filter(MessageItem::isComparedTurn)
                .flatMap(t -> t.comparedReplies().stream()).toList();
    }

    private static List<Node> visibleColumns(FxRobot robot) {
        List<Node> shown = new ArrayList<>(robot.lookup("." + ChatStyles.COMPARED_COLUMN)
                .match(ComparedTurnWindowTest::reallyVisible).queryAll());
        shown.sort((a, b) -> Double.compare(a.localToScene(a.getLayoutBounds()).getMinX(),
                b.localToScene(b.getLayoutBounds()).getMinX()));
        return shown;
    }

    private static boolean reallyVisible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible() || n.getScene() == null) {
                return false;
            }
        }
        return node.getLayoutBounds().getWidth() > 0;
    }

    private static List<String> models(FxRobot robot, List<Node> columns) {
        return columns.stream().map(c -> robot.from(c).lookup("." + ChatStyles.COMPARED_MODEL).queryAs(Label.class)
                .getText()).toList();
    }

    private static void assertSideBySideWithEqualWidths(List<Node> columns) {
        List<Bounds> bounds = columns.stream().map(c -> c.localToScene(c.getLayoutBounds())).toList();
        for (int i = 1; i < bounds.size(); i++) {
            assertThat(bounds.get(i).getMinX()).isGreaterThanOrEqualTo(bounds.get(i - 1).getMaxX());
            assertThat(bounds.get(i).getMinY()).isEqualTo(bounds.get(0).getMinY());
            assertThat(bounds.get(i).getWidth()).isCloseTo(bounds.get(0).getWidth(), org.assertj.core.data.Offset.offset(2.0));
        }
        assertThat(bounds.get(0).getWidth()).isGreaterThan(200);
    }

    private static Button button(FxRobot robot, Node column, String styleClass) {
        return robot.from(column).lookup("." + styleClass).queryButton();
    }

    private static String footerOf(FxRobot robot, Node column) {
        return robot.from(column).lookup("." + ChatStyles.MESSAGE_FOOTER).queryAs(Label.class).getText();
    }

    /** Every text drawn inside a node (labels and text nodes), in order. */
    private static String renderedText(Node node) {
        StringBuilder b = new StringBuilder();
        collect(node, b);
        return b.toString();
    }

    private static void collect(Node node, StringBuilder b) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Text t) {
            b.append(t.getText());
        } else if (node instanceof Labeled l && l.getText() != null) {
            b.append(l.getText()).append('\n');
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, b);
            }
        }
    }

    /** The turns of the next request a model service received, as "role: text". */
    private static List<String> sentTurns(MockWebServer server) throws Exception {
        RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(request).as("a request to %s", server.getPort()).isNotNull();
        JsonNode body = JSON.readTree(request.getBody().utf8());
        List<String> turns = new ArrayList<>();
        for (JsonNode m : body.get("messages")) {
            if (!"system".equals(m.path("role").asText())) {
                turns.add(m.path("role").asText() + ": " + m.path("content").asText());
            }
        }
        return turns;
    }
}
