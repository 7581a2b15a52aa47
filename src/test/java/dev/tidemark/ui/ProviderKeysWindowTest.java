package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderPresets;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.ui.chat.ConversationView;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** What the window does before a provider's first request: no key, no request. */
@ExtendWith(WindowExtension.class)
class ProviderKeysWindowTest {

    private static final String KEY = "sk-work-SECRET0123456789abcdef";

    private final MockWebServer server = new MockWebServer();
    private WindowHarness harness;

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aCloudProviderWithoutAKeySaysHowToAddOneAndSendsNothing(FxRobot robot) throws Exception {
        server.start();
        harness.keyFile = true;
        MainWindow window = harness.open(robot);
        // added in Settings, pointed at the local server, but no key pasted and none in the environment
        harness.settings.update(List.of(ProviderConfig.fromPreset(ProviderPresets.OPENAI, "openai",
                server.url("/v1").toString())), Map.of(), Set.of()).get(10, TimeUnit.SECONDS);
        robot.interact(() -> window.conversation().providerIdProperty().set("openai"));

        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("hello").type(KeyCode.ENTER);
        String expected = "OpenAI needs an API key and none is set, so nothing was sent: set OPENAI_API_KEY, or paste"
                + " a key for 'openai' in Settings (Ctrl+, in the window).";
        untilFx(() -> robot.lookup((Label l) -> l.isVisible() && expected.equals(l.getText())).tryQuery().isPresent());

        assertThat(window.conversation().messages()).as("nothing stored, nothing streaming").isEmpty();
        assertThat(robot.lookup("#" + ConversationView.COMPOSER_ID).queryAs(TextArea.class).getText())
                .as("the message waits in the composer").isEqualTo("hello");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aKeyForAPublicHostOverPlainHttpIsSentOnlyOnceTheUserSaysSoAndThenWithoutAsking(FxRobot robot)
            throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("first"), Duration.ZERO).response());
        server.enqueue(SlowSseBody.openAi(List.of("second"), Duration.ZERO).response());
        server.start(); // plays an HTTP proxy on the way to a public name that is never resolved here
        harness.keyFile = true;
        MainWindow window = harness.open(robot);
        ProviderConfig gateway = new ProviderConfig("work", "Work gateway", "custom", Protocol.OPENAI_COMPATIBLE,
                "http://gateway.example.com/v1", AuthStyle.BEARER, null, "m-1", Map.of(),
                ProxyChoice.manual(ProxyChoice.Mode.HTTP, server.getHostName(), server.getPort()));
        harness.settings.update(List.of(gateway), Map.of("work", KEY), Set.of()).get(10, TimeUnit.SECONDS);
        robot.interact(() -> window.conversation().providerIdProperty().set("work"));
        TextArea composer = robot.lookup("#" + ConversationView.COMPOSER_ID).queryAs(TextArea.class);

        robot.clickOn(composer).write("hello").type(KeyCode.ENTER);
        untilFx(() -> robot.lookup("#" + ConversationView.PLAIN_HTTP_ID).queryAs(HBox.class).isVisible());
        assertThat(window.conversation().plainHttpQuestionProperty().get())
                .startsWith("Work gateway would send its key unencrypted (http://) to gateway.example.com")
                .doesNotContain(KEY);
        robot.clickOn("#" + ConversationView.PLAIN_HTTP_CANCEL_ID);
        untilFx(() -> !robot.lookup("#" + ConversationView.PLAIN_HTTP_ID).queryAs(HBox.class).isVisible());
        assertThat(composer.getText()).isEqualTo("hello");
        assertThat(window.conversation().messages()).isEmpty();
        assertThat(server.getRequestCount()).isZero();

        robot.clickOn(composer).type(KeyCode.ENTER);
        untilFx(() -> robot.lookup("#" + ConversationView.PLAIN_HTTP_ID).queryAs(HBox.class).isVisible());
        assertThat(server.getRequestCount()).isZero();
        robot.clickOn("#" + ConversationView.PLAIN_HTTP_SEND_ID);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
        assertThat(window.conversation().messages().get(1).text()).isEqualTo("first");
        assertThat(composer.getText()).isEmpty();
        RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(first.getRequestLine()).isEqualTo("POST http://gateway.example.com/v1/chat/completions HTTP/1.1");
        assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);

        // accepted for this provider: the next message goes without the question
        robot.clickOn(composer).write("again").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 4
                && window.conversation().messages().get(3).status() == MessageStatus.COMPLETE);
        assertThat(window.conversation().plainHttpQuestionProperty().get()).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
