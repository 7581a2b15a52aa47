package dev.tidemark.app;

import dev.tidemark.model.MessageStatus;
import dev.tidemark.ui.WindowExtension;
import dev.tidemark.ui.WindowHarness;
import dev.tidemark.ui.chat.ConversationView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.util.List;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** An exception nobody catches, on the FX thread or another: a notification, a log line, no key, and the app goes on. */
@ExtendWith(WindowExtension.class)
class UncaughtErrorsWindowTest {

    /** A key of a shape nothing would guess: only knowing it keeps it out of the log. */
    private static final String KEY = "corp-gateway-7f3a9c21b";

    private WindowHarness harness;
    private MainWindow window;
    private ErrorReporting reporting;
    private Thread.UncaughtExceptionHandler before;

    @BeforeEach
    void keepTheHandler() {
        before = Thread.getDefaultUncaughtExceptionHandler();
    }

    @AfterEach
    void tearDown() {
        Thread.setDefaultUncaughtExceptionHandler(before);
        if (reporting != null) {
            reporting.close();
        }
    }

    @Test
    void anExceptionInAnEventHandlerIsToldLoggedWithoutKeysAndTheChatGoesOn(FxRobot robot) throws Exception {
        open(robot);
        robot.interact(() -> window.scene().addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F9) {
                throw new IllegalStateException("cell layout broke; request used " + KEY + " and sk-ant-api03-XYZ123456");
            }
        }));
        robot.type(KeyCode.F9);
        untilFx(() -> window.notices().isShowing());

        assertThat(window.notices().text())
                .startsWith("Something went wrong (IllegalStateException: cell layout broke; request used [key hidden]"
                        + " and [key hidden]).")
                .contains("Your conversation is safe").contains(reporting.logPath().toString())
                .doesNotContain(KEY).doesNotContain("sk-ant");
        String log = Files.readString(reporting.logPath());
        assertThat(log).contains("SEVERE").contains("Uncaught on thread JavaFX Application Thread")
                .contains("java.lang.IllegalStateException: cell layout broke").contains("\tat ")
                .doesNotContain(KEY).doesNotContain("sk-ant-api03");

        // nothing was lost and the window still works
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("still there?").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
    }

    @Test
    void anExceptionOnABackgroundThreadIsToldToo(FxRobot robot) throws Exception {
        open(robot);
        Thread worker = new Thread(() -> {
            throw new IllegalArgumentException("bad frame from " + KEY);
        }, "tidemark-test-worker");
        worker.start();
        worker.join(5_000);
        untilFx(() -> window.notices().isShowing());
        assertThat(window.notices().text()).contains("IllegalArgumentException: bad frame from [key hidden]");
        assertThat(Files.readString(reporting.logPath())).contains("Uncaught on thread tidemark-test-worker")
                .doesNotContain(KEY);
        assertThat(harness.problems).isEmpty();
    }

    private void open(FxRobot robot) throws Exception {
        window = harness.open(robot);
        // as TidemarkApp.init does
        reporting = ErrorReporting.install(harness.dataDir, () -> List.of(KEY),
                message -> window.services().fx().execute(() -> window.showError(message)),
                p -> harness.problems.add(p.message()));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
