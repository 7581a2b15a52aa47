package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.settings.Appearance;
import dev.tidemark.settings.Settings;
import dev.tidemark.ui.chat.ChatStyles;
import dev.tidemark.ui.sessions.SessionListView;
import dev.tidemark.ui.sessions.SessionStyles;
import dev.tidemark.ui.theme.ColorScheme;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import dev.tidemark.ui.theme.Styles;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.tidemark.ui.WindowHarness.background;
import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** Light, dark and follow-the-system, and the text size: what the nodes on screen actually get. */
@ExtendWith(WindowExtension.class)
class ThemeAndTextSizeTest {

    private static final Color LIGHT_BG = Color.web("#f6f6f4");
    private static final Color DARK_BG = Color.web("#141619");
    private static final Color LIGHT_CARD = Color.web("#ffffff");
    private static final Color DARK_CARD = Color.web("#1c1f23");
    private static final Color LIGHT_TEXT = Color.web("#1f2328");
    private static final Color DARK_TEXT = Color.web("#e4e6e8");

    private WindowHarness harness;

    @Test
    void switchingLightDarkLightRecoloursTheWindowAndTheMessageCards(FxRobot robot) throws Exception {
        MainWindow window = harness.open(robot, ColorSchemeProbe.UNKNOWN);
        harness.chat(robot, "colours please");
        assertThat(window.appearance().schemeProperty().get()).isEqualTo(ColorScheme.LIGHT);
        assertColours(robot, LIGHT_BG, LIGHT_CARD, LIGHT_TEXT);

        robot.interact(() -> window.appearance().themeProperty().set(Appearance.Theme.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        assertColours(robot, DARK_BG, DARK_CARD, DARK_TEXT);
        assertThat(window.scene().getRoot().getStyleClass()).contains(Styles.THEME_DARK)
                .doesNotContain(Styles.THEME_LIGHT);

        robot.interact(() -> window.appearance().themeProperty().set(Appearance.Theme.LIGHT));
        WaitForAsyncUtils.waitForFxEvents();
        assertColours(robot, LIGHT_BG, LIGHT_CARD, LIGHT_TEXT);
    }

    @Test
    void followingTheSystemUsesItsDarkPreference(FxRobot robot) throws Exception {
        MainWindow window = harness.open(robot, () -> Optional.of(ColorScheme.DARK));
        untilFx(() -> window.appearance().schemeProperty().get() == ColorScheme.DARK);
        assertThat(window.appearance().themeProperty().get()).isEqualTo(Appearance.Theme.SYSTEM);
        assertThat(harness.rootBackground()).isEqualTo(DARK_BG);
    }

    @Test
    void aSystemThatCannotTellOrFailsGivesLight(FxRobot robot) throws Exception {
        MainWindow window = harness.open(robot, () -> {
            throw new IllegalStateException("no desktop settings service");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.appearance().systemKnownProperty().get()).isFalse();
        assertThat(window.appearance().schemeProperty().get()).isEqualTo(ColorScheme.LIGHT);
        assertThat(harness.rootBackground()).isEqualTo(LIGHT_BG);
    }

    @Test
    void aSlowSystemNeverHoldsTheWindowUpAndIsFollowedWhenItAnswers(FxRobot robot) throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicBoolean answered = new AtomicBoolean();
        MainWindow window = harness.open(robot, () -> {
            try {
                answer.await(60, TimeUnit.SECONDS); // until the test lets it answer (bounded, should the test fail)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answered.set(true);
            return Optional.of(ColorScheme.DARK);
        });
        assertThat(answered).as("the window was on screen before the system answered").isFalse();
        assertThat(harness.stage.isShowing()).isTrue();
        assertThat(harness.rootBackground()).as("light until the system answers").isEqualTo(LIGHT_BG);
        answer.countDown();
        untilFx(() -> DARK_BG.equals(harness.rootBackground()));
        assertThat(window.appearance().systemKnownProperty().get()).isTrue();
    }

    @Test
    void textSizeShortcutsChangeTheSizesOnScreen(FxRobot robot) throws Exception {
        MainWindow window = harness.open(robot, ColorSchemeProbe.UNKNOWN);
        harness.chat(robot, "sizes please");
        double title = sessionTitleSize(robot);
        double message = messageTextSize(robot);
        double icon = toolbarIconSize(robot);
        assertThat(title).isEqualTo(13.0);

        robot.press(KeyCode.SHORTCUT, KeyCode.PLUS).release(KeyCode.PLUS, KeyCode.SHORTCUT);
        robot.press(KeyCode.SHORTCUT, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.appearance().fontSizeProperty().get()).isEqualTo(15);
        assertThat(sessionTitleSize(robot)).isEqualTo(15.0);
        assertThat(messageTextSize(robot)).isGreaterThan(message);
        assertThat(toolbarIconSize(robot)).isGreaterThan(icon);

        robot.press(KeyCode.SHORTCUT, KeyCode.MINUS).release(KeyCode.MINUS, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sessionTitleSize(robot)).isEqualTo(14.0);
        robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sessionTitleSize(robot)).isEqualTo(13.0);
        assertThat(messageTextSize(robot)).isEqualTo(message);

        // the setting itself, as the View menu and settings.json set it
        robot.interact(() -> window.appearance().fontSizeProperty().set(20));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sessionTitleSize(robot)).isEqualTo(20.0);
    }

    @Test
    void themeAndTextSizeSurviveAReopenAndAreWrittenOffTheFxThread(FxRobot robot) throws Exception {
        MainWindow window = harness.open(robot, ColorSchemeProbe.UNKNOWN);
        harness.menu(robot, "View", "Theme", "Dark");
        robot.press(KeyCode.SHORTCUT, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.SHORTCUT);
        robot.press(KeyCode.SHORTCUT, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.appearance().current()).isEqualTo(new Appearance(Appearance.Theme.DARK, 15));
        harness.close();
        assertThat(harness.settingsWrittenOnFxThread).isFalse();
        String json = Files.readString(harness.dataDir.resolve(Settings.FILE_NAME));
        assertThat(json).contains("\"theme\" : \"dark\"").contains("\"fontSize\" : 15");

        harness = new WindowHarness(harness.dataDir, harness.stage); // WindowExtension closes this one too
        MainWindow reopened = harness.open(robot, () -> Optional.of(ColorScheme.LIGHT));
        assertThat(reopened.appearance().current()).isEqualTo(new Appearance(Appearance.Theme.DARK, 15));
        assertThat(harness.rootBackground()).isEqualTo(DARK_BG);
        assertThat(sessionTitleSize(robot)).isEqualTo(15.0);
        assertThat(harness.problems).isEmpty();
    }

    private void assertColours(FxRobot robot, Color bg, Color card, Color text) {
        assertThat(harness.rootBackground()).as("window background").isEqualTo(bg);
        Region assistantCard = robot.lookup("." + ChatStyles.MESSAGE_ASSISTANT).queryAllAs(Region.class).stream()
                .filter(Node::isVisible).findFirst().orElseThrow();
        assertThat(background(assistantCard)).as("message card").isEqualTo(card);
        Label title = robot.lookup("#" + SessionListView.ID).lookup("." + SessionStyles.SESSION_TITLE)
                .queryAs(Label.class);
        assertThat(title.getTextFill()).as("session title text").isEqualTo(text);
    }

    private static double sessionTitleSize(FxRobot robot) {
        return robot.lookup("#" + SessionListView.ID).lookup("." + SessionStyles.SESSION_TITLE).queryAs(Label.class)
                .getFont().getSize();
    }

    private static double messageTextSize(FxRobot robot) {
        return robot.lookup("." + ChatStyles.MESSAGE_TEXT).queryAllAs(Node.class).stream().filter(Node::isVisible)
                .map(n -> n instanceof Label l ? l.getFont().getSize()
                        : ((javafx.scene.text.Text) n.lookup(".text")).getFont().getSize())
                .findFirst().orElseThrow();
    }

    private static double toolbarIconSize(FxRobot robot) {
        return robot.lookup("#" + MainWindow.SETTINGS_ID).lookup("." + Styles.ICON).queryAs(FontIcon.class)
                .getIconSize();
    }
}
