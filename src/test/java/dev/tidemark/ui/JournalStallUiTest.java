package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.journal.FaultyStorage;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tidemark.testing.Waits.patiently;
import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** A disk whose force is stuck never freezes the window or the stream. */
@ExtendWith(WindowExtension.class)
class JournalStallUiTest {

    private WindowHarness harness;
    private MainWindow window;

    @Test
    void pulsesAndTokensKeepComingWhileTheJournalForceIsStuck(FxRobot robot) throws Exception {
        AtomicBoolean slow = new AtomicBoolean();
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch unstick = new CountDownLatch(1);
        AtomicInteger textWhenStuck = new AtomicInteger(-1);
        AtomicBoolean stuckForceEnded = new AtomicBoolean();
        FaultyStorage storage = new FaultyStorage().beforeForce(file -> {
            if (slow.get()) {
                if (textWhenStuck.get() < 0) {
                    textWhenStuck.set(replyLengthOnFx());
                }
                forcing.countDown();
                try {
                    // stuck until the test has seen what it came for (bounded, should the test itself fail)
                    unstick.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                } finally {
                    stuckForceEnded.set(true);
                }
            }
        });
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN, Journal.Options.defaults().withStorage(storage),
                Duration.ofMillis(15));
        AtomicInteger pulses = new AtomicInteger();
        AnimationTimer counter = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.incrementAndGet();
            }
        };
        robot.interact(counter::start);

        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("stall");
        slow.set(true); // the next force sticks: the one for the question or for the reply's first tokens
        robot.type(KeyCode.ENTER);
        assertThat(forcing.await(20, TimeUnit.SECONDS)).as("a force is stuck").isTrue();
        try {
            // everything below happens while the force is stuck: it stays stuck until unstick
            int pulsesBefore = pulses.get();
            CountDownLatch posted = new CountDownLatch(1);
            Platform.runLater(posted::countDown);
            assertThat(posted.await(20, TimeUnit.SECONDS)).as("an FX event posted during the stuck force ran").isTrue();
            assertThat(stuckForceEnded).as("... before the force ended").isFalse();
            patiently().untilAsserted(() -> assertThat(pulses.get() - pulsesBefore)
                    .as("FX pulses while the journal force is stuck").isGreaterThan(30));
            patiently().untilAsserted(() -> assertThat(replyLength() - textWhenStuck.get())
                    .as("reply characters shown while the journal force is stuck").isGreaterThan(50));
            assertThat(stuckForceEnded).as("the force was stuck all along").isFalse();
        } finally {
            unstick.countDown();
            slow.set(false);
            robot.interact(counter::stop);
        }
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
    }

    /** The reply's length as the FX thread shows it, asked from another thread (the journal writer's). */
    private int replyLengthOnFx() throws IOException {
        FutureTask<Integer> length = new FutureTask<>(this::replyLengthNow);
        Platform.runLater(length);
        try {
            return length.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the FX thread did not answer", e);
        }
    }

    private int replyLengthNow() {
        return window.conversation().messages().size() < 2 ? 0 : window.conversation().messages().get(1).text().length();
    }

    private int replyLength() {
        WaitForAsyncUtils.waitForFxEvents();
        return replyLengthNow();
    }
}
