package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.sessions.SessionSettingsPane;
import dev.tidemark.ui.sessions.SessionSettingsViewModel;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The chat settings pane, from the tool bar to the request the provider receives. */
@ExtendWith(WindowExtension.class)
class ChatSettingsTest {

    private final MockWebServer server = new MockWebServer();
    private WindowHarness harness;

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void whatIsAppliedGoesWithTheNextRequestAndStaysWithTheChat(FxRobot robot) throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("Bonjour."), Duration.ZERO).response());
        server.start();
        MainWindow window = harness.open(robot, ColorSchemeProbe.UNKNOWN, Journal.Options.defaults(),
                Duration.ofMillis(2), Map.of("OPENAI_BASE_URL", server.url("/v1").toString(),
                        "OPENAI_API_KEY", "sk-test-chat-settings"));
        robot.interact(() -> window.conversation().providerIdProperty().set("openai"));
        String session = window.sessions().selectedIdProperty().get();

        robot.clickOn("#" + MainWindow.CHAT_SETTINGS_ID);
        Button apply = robot.lookup("#" + SessionSettingsPane.APPLY_ID).queryAs(Button.class);
        assertThat(apply.isDisabled()).isTrue();
        robot.clickOn("#" + SessionSettingsPane.MODEL_ID).write("gpt-test-mini");
        robot.clickOn("#" + SessionSettingsPane.PROMPT_ID).write("Answer in French.");
        robot.clickOn("#" + SessionSettingsPane.TEMPERATURE_SET_ID);
        robot.interact(() -> robot.lookup("#" + SessionSettingsPane.TEMPERATURE_ID).queryAs(Slider.class).setValue(0.3));
        robot.clickOn("#" + SessionSettingsPane.MAX_TOKENS_ID).write("many");
        assertThat(robot.lookup("#" + SessionSettingsPane.ERROR_ID).queryAs(Label.class).getText())
                .contains("whole number");
        assertThat(apply.isDisabled()).isTrue();
        robot.type(KeyCode.BACK_SPACE, 4).write("256");
        assertThat(apply.isDisabled()).isFalse();
        robot.clickOn(apply);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.chatSettings().stateProperty().get()).isEqualTo(SessionSettingsViewModel.State.SAVED);
        assertThat(window.services().chat().store().get(session).orElseThrow().settings())
                .isEqualTo(new SessionSettings(null, "gpt-test-mini", "Answer in French.", 0.3, 256));

        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("Hello").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        String body = request.getBody().utf8();
        assertThat(body).contains("\"model\":\"gpt-test-mini\"").contains("Answer in French.")
                .contains("\"temperature\":0.3").contains("256");

        // another chat has its own settings; coming back shows this one's again
        robot.press(KeyCode.SHORTCUT, KeyCode.N).release(KeyCode.N, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.chatSettings().modelProperty().get()).isEmpty();
        robot.interact(() -> window.sessions().selectedIdProperty().set(session));
        assertThat(window.chatSettings().systemPromptProperty().get()).isEqualTo("Answer in French.");
    }
}
