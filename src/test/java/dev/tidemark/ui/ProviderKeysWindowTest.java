package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderPresets;
import dev.tidemark.ui.chat.ConversationView;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** What the window does before a provider's first request: no key, no request. */
@ExtendWith(WindowExtension.class)
class ProviderKeysWindowTest {

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
}
