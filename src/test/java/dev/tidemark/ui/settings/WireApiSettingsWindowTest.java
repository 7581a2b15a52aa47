package dev.tidemark.ui.settings;

import dev.tidemark.app.MainWindow;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderPresets;
import dev.tidemark.settings.Settings;
import dev.tidemark.settings.WireApi;
import dev.tidemark.ui.WindowExtension;
import dev.tidemark.ui.WindowHarness;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings → Providers, the API choice and "Run replies in the background" (issue 18), in the real
 * window: form → settings.json → form.
 */
@ExtendWith(WindowExtension.class)
class WireApiSettingsWindowTest {

    private WindowHarness harness;

    @Test
    void theApiAndBackgroundRunsAreChosenSavedAndShownAgain(FxRobot robot) throws Exception {
        MainWindow window = harness.open(robot);
        robot.clickOn("#" + MainWindow.SETTINGS_ID);
        untilFx(() -> window.settingsDialog().isPresent());
        robot.clickOn("#" + ProvidersView.ADD_ID).clickOn(ProviderPresets.CUSTOM.displayName());
        robot.clickOn("#" + ProvidersView.BASE_URL_ID).write("http://localhost:1234/v1");

        ChoiceBox<WireApi> api = apiChoice(robot);
        CheckBox background = robot.lookup("#" + ProvidersView.BACKGROUND_ID).queryAs(CheckBox.class);
        assertThat(api.getValue()).isEqualTo(WireApi.AUTO);
        assertThat(background.isDisabled()).as("Chat Completions on a URL other than OpenAI's").isTrue();
        assertThat(robot.lookup("#" + ProvidersView.BACKGROUND_HELP_ID).queryAs(Label.class).getText())
                .contains("about ten minutes").contains("crash or a dropped connection")
                .contains("Zero Data Retention");

        robot.clickOn(api).clickOn(WireApi.RESPONSES.label());
        untilFx(() -> !background.isDisabled());
        robot.clickOn(background);
        assertThat(background.isSelected()).isTrue();

        robot.clickOn("#" + SettingsDialog.SAVE_ID);
        untilFx(() -> window.settingsDialog().isEmpty());
        harness.settings.flush().get(10, TimeUnit.SECONDS);
        assertThat(Files.readString(harness.dataDir.resolve(Settings.FILE_NAME)))
                .contains("\"api\" : \"responses\"").contains("\"background\" : true");
        assertThat(harness.settings.providers()).singleElement().satisfies(p -> {
            assertThat(p.api()).isEqualTo(WireApi.RESPONSES);
            assertThat(p.background()).isTrue();
        });

        robot.clickOn("#" + MainWindow.SETTINGS_ID);
        untilFx(() -> window.settingsDialog().isPresent());
        ChoiceBox<WireApi> again = apiChoice(robot);
        CheckBox backgroundAgain = robot.lookup("#" + ProvidersView.BACKGROUND_ID).queryAs(CheckBox.class);
        untilFx(() -> again.getValue() == WireApi.RESPONSES && backgroundAgain.isSelected()
                && !backgroundAgain.isDisabled());

        // back to Chat Completions: the switch is off limits, and background runs are not saved
        robot.clickOn(again).clickOn(WireApi.CHAT.label());
        untilFx(backgroundAgain::isDisabled);
        robot.clickOn("#" + SettingsDialog.SAVE_ID);
        untilFx(() -> window.settingsDialog().isEmpty());
        harness.settings.flush().get(10, TimeUnit.SECONDS);
        assertThat(Files.readString(harness.dataDir.resolve(Settings.FILE_NAME)))
                .contains("\"api\" : \"chat\"").doesNotContain("\"background\"");
        assertThat(harness.settings.providers()).singleElement().extracting(ProviderConfig::background)
                .isEqualTo(false);
        assertThat(harness.problems).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static ChoiceBox<WireApi> apiChoice(FxRobot robot) {
        return robot.lookup("#" + ProvidersView.API_ID).queryAs(ChoiceBox.class);
    }
}
