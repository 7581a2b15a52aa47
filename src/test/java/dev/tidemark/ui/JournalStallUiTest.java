package dev.tidemark.ui;

import dev.tidemark.app.AppServices;
import dev.tidemark.app.MainWindow;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.journal.FaultyStorage;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.session.Workspace;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.fx.FxExecutor;
import javafx.animation.AnimationTimer;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A disk that takes seconds to force never freezes the window or the stream. */
@ExtendWith(ApplicationExtension.class)
class JournalStallUiTest {

    @TempDir
    Path dataDir;

    private Stage stage;
    private Workspace workspace;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void tearDown() {
        if (window != null) {
            window.services().chat().stopAll();
        }
        if (workspace != null) {
            workspace.close();
        }
    }

    @Test
    void pulsesAndTokensKeepComingWhileTheJournalForceSleepsFiveSeconds(FxRobot robot) throws Exception {
        AtomicBoolean slow = new AtomicBoolean();
        CountDownLatch forcing = new CountDownLatch(1);
        FaultyStorage storage = new FaultyStorage().beforeForce(file -> {
            if (slow.get()) {
                forcing.countDown();
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        });
        workspace = Workspace.open(dataDir, Journal.Options.defaults().withStorage(storage), Clock.systemUTC(),
                p -> { });
        ProviderCatalog providers = new ProviderCatalog(new OkHttpClient(), Map.of(), Duration.ofMillis(15));
        robot.interact(() -> {
            window = new MainWindow(new AppServices(workspace, providers, new FxExecutor(), Clock.systemUTC()));
            stage.setScene(window.scene());
            stage.show();
        });
        AtomicInteger pulses = new AtomicInteger();
        AnimationTimer counter = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.incrementAndGet();
            }
        };
        robot.interact(counter::start);

        slow.set(true);
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("stall").type(KeyCode.ENTER);
        assertThat(forcing.await(10, TimeUnit.SECONDS)).as("a force is stuck").isTrue();
        int pulsesBefore = pulses.get();
        int textBefore = replyLength();
        Thread.sleep(2_000); // inside the 5 s force
        int pulsesDuring = pulses.get() - pulsesBefore;
        int textDuring = replyLength() - textBefore;
        robot.interact(counter::stop);
        slow.set(false);

        assertThat(pulsesDuring).as("FX pulses in 2 s while the journal force sleeps").isGreaterThan(30);
        assertThat(textDuring).as("reply characters shown in 2 s while the journal force sleeps").isGreaterThan(50);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
    }

    private int replyLength() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return window.conversation().messages().size() < 2 ? 0 : window.conversation().messages().get(1).text().length();
    }
}
