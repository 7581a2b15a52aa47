package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.sessions.SessionListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** A person types as soon as the window is there, or right after New chat, and the words land in the composer. */
@ExtendWith(WindowExtension.class)
class ComposerFocusWindowTest {

    private WindowHarness harness;
    private MainWindow window;

    private TextArea composer(FxRobot robot) {
        return robot.lookup("#" + ConversationView.COMPOSER_ID).queryAs(TextArea.class);
    }

    private void untilTheChatCanTakeAMessage() {
        untilFx(() -> window.conversation().stateProperty().get() == ConversationViewModel.State.IDLE);
    }

    @Test
    void typingRightAfterTheWindowAppearsGoesIntoTheComposer(FxRobot robot) throws Exception {
        window = harness.open(robot);
        untilTheChatCanTakeAMessage();

        robot.write("high tide"); // no click first

        untilFx(() -> "high tide".equals(composer(robot).getText()));
        assertThat(composer(robot).isFocused()).isTrue();
    }

    @Test
    void afterNewChatTheComposerHasTheKeyboard(FxRobot robot) throws Exception {
        window = harness.open(robot);
        untilTheChatCanTakeAMessage();
        harness.chat(robot, "first chat");
        robot.clickOn("#" + SessionListView.ID); // the keyboard is in the session list now
        untilFx(() -> !composer(robot).isFocused());
        String first = window.conversation().sessionIdProperty().get();

        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        untilFx(() -> !first.equals(window.conversation().sessionIdProperty().get()));
        untilTheChatCanTakeAMessage();
        robot.write("low tide");

        untilFx(() -> "low tide".equals(composer(robot).getText()));
        assertThat(composer(robot).isFocused()).isTrue();
    }
}
