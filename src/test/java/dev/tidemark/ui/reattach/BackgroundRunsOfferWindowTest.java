package dev.tidemark.ui.reattach;

import dev.tidemark.app.MainWindow;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.settings.AttachmentSupport;
import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.settings.Settings;
import dev.tidemark.settings.WireApi;
import dev.tidemark.testing.responses.ResponsesTestServer;
import dev.tidemark.ui.WindowExtension;
import dev.tidemark.ui.WindowHarness;
import dev.tidemark.ui.chat.ConversationView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one offer of background runs: a reply lost to a dropped connection, on a provider that speaks
 * the Responses API without them, says once that Tidemark could finish such replies on the service next
 * time; "Turn on" turns them on; settings.json remembers the offer, so a second lost reply says nothing.
 */
@ExtendWith(WindowExtension.class)
class BackgroundRunsOfferWindowTest {

    private static final String PROVIDER = "local-responses";
    private static final String OFFER = "could finish such replies on the service next time";

    private WindowHarness harness;
    private ResponsesTestServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aReplyLostToADroppedConnectionOffersBackgroundRunsOnceAndTurnOnSavesThem(FxRobot robot) throws Exception {
        MainWindow window = openWithServer(robot);

        lostReply(robot, window, "first", 2);
        untilFx(() -> window.notices().isShowing() && window.notices().text().contains(OFFER));
        assertThat(window.notices().text()).startsWith("A reply from Local Responses was lost");
        robot.clickOn("Turn on");

        untilFx(() -> harness.settings.find(PROVIDER).orElseThrow().background());
        harness.settings.flush().get(10, TimeUnit.SECONDS);
        assertThat(Files.readString(harness.dataDir.resolve(Settings.FILE_NAME)))
                .contains("\"background\" : true").contains("\"backgroundRuns\" : true");
        assertThat(harness.settings.backgroundRunsOffered()).isTrue();
    }

    @Test
    void dismissedTheOfferIsNotMadeAgain(FxRobot robot) throws Exception {
        MainWindow window = openWithServer(robot);

        lostReply(robot, window, "first", 2);
        untilFx(() -> window.notices().isShowing() && window.notices().text().contains(OFFER));
        robot.interact(() -> window.notices().hide()); // its close button
        untilFx(() -> !window.notices().isShowing());

        lostReply(robot, window, "second", 4);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.notices().isShowing() && window.notices().text().contains(OFFER)).isFalse();
        assertThat(harness.settings.find(PROVIDER).orElseThrow().background()).isFalse();
        harness.settings.flush().get(10, TimeUnit.SECONDS);
        assertThat(Settings.load(harness.dataDir, p -> { }).backgroundRunsOffered()).isTrue();
    }

    private MainWindow openWithServer(FxRobot robot) throws Exception {
        server = ResponsesTestServer.start();
        server.script(pieces(), Duration.ofMillis(20));
        ProviderConfig local = new ProviderConfig(PROVIDER, "Local Responses", "custom", Protocol.OPENAI_COMPATIBLE,
                server.baseUrl(), AuthStyle.NONE, null, "gpt-test", Map.of(), ProxyChoice.DIRECT,
                AttachmentSupport.GUESS, WireApi.RESPONSES, false);
        Settings.load(harness.dataDir, p -> { }).withProviders(List.of(local)).save(harness.dataDir);
        MainWindow window = harness.open(robot);
        robot.interact(() -> window.conversation().providerIdProperty().set(PROVIDER));
        return window;
    }

    /** Sends a question whose reply's connection the server cuts after a few events; waits for the error. */
    private void lostReply(FxRobot robot, MainWindow window, String question, int messages) {
        server.dropFirstConnectionAfter(6);
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write(question).type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == messages
                && window.conversation().messages().get(messages - 1).status() == MessageStatus.ERROR);
    }

    private static List<String> pieces() {
        List<String> pieces = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            pieces.add("word" + i + " ");
        }
        return pieces;
    }
}
