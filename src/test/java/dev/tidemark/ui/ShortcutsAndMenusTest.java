package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.health.Problem;
import dev.tidemark.journal.FaultyStorage;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.settings.Appearance;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.MessageItem;
import dev.tidemark.ui.sessions.SessionSettingsPane;
import dev.tidemark.ui.sessions.SessionsPane;
import dev.tidemark.ui.shell.NoticeBar;
import dev.tidemark.ui.shell.ShellActions;
import dev.tidemark.ui.shell.ShellStyles;
import dev.tidemark.ui.shell.StatusViewModel;
import dev.tidemark.ui.theme.ColorScheme;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;
import org.controlsfx.control.action.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** Every shortcut, the same commands from the menus, and background trouble said in a notification. */
@ExtendWith(WindowExtension.class)
class ShortcutsAndMenusTest {

    private WindowHarness harness;
    private MainWindow window;

    private void open(FxRobot robot, Duration demoTokens) throws Exception {
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN, Journal.Options.defaults(), demoTokens);
    }

    private static void shortcut(FxRobot robot, KeyCode... keys) {
        List<KeyCode> all = new ArrayList<>(List.of(KeyCode.SHORTCUT));
        all.addAll(List.of(keys));
        robot.press(all.toArray(KeyCode[]::new));
        List<KeyCode> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        robot.release(reversed.toArray(KeyCode[]::new));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void escapeStopsAStreamingDemoReplyAndKeepsWhatArrived(FxRobot robot) throws Exception {
        open(robot, Duration.ofMillis(60));
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("tell me about tides").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).text().length() > 10);
        assertThat(window.actions().stop.isDisabled()).isFalse();

        robot.type(KeyCode.ESCAPE);
        untilFx(() -> window.conversation().messages().get(1).status() == MessageStatus.STOPPED);
        String kept = window.conversation().messages().get(1).text();
        assertThat(kept).isNotEmpty();
        assertThat(window.actions().stop.isDisabled()).isTrue();
        // the demo plays replies one token at a time on one thread, in order: once the next reply shows
        // its first token, anything of the stopped reply still in flight has had its chance to show
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("and the moon?").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 4
                && !window.conversation().messages().get(3).text().isEmpty());
        assertThat(window.conversation().messages().get(1).text()).isEqualTo(kept);
        assertThat(window.conversation().messages().get(1).status()).isEqualTo(MessageStatus.STOPPED);
    }

    @Test
    void aLinkInAReplyOpensInTheSystemBrowserNotInTheApp(FxRobot robot) throws Exception {
        open(robot, Duration.ofMillis(1));
        // the demo quotes the prompt in its reply, where the markdown link becomes a link
        harness.chat(robot, "see [the tide table](https://example.org/tides) please");
        Node link = robot.lookup((Node n) -> n instanceof javafx.scene.text.Text t
                && "the tide table".equals(t.getText())
                && t.getStyleClass().contains(dev.tidemark.ui.markdown.MarkdownStyles.LINK)).query();
        assertThat(harness.browsed).isEmpty();
        robot.clickOn(link);
        untilFx(() -> !harness.browsed.isEmpty());
        assertThat(harness.browsed).containsExactly("https://example.org/tides");
        assertThat(window.conversation().messages()).hasSize(2);
    }

    @Test
    void ctrlNStartsANewChatAndCtrlKSearchesTheListLive(FxRobot robot) throws Exception {
        open(robot, Duration.ofMillis(2));
        String first = window.sessions().selectedIdProperty().get();
        titled(first, "Tides and the moon");
        shortcut(robot, KeyCode.N);
        String second = window.sessions().selectedIdProperty().get();
        assertThat(second).isNotEqualTo(first);
        titled(second, "Packing for Lisbon");
        shortcut(robot, KeyCode.N);
        assertThat(window.sessions().sessions()).hasSize(3);

        shortcut(robot, KeyCode.K);
        TextField search = robot.lookup("#" + SessionsPane.SEARCH_ID).queryAs(TextField.class);
        assertThat(window.scene().getFocusOwner()).isSameAs(search);
        robot.write("TIDE");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownTitles()).containsExactly("Tides and the moon");
        robot.type(KeyCode.BACK_SPACE, 4).write("lis");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownTitles()).containsExactly("Packing for Lisbon");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.sessions().selectedIdProperty().get()).isEqualTo(second);

        robot.interact(search::clear);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownTitles()).hasSize(3);
    }

    @Test
    void ctrlCommaOpensTheSettingsAndCtrlShiftCommaTheChatSettings(FxRobot robot) throws Exception {
        open(robot, Duration.ofMillis(2));
        shortcut(robot, KeyCode.COMMA);
        untilFx(() -> window.settingsDialog().isPresent());
        robot.interact(() -> window.settingsDialog().orElseThrow().dialog().close());
        WaitForAsyncUtils.waitForFxEvents();

        shortcut(robot, KeyCode.SHIFT, KeyCode.COMMA);
        assertThat(robot.lookup("#" + SessionSettingsPane.ID).tryQuery()).isPresent();
        assertThat(window.actions().chatSettings.isSelected()).isTrue();
        shortcut(robot, KeyCode.SHIFT, KeyCode.COMMA);
        assertThat(robot.lookup("#" + SessionSettingsPane.ID).tryQuery()).isEmpty();
    }

    @Test
    void ctrlCCopiesTheSelectedMessageAndCtrlShiftCTheLastReplyButFieldsKeepTheirOwnCopy(FxRobot robot)
            throws Exception {
        open(robot, Duration.ofMillis(2));
        harness.chat(robot, "first question");
        MainWindow w = window;
        MessageItem reply = w.conversation().messages().get(1);

        shortcut(robot, KeyCode.SHIFT, KeyCode.C);
        assertThat(harness.clipboard).containsExactly(reply.text());

        @SuppressWarnings("unchecked")
        ListView<MessageItem> list = robot.lookup("#" + ConversationView.LIST_ID).queryAs(ListView.class);
        robot.interact(() -> list.getSelectionModel().select(0));
        shortcut(robot, KeyCode.C);
        assertThat(harness.clipboard).containsExactly(reply.text(), "first question");

        // text selected in the composer is what Ctrl+C copies there, not the selected message
        TextArea composer = robot.lookup("#" + ConversationView.COMPOSER_ID).queryAs(TextArea.class);
        robot.clickOn(composer).write("draft words");
        robot.interact(() -> composer.selectRange(0, 5));
        shortcut(robot, KeyCode.C);
        assertThat(harness.clipboard.subList(2, harness.clipboard.size())).isIn(List.of(), List.of("draft"));
    }

    @Test
    void themeAndQuitShortcuts(FxRobot robot) throws Exception {
        open(robot, Duration.ofMillis(2));
        shortcut(robot, KeyCode.SHIFT, KeyCode.L);
        assertThat(window.appearance().schemeProperty().get()).isEqualTo(ColorScheme.DARK);
        shortcut(robot, KeyCode.SHIFT, KeyCode.L);
        assertThat(window.appearance().schemeProperty().get()).isEqualTo(ColorScheme.LIGHT);

        shortcut(robot, KeyCode.Q);
        assertThat(harness.stage.isShowing()).isFalse();
        robot.interact(harness.stage::show);
    }

    @Test
    void theMenusRunTheSameCommands(FxRobot robot) throws Exception {
        open(robot, Duration.ofMillis(60));
        int before = window.sessions().sessions().size();
        harness.menu(robot, "File", "New chat");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.sessions().sessions()).hasSize(before + 1);

        harness.menu(robot, "View", "Theme", "Dark");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.appearance().themeProperty().get()).isEqualTo(Appearance.Theme.DARK);
        harness.menu(robot, "View", "Larger text");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.appearance().fontSizeProperty().get()).isEqualTo(14);

        harness.menu(robot, "Edit", "Search chats");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.scene().getFocusOwner()).isSameAs(robot.lookup("#" + SessionsPane.SEARCH_ID).query());

        harness.menu(robot, "File", "Chat settings…");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#" + SessionSettingsPane.ID).tryQuery()).isPresent();

        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("a long answer please").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.STREAMING);
        harness.menu(robot, "Chat", "Stop");
        untilFx(() -> window.conversation().messages().get(1).status() == MessageStatus.STOPPED);

        harness.menu(robot, "Edit", "Copy last reply");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(harness.clipboard).containsExactly(window.conversation().messages().get(1).text());

        harness.menu(robot, "File", "Settings…");
        untilFx(() -> window.settingsDialog().isPresent());
        robot.interact(() -> window.settingsDialog().orElseThrow().dialog().close());
    }

    @Test
    void everyActionIsInTheMenusWithItsShortcut(FxRobot robot) throws Exception {
        open(robot, Duration.ofMillis(2));
        MenuBar bar = robot.lookup("#" + MainWindow.MENU_BAR_ID).queryAs(MenuBar.class);
        List<MenuItem> items = new ArrayList<>();
        bar.getMenus().forEach(m -> collect(m, items));
        for (Action action : window.actions().all()) {
            assertThat(items).as(action.getText()).anySatisfy(item -> {
                assertThat(item.getText()).isEqualTo(action.getText());
                assertThat(item.getAccelerator()).isEqualTo(action.getAccelerator());
            });
        }
        List<KeyCombination> keys = window.actions().all().stream().map(Action::getAccelerator)
                .filter(k -> k != null).toList();
        assertThat(keys).doesNotHaveDuplicates().contains(ShellActions.NEW_CHAT_KEY, ShellActions.STOP_KEY,
                ShellActions.SEARCH_KEY, ShellActions.SETTINGS_KEY, ShellActions.COPY_MESSAGE_KEY,
                ShellActions.LARGER_KEY, ShellActions.SMALLER_KEY, ShellActions.ACTUAL_SIZE_KEY);
        assertThat(ShellActions.NEW_CHAT_KEY.getName()).startsWith("Shortcut+");
    }

    @Test
    void aDiskThatRefusesIsSaidInANotificationAndTheStatusBarUntilItWritesAgain(FxRobot robot) throws Exception {
        AtomicBoolean full = new AtomicBoolean();
        FaultyStorage storage = new FaultyStorage().beforeWrite(file -> {
            if (full.get()) {
                throw new IOException("No space left on device");
            }
        });
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN, Journal.Options.defaults().withStorage(storage),
                Duration.ofMillis(5));
        StatusBar status = robot.lookup("#" + MainWindow.STATUS_ID).queryAs(StatusBar.class);
        assertThat(status.getText()).isEqualTo(StatusViewModel.SAVED);
        NotificationPane notices = robot.lookup("#" + NoticeBar.ID).queryAs(NotificationPane.class);
        assertThat(notices.isShowing()).isFalse();

        full.set(true);
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("will the disk hold?").type(KeyCode.ENTER);
        untilFx(notices::isShowing);
        assertThat(notices.getText()).contains("cannot write its journal").contains("No space left on device");
        assertThat(status.getText()).contains("No space left on device");
        assertThat(status.getGraphic().getStyleClass()).contains(ShellStyles.STATUS_PROBLEM);
        untilFx(this::noticeOnScreen);

        full.set(false);
        untilFx(() -> status.getText().equals(StatusViewModel.WRITING_AGAIN));
        assertThat(notices.getText()).contains("writing to disk again");
        assertThat(status.getGraphic().getStyleClass()).contains(ShellStyles.STATUS_OK);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
    }

    @Test
    void aProblemMetWhileOpeningIsShownOnceTheWindowIsOnScreen(FxRobot robot) throws Exception {
        harness.beforeShow = w -> w.showProblem(
                new Problem.Unreadable(Problem.Area.SETTINGS, "settings.json", "Unexpected character"));
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN);
        untilFx(() -> window.notices().isShowing());
        assertThat(window.notices().text()).startsWith("Could not read settings.json");
        untilFx(this::noticeOnScreen);
    }

    /** The notification bar has slid in: it has a height and sits inside the notification pane, not above it. */
    private boolean noticeOnScreen() {
        Node pane = window.notices().node();
        Node bar = pane.lookup(".notification-bar");
        if (!window.notices().isShowing() || bar == null || bar.getLayoutBounds().getHeight() < 10) {
            return false;
        }
        Bounds barOnScene = bar.localToScene(bar.getLayoutBounds());
        Bounds paneOnScene = pane.localToScene(pane.getLayoutBounds());
        return barOnScene.getMaxY() > paneOnScene.getMinY() + 10;
    }

    private void titled(String id, String title) {
        window.services().chat().store().update(id, s -> s.withTitle(title, Instant.now()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<String> shownTitles() {
        return window.sessions().shown().stream().map(dev.tidemark.session.SessionSummary::title).toList();
    }

    private static void collect(MenuItem item, List<MenuItem> into) {
        into.add(item);
        if (item instanceof Menu menu) {
            menu.getItems().forEach(i -> collect(i, into));
        }
    }
}
