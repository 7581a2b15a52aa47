package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.history.SearchHit;
import dev.tidemark.history.SearchIndex;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.search.MessageSearchPane;
import dev.tidemark.ui.sessions.SessionsPane;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** Search in messages in the real window: type, see the highlighted match, click it, land on the message. */
@ExtendWith(WindowExtension.class)
class MessageSearchTest {

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    private WindowHarness harness;
    private MainWindow window;

    @Test
    void typingFindsAHighlightedMatchAndClickingItSelectsTheMessage(FxRobot robot) throws Exception {
        writeSessions();
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN, Journal.Options.defaults(), Duration.ofMillis(2));
        String shownFirst = window.sessions().selectedIdProperty().get();
        assertThat(shownFirst).isEqualTo("newest");
        // the window's start-up work is over once the first chat is on screen: the index had its chance to open
        untilFx(() -> "newest".equals(window.conversation().shownIdProperty().get()));
        assertThat(window.services().searchIndex().isOpen()).as("the index waits until search in messages is opened").isFalse();
        assertThat(harness.dataDir.resolve(SearchIndex.DIRECTORY)).doesNotExist();

        robot.press(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.F).release(KeyCode.F, KeyCode.SHIFT, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        untilFx(() -> window.services().searchIndex().isOpen());
        window.services().searchIndex().get().ready().get(30, TimeUnit.SECONDS);
        assertThat(window.services().searchIndex().get().isIndexed()).as("caught up with the sessions written before").isTrue();
        Node pane = robot.lookup(".message-search-pane").query();
        assertThat(pane.isVisible()).isTrue();
        assertThat(shown(robot.lookup("#" + SessionsPane.SEARCH_ID).query())).isFalse();
        assertThat(robot.lookup("#" + MessageSearchPane.FIELD_ID).query().isFocused()).isTrue();

        robot.write("lighth");
        ListView<SearchHit> results = robot.lookup("#" + MessageSearchPane.RESULTS_ID).queryListView();
        untilFx(() -> results.getItems().size() == 1);
        SearchHit hit = results.getItems().get(0);
        assertThat(hit.sessionId()).isEqualTo("older");
        assertThat(hit.messageIndex()).isEqualTo(7);

        TextFlow snippet = robot.from(results).lookup(".search-snippet").queryAs(TextFlow.class);
        List<Text> matches = new ArrayList<>();
        for (Node n : snippet.getChildren()) {
            if (n.getStyleClass().contains("search-match")) {
                matches.add((Text) n);
            }
        }
        assertThat(matches).extracting(Text::getText).containsExactly("lighthouse");
        Text match = matches.get(0);
        Text plain = (Text) snippet.getChildren().stream().filter(n -> !n.getStyleClass().contains("search-match"))
                .findFirst().orElseThrow();
        untilFx(() -> match.getFont().getStyle().toLowerCase(Locale.ROOT).contains("bold")); // styled at the next pulse
        assertThat(match.getFont().getStyle()).as("the match is bold").containsIgnoringCase("bold");
        assertThat(match.getFill()).as("the match has the accent colour").isNotEqualTo(plain.getFill());
        assertThat(robot.lookup("#" + MessageSearchPane.SUMMARY_ID).queryLabeled().getText()).isEqualTo("1 match");

        robot.clickOn(snippet);
        untilFx(() -> "older".equals(window.sessions().selectedIdProperty().get()));
        ListView<dev.tidemark.ui.chat.MessagePart> conversation =
                robot.lookup("#" + ConversationView.LIST_ID).queryListView();
        untilFx(() -> conversation.getSelectionModel().getSelectedIndex() == 7);
        assertThat(conversation.getSelectionModel().getSelectedItem().item().id()).isEqualTo("older-7");
        assertThat(window.conversation().selectedProperty().get().text()).contains("lighthouse");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(conversation.lookupAll(".list-cell").stream()
                .filter(c -> c instanceof javafx.scene.control.ListCell<?> cell && cell.getIndex() == 7
                        && cell.isVisible()).count()).as("the message is on screen").isEqualTo(1);

        robot.clickOn("#" + MessageSearchPane.FIELD_ID).type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(pane.isVisible()).isFalse();
        assertThat(shown(robot.lookup("#" + SessionsPane.SEARCH_ID).query())).isTrue();
    }

    @Test
    void aReplyJustSentIsFound(FxRobot robot) throws Exception {
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN, Journal.Options.defaults(), Duration.ofMillis(2));
        window.services().searchIndex().get().ready().get(30, TimeUnit.SECONDS);
        harness.chat(robot, "tell me about quasicrystals");
        window.services().searchIndex().get().flush().get(10, TimeUnit.SECONDS);
        robot.interact(window::openMessageSearch);
        robot.write("quasicr");
        ListView<SearchHit> results = robot.lookup("#" + MessageSearchPane.RESULTS_ID).queryListView();
        untilFx(() -> !results.getItems().isEmpty());
        List<SearchHit> hits = new ArrayList<>();
        robot.interact(() -> hits.addAll(results.getItems())); // the list is the FX thread's
        assertThat(hits).anySatisfy(h -> {
            assertThat(h.role()).isEqualTo(Role.USER);
            assertThat(h.snippet().markedWords()).containsExactly("quasicrystals");
        });
    }

    @Test
    void aHitInAVersionNotShownOpensTheChatAtThatVersion(FxRobot robot) throws Exception {
        try (SessionStore store = SessionStore.open(harness.dataDir, true, p -> { })) {
            Message question = Message.user("q", "Which lighthouse guards the Goulet?", T0);
            Message first = new Message("a1", Role.ASSISTANT, "The Petit Minou lighthouse, since 1848.",
                    MessageStatus.COMPLETE, T0.plusSeconds(1), "demo", null);
            Message second = new Message("a2", Role.ASSISTANT, "Portzic, on the north shore.",
                    MessageStatus.COMPLETE, T0.plusSeconds(2), "demo", null);
            Session tree = new Session("versions", "Goulet", T0, T0.plusSeconds(2), List.of(question))
                    .withChild("q", first, T0.plusSeconds(1)).withChild("q", second, T0.plusSeconds(2));
            assertThat(tree.messages()).extracting(Message::id).containsExactly("q", "a2");
            store.put(tree);
            store.flush().get(10, TimeUnit.SECONDS);
        }
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN, Journal.Options.defaults(), Duration.ofMillis(2));
        untilFx(() -> "versions".equals(window.conversation().shownIdProperty().get()));
        assertThat(window.conversation().messages()).extracting(m -> m.id()).containsExactly("q", "a2");
        robot.interact(window::openMessageSearch);
        window.services().searchIndex().get().ready().get(30, TimeUnit.SECONDS);
        robot.write("minou");
        ListView<SearchHit> results = robot.lookup("#" + MessageSearchPane.RESULTS_ID).queryListView();
        untilFx(() -> results.getItems().size() == 1);
        assertThat(results.getItems().get(0).messageId()).isEqualTo("a1");

        robot.clickOn(robot.from(results).lookup(".search-snippet").queryAs(TextFlow.class));
        untilFx(() -> window.conversation().messages().stream().anyMatch(m -> m.id().equals("a1")));
        assertThat(window.conversation().messages()).extracting(m -> m.id()).containsExactly("q", "a1");
        untilFx(() -> window.conversation().selectedProperty().get() != null
                && "a1".equals(window.conversation().selectedProperty().get().id()));
        // the version shown is the session's choice now, saved as the switcher saves it
        untilFx(() -> window.services().chat().store().get("versions").orElseThrow().messages().get(1).id().equals("a1"));
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** Two sessions on disk before the window opens; the match is deep in the older one. */
    private void writeSessions() throws Exception {
        try (SessionStore store = SessionStore.open(harness.dataDir, true, p -> { })) {
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String text = i == 7 ? "The lighthouse at Petit Minou was built in 1848 to guide ships." + "\n\n"
                        + "More about the coast. ".repeat(20)
                        : "Message " + i + " about tides and harbours. " + "Filler text for scrolling. ".repeat(25);
                messages.add(new Message("older-" + i, i % 2 == 0 ? Role.USER : Role.ASSISTANT, text,
                        MessageStatus.COMPLETE, T0.plusSeconds(i), i % 2 == 0 ? null : "demo", null));
            }
            store.put(new Session("older", "Breton coast", T0, T0.plusSeconds(12), messages));
            store.put(new Session("newest", "Bread", T0.plusSeconds(100), T0.plusSeconds(101), List.of(
                    Message.user("newest-0", "How long does sourdough rise?", T0.plusSeconds(100)))));
            store.flush().get(10, TimeUnit.SECONDS);
        }
        assertThat(Files.list(harness.dataDir.resolve("sessions"))
                .filter(f -> !f.getFileName().toString().equals(SessionStore.INDEX)).count()).isEqualTo(2);
    }
}
