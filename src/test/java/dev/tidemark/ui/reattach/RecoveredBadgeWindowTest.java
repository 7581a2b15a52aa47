package dev.tidemark.ui.reattach;

import dev.tidemark.app.MainWindow;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.ui.WindowExtension;
import dev.tidemark.ui.WindowHarness;
import dev.tidemark.ui.chat.ChatStyles;
import dev.tidemark.ui.chat.RecoveredBadge;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Recovered badge of a reply as the store holds it: "Recovered · finished" once a re-attach
 * finished it (complete, still recovered), "Recovered" with the reason in its tooltip when it could
 * not be finished, nothing for a reply that was never recovered.
 */
@ExtendWith(WindowExtension.class)
class RecoveredBadgeWindowTest {

    private static final String GONE = "The service no longer has this reply (it keeps one for about ten minutes);"
            + " the text that had arrived is kept.";

    private WindowHarness harness;

    @Test
    void aFinishedReplySaysSoAndOneThatCouldNotBeFinishedSaysWhyInItsTooltip(FxRobot robot) throws Exception {
        MainWindow window = harness.open(robot);
        Instant at = Instant.now();
        harness.workspace.store().put(chat("finished", at, new Message("a1", Role.ASSISTANT, "All of it.",
                MessageStatus.COMPLETE, at, "gpt-test", null, "", List.of(), false, null, "finished-q")
                .withRecovered(true)));
        harness.workspace.store().put(chat("gone", at.minusSeconds(5), new Message("a2", Role.ASSISTANT,
                "Part of", MessageStatus.RECOVERED, at, "gpt-test", GONE, "", List.of(), false, null, "gone-q")));
        harness.workspace.store().put(chat("plain", at.minusSeconds(10), new Message("a3", Role.ASSISTANT,
                "Fine.", MessageStatus.COMPLETE, at, "gpt-test", null, "", List.of(), false, null, "plain-q")));

        show(robot, window, "finished");
        Label finished = badge(robot).orElseThrow();
        assertThat(finished.getText()).isEqualTo(RecoveredBadge.FINISHED);
        assertThat(finished.getStyleClass()).contains(ChatStyles.RECOVERED_FINISHED);

        show(robot, window, "gone");
        Label gone = badge(robot).orElseThrow();
        assertThat(gone.getText()).isEqualTo(RecoveredBadge.RECOVERED);
        assertThat(gone.getStyleClass()).doesNotContain(ChatStyles.RECOVERED_FINISHED);
        assertThat(onFx(() -> gone.getTooltip().getText())).isEqualTo(GONE);

        show(robot, window, "plain");
        assertThat(badge(robot)).isEmpty();
    }

    private static Session chat(String id, Instant at, Message reply) {
        Message question = Message.user(id + "-q", "Go on", at.minusSeconds(1));
        return new Session(id, "Chat " + id, at.minusSeconds(2), at, List.of(question, reply));
    }

    private static void show(FxRobot robot, MainWindow window, String id) {
        untilFx(() -> window.sessions().sessions().stream().anyMatch(s -> s.id().equals(id)));
        robot.interact(() -> window.sessions().selectedIdProperty().set(id));
        untilFx(() -> id.equals(window.conversation().shownIdProperty().get())
                && window.conversation().messages().size() == 2);
    }

    private static Optional<Label> badge(FxRobot robot) throws Exception {
        return onFx(() -> robot.lookup(".recovered-badge").queryAllAs(Label.class).stream()
                .filter(l -> l.isVisible() && l.getScene() != null).findFirst());
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }
}
