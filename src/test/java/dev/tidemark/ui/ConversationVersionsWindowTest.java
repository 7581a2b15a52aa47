package dev.tidemark.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.app.MainWindow;
import dev.tidemark.chat.ConversationEdits;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionSummary;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.ui.chat.ChatStyles;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.MessageItem;
import dev.tidemark.ui.chat.MessagePart;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing is thrown away in the window: Edit and Regenerate add versions, the switcher shows them
 * (mouse and keyboard), the model is sent the active path only, Branch from here makes a linked
 * chat, and Delete moves a message and its versions to the trash with Undo.
 */
@ExtendWith(WindowExtension.class)
class ConversationVersionsWindowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private WindowHarness harness;
    private MainWindow window;

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void editAndRegenerateKeepTheOldVersionsReachableWithTheSwitcherAndTheModelIsSentTheActivePath(FxRobot robot)
            throws Exception {
        open(robot, "Answer A.", "Answer B.", "Answer C.", "Answer D.");
        String session = window.sessions().selectedIdProperty().get();

        send(robot, "Question one");
        untilShown("Question one", "Answer A.");
        assertThat(sentTurns()).containsExactly("user: Question one");

        // Regenerate (Ctrl+R): a new reply beside the old one, and the model is not sent the old one
        robot.press(KeyCode.SHORTCUT, KeyCode.R).release(KeyCode.R, KeyCode.SHORTCUT);
        untilShown("Question one", "Answer B.");
        assertThat(sentTurns()).containsExactly("user: Question one");
        assertThat(texts(store().get(session).orElseThrow().allMessages()))
                .containsExactly("Question one", "Answer A.", "Answer B.");
        assertThat(switcherOf(robot, "Answer B.")).isEqualTo("2 / 2");

        // the switcher, by mouse: back to the first answer
        robot.clickOn(stepButton(robot, "Answer B.", ChatStyles.VERSION_PREVIOUS));
        untilShown("Question one", "Answer A.");
        assertThat(switcherOf(robot, "Answer A.")).isEqualTo("1 / 2");
        assertThat(texts(store().get(session).orElseThrow().messages())).containsExactly("Question one", "Answer A.");
        String answerA = store().get(session).orElseThrow().messages().get(1).id();
        untilFx(() -> journalText().contains("\"branch.chosen\"") && journalText().contains(answerA));

        // Edit: the edited question is a new version of the first, and the reply continues from it
        robot.clickOn(action(robot, "Question one", ChatStyles.ACTION_EDIT));
        TextInputControl composer = robot.lookup("#" + ConversationView.COMPOSER_ID).queryAs(TextInputControl.class);
        robot.interact(composer::clear);
        robot.clickOn(composer).write("Question two").type(KeyCode.ENTER);
        untilShown("Question two", "Answer C.");
        assertThat(sentTurns()).containsExactly("user: Question two");
        assertThat(switcherOf(robot, "Question two")).isEqualTo("2 / 2");

        send(robot, "Follow-up");
        untilShown("Question two", "Answer C.", "Follow-up", "Answer D.");
        assertThat(sentTurns()).containsExactly("user: Question two", "assistant: Answer C.", "user: Follow-up");
        assertThat(texts(store().get(session).orElseThrow().allMessages())).containsExactly("Question one",
                "Answer A.", "Answer B.", "Question two", "Answer C.", "Follow-up", "Answer D.");

        // the switcher, by keyboard: its button takes the focus and works with Enter; the path below
        // the first question is the one last chosen there (Answer A)
        Button previous = stepButton(robot, "Question two", ChatStyles.VERSION_PREVIOUS);
        assertThat(previous.isFocusTraversable()).isTrue();
        robot.interact(previous::requestFocus);
        robot.type(KeyCode.ENTER);
        untilShown("Question one", "Answer A.");
        assertThat(accessibleSwitcher(robot, "Question one")).isEqualTo("version 1 of 2");

        // Alt+Right on the focused message: the newer version again, with the path below it
        robot.interact(() -> window.conversation().selectedProperty().set(null));
        robot.clickOn(textOf(robot, "Question one"));
        robot.press(KeyCode.ALT, KeyCode.RIGHT).release(KeyCode.RIGHT, KeyCode.ALT);
        untilShown("Question two", "Answer C.", "Follow-up", "Answer D.");
        robot.press(KeyCode.ALT, KeyCode.LEFT).release(KeyCode.LEFT, KeyCode.ALT);
        untilShown("Question one", "Answer A.");

        // the choice is saved in the session, and survives closing the window
        store().flush().get(10, TimeUnit.SECONDS);
        harness.close();
        try (SessionStore reopened = SessionStore.open(harness.dataDir, false, p -> { })) {
            assertThat(texts(reopened.get(session).orElseThrow().messages())).containsExactly("Question one",
                    "Answer A.");
        }
    }

    @Test
    void branchFromHereOpensANewChatWithThePathUpToTheMessageLinkedBackToTheOriginal(FxRobot robot) throws Exception {
        open(robot, "First answer.", "Second answer.");
        String original = window.sessions().selectedIdProperty().get();
        send(robot, "First question");
        send(robot, "Second question");
        String firstReply = window.conversation().messages().get(1).text();
        String title = store().get(original).orElseThrow().title();

        robot.clickOn(action(robot, firstReply, ChatStyles.ACTION_BRANCH));
        untilFx(() -> !original.equals(window.conversation().shownIdProperty().get())
                && window.conversation().shownIdProperty().get() != null);
        String branch = window.conversation().shownIdProperty().get();
        assertThat(window.sessions().selectedIdProperty().get()).isEqualTo(branch);
        assertThat(window.conversation().messages()).extracting(MessageItem::text)
                .containsExactly("First question", firstReply);
        Session made = store().get(branch).orElseThrow();
        assertThat(made.title()).isEqualTo(ConversationEdits.branchTitle(title));
        assertThat(made.branchedFrom()).hasValueSatisfying(from -> {
            assertThat(from.sessionId()).isEqualTo(original);
            assertThat(from.messageId()).isEqualTo(store().get(original).orElseThrow().messages().get(1).id());
        });
        assertThat(store().get(original).orElseThrow().messages()).hasSize(4); // the original is untouched

        Hyperlink link = robot.lookup("#" + ConversationView.BRANCHED_FROM_ID).queryAs(Hyperlink.class);
        untilFx(link::isVisible);
        assertThat(link.getText()).isEqualTo("Branched from \u201c" + title + "\u201d");
        robot.clickOn(link);
        untilFx(() -> original.equals(window.conversation().shownIdProperty().get()));
        untilFx(() -> window.conversation().selectedProperty().get() != null
                && firstReply.equals(window.conversation().selectedProperty().get().text()));
        assertThat(link.isVisible()).isFalse();
    }

    @Test
    void deleteMovesTheMessageAndTheVersionsBelowItToTheTrashWithAnUndo(FxRobot robot) throws Exception {
        open(robot, "Kept answer.", "First answer.", "Second answer.");
        String session = window.sessions().selectedIdProperty().get();
        send(robot, "Keep this");
        send(robot, "Delete this");
        robot.press(KeyCode.SHORTCUT, KeyCode.R).release(KeyCode.R, KeyCode.SHORTCUT); // a second reply version
        untilFx(() -> store().get(session).orElseThrow().allMessages().size() == 5
                && window.conversation().stateProperty().get() == dev.tidemark.ui.chat.ConversationViewModel.State.IDLE);
        List<String> before = texts(store().get(session).orElseThrow().allMessages());

        robot.clickOn(action(robot, "Delete this", ChatStyles.ACTION_DELETE));
        untilFx(() -> window.notices().isShowing() && window.conversation().messages().size() == 2);
        assertThat(window.notices().text()).contains("Deleted the message and 2 messages below it").contains("trash");
        assertThat(store().get(session).orElseThrow().allMessages()).hasSize(2);
        // the copy in the trash is on disk before anything was deleted: a restart now loses nothing
        List<SessionSummary> trash = store().trash();
        assertThat(trash).hasSize(1);
        String copy = Files.readString(harness.dataDir.resolve("sessions").resolve(trash.get(0).id() + ".json"));
        assertThat(copy).contains("Delete this").contains("deletedAt");
        assertThat(store().get(trash.get(0).id()).orElseThrow().allMessages()).hasSize(3);

        Button undo = robot.lookup(".notification-bar .button").match((Node n) -> n instanceof Button b
                && "Undo".equals(b.getText())).queryAs(Button.class);
        robot.clickOn(undo);
        untilFx(() -> window.conversation().messages().size() == 4);
        assertThat(texts(store().get(session).orElseThrow().allMessages())).isEqualTo(before);
        assertThat(window.conversation().messages().get(2).text()).isEqualTo("Delete this");
        assertThat(switcherOf(robot, window.conversation().messages().get(3).text())).isEqualTo("2 / 2");
    }

    /** Opens the window on an OpenAI-compatible service on loopback that gives these answers, in order. */
    private void open(FxRobot robot, String... answers) throws Exception {
        for (String answer : answers) {
            server.enqueue(SlowSseBody.openAi(List.of(answer), Duration.ZERO).response());
        }
        server.start();
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN, Journal.Options.defaults(), Duration.ofMillis(2),
                Map.of("OPENAI_BASE_URL", server.url("/v1").toString(), "OPENAI_API_KEY", "sk-test-versions"));
        robot.interact(() -> window.conversation().providerIdProperty().set("openai"));
    }

    private SessionStore store() {
        return window.services().chat().store();
    }

    private void send(FxRobot robot, String text) {
        int expected = window.conversation().messages().size() + 2;
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write(text).type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == expected
                && window.conversation().messages().get(expected - 1).status() == MessageStatus.COMPLETE);
    }

    /** Waits until the conversation shows exactly these messages, the last one complete. */
    private void untilShown(String... texts) {
        untilFx(() -> window.conversation().messages().stream().map(MessageItem::text).toList().equals(List.of(texts))
                && window.conversation().messages().get(texts.length - 1).status() == MessageStatus.COMPLETE
                && window.conversation().stateProperty().get() == dev.tidemark.ui.chat.ConversationViewModel.State.IDLE);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The turns of the last request the model service received, as "role: text". */
    private List<String> sentTurns() throws Exception {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        JsonNode body = JSON.readTree(request.getBody().utf8());
        List<String> turns = new ArrayList<>();
        for (JsonNode m : body.get("messages")) {
            if (!"system".equals(m.path("role").asText())) {
                turns.add(m.path("role").asText() + ": " + m.path("content").asText());
            }
        }
        return turns;
    }

    private String journalText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(harness.dataDir.resolve(Journal.DIRECTORY))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                text.append(Files.readString(f));
            }
        }
        return text.toString();
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(Message::text).toList();
    }

    /** The card (list cell) of the message with this text. */
    private static ListCell<?> cellOf(FxRobot robot, String text) {
        return robot.lookup(".list-cell").match((Node n) -> n instanceof ListCell<?> c && c.isVisible()
                && c.getItem() instanceof MessagePart p && p.isLast() && text.equals(p.item().text()))
                .queryAs(ListCell.class);
    }

    private static Node textOf(FxRobot robot, String text) {
        return robot.from(cellOf(robot, text)).lookup("." + ChatStyles.MESSAGE_ROLE).query();
    }

    private static Button action(FxRobot robot, String text, String actionClass) {
        return robot.from(cellOf(robot, text)).lookup("." + actionClass).queryAs(Button.class);
    }

    private static Button stepButton(FxRobot robot, String text, String stepClass) {
        return robot.from(cellOf(robot, text)).lookup("." + stepClass).queryAs(Button.class);
    }

    private static String switcherOf(FxRobot robot, String text) {
        Node switcher = robot.from(cellOf(robot, text)).lookup("." + ChatStyles.VERSION_SWITCHER).query();
        assertThat(switcher.isVisible()).isTrue();
        return robot.from(switcher).lookup("." + ChatStyles.VERSION_POSITION).queryAs(Label.class).getText();
    }

    private static String accessibleSwitcher(FxRobot robot, String text) {
        return robot.from(cellOf(robot, text)).lookup("." + ChatStyles.VERSION_SWITCHER).query().getAccessibleText();
    }
}
