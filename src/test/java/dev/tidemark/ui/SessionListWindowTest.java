package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionSummary;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.sessions.SessionListViewModel;
import dev.tidemark.ui.sessions.SessionRow;
import dev.tidemark.ui.sessions.SessionStyles;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session list in the real window on a real data directory: groups by day, pinned on top, a
 * damaged session among good ones, rename, pin, and delete with undo; every session reads with no
 * provider set up.
 */
@ExtendWith(WindowExtension.class)
class SessionListWindowTest {

    private WindowHarness harness;
    private MainWindow window;

    @BeforeEach
    void someHistory() throws Exception {
        Instant now = Instant.now();
        try (SessionStore store = SessionStore.open(harness.dataDir, true, p -> { })) {
            store.put(chat("pinned", "Pinned long ago", now.minus(Duration.ofDays(40)), 2).withPinned(true));
            store.put(chat("today", "Asked today", now.minusSeconds(1), 2));
            store.put(chat("yesterday", "Asked yesterday", now.minus(Duration.ofDays(1)), 4));
            store.put(chat("week", "Asked this week", now.minus(Duration.ofDays(3)), 2));
            store.put(chat("month", "Asked this month", now.minus(Duration.ofDays(20)), 2));
            store.put(chat("older", "Asked long ago", now.minus(Duration.ofDays(90)), 2));
            store.put(chat("damaged", "Half a chat", now.minus(Duration.ofDays(2)), 6));
            store.flush().get(10, TimeUnit.SECONDS);
        }
        Path damaged = harness.dataDir.resolve("sessions").resolve("damaged.json");
        String whole = Files.readString(damaged);
        Files.writeString(damaged, whole.substring(0, whole.indexOf("answer 3") - 30)); // cut inside message 4
    }

    private static Session chat(String id, String title, Instant at, int messages) {
        List<Message> list = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            list.add(i % 2 == 0 ? Message.user(id + i, "question " + i, at.minusSeconds(messages - i))
                    : Message.user(id + i, "answer " + i, at.minusSeconds(messages - i)));
        }
        return new Session(id, title, at.minusSeconds(messages + 1), at, list);
    }

    private void open(FxRobot robot) throws Exception {
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN);
    }

    private List<String> rows() {
        return window.sessions().rows().stream().map(r -> r instanceof SessionRow.Header h ? "# " + h.label()
                : ((SessionRow.Item) r).summary().title()).toList();
    }

    private Node cell(FxRobot robot, String title) {
        return robot.lookup("." + SessionStyles.SESSION_TITLE).match((Node n) -> n instanceof Labeled l
                && title.equals(l.getText()) && n.isVisible()).query();
    }

    @Test
    void groupsByDayWithPinnedOnTopAndShowsTheHeaders(FxRobot robot) throws Exception {
        open(robot);
        assertThat(rows()).containsExactly(
                "# " + SessionListViewModel.PINNED, "Pinned long ago",
                "# " + SessionListViewModel.TODAY, "Asked today",
                "# " + SessionListViewModel.YESTERDAY, "Asked yesterday",
                "# " + SessionListViewModel.PREVIOUS_7_DAYS, "Half a chat", "Asked this week",
                "# " + SessionListViewModel.PREVIOUS_30_DAYS, "Asked this month",
                "# " + SessionListViewModel.OLDER, "Asked long ago");
        List<String> headers = robot.lookup("." + SessionStyles.SESSION_GROUP + " .label").queryAllAs(Label.class)
                .stream()
                .filter(Node::isVisible).map(Label::getText).toList();
        assertThat(headers).contains(SessionListViewModel.PINNED, SessionListViewModel.TODAY,
                SessionListViewModel.YESTERDAY);
        // a header is never the selection: Down from the pinned session skips "Today"
        robot.clickOn(cell(robot, "Pinned long ago")).type(KeyCode.DOWN);
        assertThat(window.sessions().selectedIdProperty().get()).isEqualTo("today");
        // the filter keeps only matching sessions, under their headers
        robot.interact(() -> window.sessions().filterProperty().set("this"));
        assertThat(rows()).containsExactly("# " + SessionListViewModel.PREVIOUS_7_DAYS, "Asked this week",
                "# " + SessionListViewModel.PREVIOUS_30_DAYS, "Asked this month");
    }

    @Test
    void aDamagedSessionIsListedMarkedAndReadOnlyAndTheOthersWork(FxRobot robot) throws Exception {
        open(robot);
        assertThat(harness.problems).anyMatch(p -> p.contains("damaged.json"));
        Node damagedCell = cell(robot, "Half a chat");
        robot.clickOn(damagedCell);
        ConversationViewModel conversation = window.conversation();
        untilFx(() -> "damaged".equals(conversation.shownIdProperty().get()));
        assertThat(conversation.messages()).extracting(m -> m.text())
                .containsExactly("question 0", "answer 1", "question 2");
        assertThat(conversation.stateProperty().get()).isEqualTo(ConversationViewModel.State.READ_ONLY);
        assertThat(conversation.noticeProperty().get()).contains("damaged");
        assertThat(robot.lookup("#" + ConversationView.COMPOSER_ID).queryAs(TextArea.class).isDisabled()).isTrue();
        List<String> markers = robot.lookup("." + SessionStyles.SESSION_DAMAGED).queryAllAs(Label.class).stream()
                .filter(Node::isVisible).map(Label::getText).toList();
        assertThat(markers).containsExactly("Damaged file, read-only");
        // it cannot be renamed or deleted (that would write over it), and says so
        robot.type(KeyCode.DELETE);
        untilFx(() -> String.valueOf(window.notices().text()).contains("read-only"));
        assertThat(window.sessions().sessions()).extracting(SessionSummary::id).contains("damaged");

        robot.clickOn(cell(robot, "Asked yesterday"));
        untilFx(() -> "yesterday".equals(conversation.shownIdProperty().get()));
        assertThat(conversation.messages()).hasSize(4);
        assertThat(conversation.stateProperty().get()).isEqualTo(ConversationViewModel.State.IDLE);
        assertThat(conversation.noticeProperty().get()).isEmpty();
    }

    @Test
    void deleteMovesToTheTrashWithAnUndoInTheNotification(FxRobot robot) throws Exception {
        open(robot);
        robot.clickOn(cell(robot, "Asked yesterday")).type(KeyCode.DELETE);
        untilFx(() -> window.notices().isShowing());
        assertThat(rows()).doesNotContain("Asked yesterday", "# " + SessionListViewModel.YESTERDAY);
        assertThat(window.notices().text()).contains("Asked yesterday").contains("trash");
        assertThat(harness.workspace.store().trash()).extracting(SessionSummary::id).containsExactly("yesterday");
        assertThat(window.sessions().selectedIdProperty().get()).isNotEqualTo("yesterday").isNotNull();

        Button undo = robot.lookup(".notification-bar .button").match((Node n) -> n instanceof Button b
                && "Undo".equals(b.getText())).queryAs(Button.class);
        robot.clickOn(undo);
        untilFx(() -> rows().contains("Asked yesterday"));
        untilFx(() -> "yesterday".equals(window.sessions().selectedIdProperty().get()));
        assertThat(harness.workspace.store().trash()).isEmpty();
        untilFx(() -> "yesterday".equals(window.conversation().shownIdProperty().get()));
        assertThat(window.conversation().messages()).hasSize(4);

        robot.clickOn(cell(robot, "Asked this week")).type(KeyCode.DELETE);
        untilFx(() -> !rows().contains("Asked this week"));
        harness.workspace.store().flush().get(10, TimeUnit.SECONDS);
        assertThat(Files.readString(harness.dataDir.resolve("sessions").resolve("week.json"))).contains("\"deletedAt\"");
    }

    @Test
    void renameInPlaceWithF2AndPinFromTheContextMenu(FxRobot robot) throws Exception {
        open(robot);
        robot.clickOn(cell(robot, "Asked this month")).type(KeyCode.F2);
        WaitForAsyncUtils.waitForFxEvents();
        robot.push(KeyCode.CONTROL, KeyCode.A).write("Budget for 2027").type(KeyCode.ENTER);
        untilFx(() -> rows().contains("Budget for 2027"));
        assertThat(harness.workspace.store().summary("month").orElseThrow().title()).isEqualTo("Budget for 2027");

        // Monocle's robot does not synthesize the platform's context-menu request: fire it on the cell
        Node title = cell(robot, "Budget for 2027");
        robot.rightClickOn(title);
        robot.interact(() -> {
            javafx.geometry.Bounds b = title.localToScreen(title.getBoundsInLocal());
            javafx.event.Event.fireEvent(title, new javafx.scene.input.ContextMenuEvent(
                    javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, 2, 2, b.getMinX() + 2,
                    b.getMinY() + 2, false, null));
        });
        WaitForAsyncUtils.waitForFxEvents();
        Node pin = robot.lookup(".context-menu .menu-item").queryAll().stream()
                .filter(n -> n.isVisible() && n.getScene() != null)
                .filter(n -> n.lookupAll(".label").stream()
                        .anyMatch(l -> l instanceof Labeled label && "Pin to top".equals(label.getText())))
                .findFirst().orElseThrow(() -> new AssertionError("no Pin to top in the context menu"));
        robot.clickOn(pin);
        untilFx(() -> rows().indexOf("Budget for 2027") < rows().indexOf("# " + SessionListViewModel.TODAY));
        assertThat(rows().subList(0, 3)).containsExactly("# " + SessionListViewModel.PINNED, "Budget for 2027",
                "Pinned long ago");
        harness.workspace.store().flush().get(10, TimeUnit.SECONDS);
        assertThat(Files.readString(harness.dataDir.resolve("sessions").resolve("month.json")))
                .contains("\"pinned\" : true").contains("Budget for 2027");
    }

    @Test
    void aDamagedChatIsSetAsideFromItsContextMenuAndLeavesTheList(FxRobot robot) throws Exception {
        byte[] damaged = Files.readAllBytes(harness.dataDir.resolve("sessions").resolve("damaged.json"));
        open(robot);
        Node title = cell(robot, "Half a chat");
        robot.clickOn(title);
        untilFx(() -> "damaged".equals(window.conversation().shownIdProperty().get()));
        // a good chat's menu has no such item
        assertThat(contextMenuItem(robot, cell(robot, "Asked yesterday"), "Set aside damaged file")
                .isPresent()).isFalse();
        robot.type(KeyCode.ESCAPE);

        robot.clickOn(contextMenuItem(robot, cell(robot, "Half a chat"), "Set aside damaged file").orElseThrow());

        untilFx(() -> !rows().contains("Half a chat"));
        untilFx(() -> String.valueOf(window.notices().text()).contains("Set aside the damaged chat \u201cHalf a chat\u201d"));
        assertThat(window.notices().text()).contains("sessions/damaged/damaged.json");
        Path aside = harness.dataDir.resolve("sessions").resolve("damaged");
        assertThat(Files.readAllBytes(aside.resolve("damaged.json"))).isEqualTo(damaged);
        assertThat(Files.readString(aside.resolve("damaged.json.note.txt"))).contains("Half a chat");
        assertThat(harness.workspace.store().summaries()).extracting(SessionSummary::id).doesNotContain("damaged");
        untilFx(() -> window.conversation().shownIdProperty().get() != null
                && !"damaged".equals(window.conversation().shownIdProperty().get()));
    }

    /** Opens the row's context menu (Monocle's robot does not synthesize the request) and finds an item by its text. */
    private static java.util.Optional<Node> contextMenuItem(FxRobot robot, Node row, String text) {
        robot.rightClickOn(row);
        robot.interact(() -> {
            javafx.geometry.Bounds b = row.localToScreen(row.getBoundsInLocal());
            javafx.event.Event.fireEvent(row, new javafx.scene.input.ContextMenuEvent(
                    javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, 2, 2, b.getMinX() + 2,
                    b.getMinY() + 2, false, null));
        });
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(".context-menu .menu-item").queryAll().stream()
                .filter(n -> n.isVisible() && n.getScene() != null && n.getScene().getWindow().isShowing())
                .filter(n -> n.lookupAll(".label").stream()
                        .anyMatch(l -> l instanceof Labeled label && text.equals(label.getText())))
                .findFirst();
    }

    @Test
    void everySessionOpensAndReadsWithNoProviderSetUp(FxRobot robot) throws Exception {
        open(robot);
        assertThat(harness.settings.providers()).isEmpty();
        for (SessionSummary s : List.copyOf(window.sessions().sessions())) {
            robot.interact(() -> window.sessions().selectedIdProperty().set(s.id()));
            untilFx(() -> s.id().equals(window.conversation().shownIdProperty().get()));
            assertThat(window.conversation().messages()).as(s.title()).hasSize(s.messageCount());
        }
    }
}
