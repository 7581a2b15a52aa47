package dev.tidemark.ui.reattach;

import dev.tidemark.app.MainWindow;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.settings.AttachmentSupport;
import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.settings.Settings;
import dev.tidemark.settings.WireApi;
import dev.tidemark.testing.ChildJvm;
import dev.tidemark.testing.Waits;
import dev.tidemark.testing.responses.ResponsesTestServer;
import dev.tidemark.ui.WindowExtension;
import dev.tidemark.ui.WindowHarness;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.MessageItem;
import dev.tidemark.ui.chat.RecoveredBadge;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18's "Done when", in the window: a background reply whose app was killed mid-reply (a real
 * child JVM, SIGKILL) is finished by the next start — "Recovered · finishing…", the text growing in
 * place, then "Recovered · finished", the text exactly the service's — and Stop on a background reply
 * cancels it on the service. Real journal, real store, {@link ResponsesTestServer} on loopback.
 */
@ExtendWith(WindowExtension.class)
class ReattachWindowTest {

    private static final String PROVIDER = "local-responses";

    private WindowHarness harness;
    private ResponsesTestServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aReplyTheServiceKeptRunningAfterAKillIsFinishedInPlace(FxRobot robot) throws Exception {
        server = ResponsesTestServer.start();
        List<String> pieces = pieces(120);
        // about 24 s on the service's clock: it still generates when the window (its first in this JVM) is up
        server.script(pieces, Duration.ofMillis(200));
        configure();
        String sessionId;
        try (ChildJvm child = ChildJvm.start(BackgroundReplyChild.class, harness.dataDir.toString(), PROVIDER,
                "Count for me")) {
            sessionId = child.waitForLineStartingWith("streaming ").substring("streaming ".length()).strip();
            child.kill();
        }
        String responseId = server.lastResponseId();
        String expected = String.join("", pieces);
        MainWindow window = harness.open(robot);
        assertThat(harness.workspace.recovery().reattachable()).singleElement()
                .satisfies(r -> assertThat(r.responseId()).isEqualTo(responseId));
        assertThat(window.status().journalProperty().get()).contains("Finishing 1 reply the service kept running");

        untilFx(() -> sessionId.equals(window.conversation().sessionIdProperty().get())
                && RecoveredBadge.FINISHING.equals(badge(robot)));
        String whileFinishing = onFx(() -> reply(window).text());
        assertThat(expected).startsWith(whileFinishing);

        Waits.within(Duration.ofMinutes(1)).until(() -> RecoveredBadge.FINISHED.equals(badge(robot)));
        MessageItem finished = onFx(() -> reply(window));
        assertThat(finished.text()).isEqualTo(expected);
        assertThat(finished.text().length()).as("the text grew in place").isGreaterThan(whileFinishing.length());
        assertThat(finished.status()).isEqualTo(MessageStatus.COMPLETE);

        Message stored = harness.workspace.store().get(sessionId).orElseThrow().messages().stream()
                .filter(m -> m.id().equals(finished.id())).findFirst().orElseThrow();
        assertThat(stored.text()).isEqualTo(expected);
        assertThat(stored.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(stored.recovered()).isTrue();
        assertThat(server.requests()).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/v1/responses/" + responseId);
            assertThat(r.query()).contains("starting_after=");
        });
    }

    @Test
    void aReplyWhoseProviderIsGoneStaysRecoveredWithTheReasonInItsTooltip(FxRobot robot) throws Exception {
        server = ResponsesTestServer.start();
        server.script(pieces(120), Duration.ofMillis(200));
        configure();
        String sessionId;
        try (ChildJvm child = ChildJvm.start(BackgroundReplyChild.class, harness.dataDir.toString(), PROVIDER,
                "Count for me")) {
            sessionId = child.waitForLineStartingWith("streaming ").substring("streaming ".length()).strip();
            child.kill();
        }
        Settings.load(harness.dataDir, p -> { }).withProviders(List.of()).save(harness.dataDir); // removed since

        MainWindow window = harness.open(robot);
        Waits.patiently().until(() -> harness.workspace.store().get(sessionId).orElseThrow().messages()
                .get(1).detail() != null && harness.workspace.store().get(sessionId).orElseThrow().messages()
                .get(1).detail().contains("cannot be used now"));
        Message stored = harness.workspace.store().get(sessionId).orElseThrow().messages().get(1);
        assertThat(stored.status()).isEqualTo(MessageStatus.RECOVERED);
        assertThat(stored.detail()).startsWith("Tidemark could not pick up the rest of this reply")
                .contains(PROVIDER);
        untilFx(() -> sessionId.equals(window.conversation().shownIdProperty().get())
                && RecoveredBadge.RECOVERED.equals(badge(robot)));
        String tooltip = onFx(() -> robot.lookup(".recovered-badge").queryAllAs(Label.class).stream()
                .filter(l -> l.isVisible() && l.getScene() != null).findFirst().orElseThrow().getTooltip().getText());
        assertThat(tooltip).isEqualTo(stored.detail());
        assertThat(server.requests()).noneSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }

    @Test
    void stopWhileAReplyIsPickedUpCancelsItOnTheService(FxRobot robot) throws Exception {
        server = ResponsesTestServer.start();
        server.script(pieces(120), Duration.ofMillis(200));
        configure();
        String sessionId;
        try (ChildJvm child = ChildJvm.start(BackgroundReplyChild.class, harness.dataDir.toString(), PROVIDER,
                "Count for me")) {
            sessionId = child.waitForLineStartingWith("streaming ").substring("streaming ".length()).strip();
            child.kill();
        }
        String responseId = server.lastResponseId();

        MainWindow window = harness.open(robot);
        untilFx(() -> sessionId.equals(window.conversation().shownIdProperty().get())
                && RecoveredBadge.FINISHING.equals(badge(robot)));
        robot.clickOn("#" + ConversationView.STOP_ID);

        Waits.patiently().until(() -> server.cancels().contains(responseId));
        untilFx(() -> reply(window).status() == MessageStatus.STOPPED);
        assertThat(server.textOf(responseId)).startsWith(onFx(() -> reply(window).text()));
    }

    @Test
    void stopOnABackgroundReplyCancelsItOnTheService(FxRobot robot) throws Exception {
        server = ResponsesTestServer.start();
        server.script(pieces(200), Duration.ofMillis(50));
        configure();
        MainWindow window = harness.open(robot);
        robot.interact(() -> window.conversation().providerIdProperty().set(PROVIDER));

        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("Count for me").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && !window.conversation().messages().get(1).text().isEmpty());
        String responseId = server.lastResponseId();
        robot.clickOn("#" + ConversationView.STOP_ID);

        Waits.patiently().until(() -> server.cancels().contains(responseId));
        untilFx(() -> window.conversation().messages().get(1).status() == MessageStatus.STOPPED);
        assertThat(server.requests()).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v1/responses");
            assertThat(r.body()).contains("\"background\":true");
        });
    }

    @Test
    void aDroppedConnectionIsPickedUpAgainTheFooterSaysSoAndTheTextIsExact(FxRobot robot) throws Exception {
        server = ResponsesTestServer.start();
        List<String> pieces = pieces(60);
        server.script(pieces, Duration.ofMillis(40));
        server.dropFirstConnectionAfter(12);
        configure();
        MainWindow window = harness.open(robot);
        robot.interact(() -> window.conversation().providerIdProperty().set(PROVIDER));
        List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();

        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("Count for me").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2);
        robot.interact(() -> window.conversation().messages().get(1).streamNoteProperty()
                .addListener((obs, old, now) -> notes.add(now)));

        Waits.within(Duration.ofMinutes(1)).until(() -> onFx(() -> reply(window).status()) == MessageStatus.COMPLETE);
        assertThat(onFx(() -> reply(window).text())).isEqualTo(String.join("", pieces));
        assertThat(notes).contains("Connection lost \u2014 picking the reply up again (try 1 of 5)\u2026");
        assertThat(notes.get(notes.size() - 1)).as("said until the reply goes on").isEmpty();
        assertThat(server.requests()).anySatisfy(r -> assertThat(r.query()).contains("starting_after="));
    }

    /** A provider on the test server speaking the Responses API with background runs, in settings.json. */
    private void configure() throws Exception {
        ProviderConfig local = new ProviderConfig(PROVIDER, "Local Responses", "custom", Protocol.OPENAI_COMPATIBLE,
                server.baseUrl(), AuthStyle.NONE, null, "gpt-test", Map.of(), ProxyChoice.DIRECT,
                AttachmentSupport.GUESS, WireApi.RESPONSES, true);
        Settings.load(harness.dataDir, p -> { }).withProviders(List.of(local)).save(harness.dataDir);
    }

    private static List<String> pieces(int count) {
        List<String> pieces = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            pieces.add("word" + i + (i % 12 == 0 ? ".\n\n" : " "));
        }
        return pieces;
    }

    /** The last reply on screen. */
    private static MessageItem reply(MainWindow window) {
        List<MessageItem> shown = window.conversation().messages();
        return shown.get(shown.size() - 1);
    }

    /** The text of the Recovered badge shown, or "" when none is. */
    private static String badge(FxRobot robot) throws Exception {
        return onFx(() -> robot.lookup(".recovered-badge").queryAllAs(Label.class).stream()
                .filter(l -> l.isVisible() && l.getScene() != null).map(Label::getText).findFirst().orElse(""));
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }
}
