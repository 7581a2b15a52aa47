package dev.tidemark.ui.settings;

import dev.tidemark.app.MainWindow;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.AttachmentSupport;
import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.KeyFile;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderPresets;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.settings.Settings;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.ui.WindowExtension;
import dev.tidemark.ui.WindowHarness;
import dev.tidemark.ui.chat.ChatStyles;
import dev.tidemark.ui.chat.ConversationView;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The settings dialog in the real window, headless, against MockWebServer over loopback and real files. */
@ExtendWith(WindowExtension.class)
class SettingsDialogTest {

    private static final String KEY = "sk-test-SECRETkey0123456789abcdefXYZ";

    private final MockWebServer server = new MockWebServer();
    private final MockWebServer ollama = new MockWebServer();
    private WindowHarness harness;
    private MainWindow window;
    private boolean ollamaStarted;

    @AfterEach
    void tearDown() {
        server.close();
        ollama.close();
    }

    @Test
    void addAProviderPasteAKeyFetchAndPickAModelThenChatWithIt(FxRobot robot) throws Exception {
        server.enqueue(models("model-a", "model-b", "model-c"));
        server.enqueue(SlowSseBody.openAi(List.of("Hello ", "from ", "the ", "mock."), Duration.ofMillis(5)).response());
        server.start();
        open(robot, Map.of());

        robot.press(KeyCode.CONTROL, KeyCode.COMMA).release(KeyCode.COMMA, KeyCode.CONTROL);
        untilFx(() -> window.settingsDialog().isPresent());
        robot.clickOn("#" + ProvidersView.ADD_ID).clickOn(ProviderPresets.CUSTOM.displayName());
        robot.clickOn("#" + ProvidersView.BASE_URL_ID).write(server.url("/v1").toString());
        robot.clickOn("#" + ProvidersView.KEY_ID).write(KEY);
        PasswordField keyField = robot.lookup("#" + ProvidersView.KEY_ID).queryAs(PasswordField.class);
        assertThat(keyField.getText()).isEqualTo(KEY);

        robot.clickOn("#" + ProvidersView.FETCH_ID);
        @SuppressWarnings("unchecked")
        ComboBox<String> modelChoice = robot.lookup("#" + ProvidersView.MODEL_ID).queryAs(ComboBox.class);
        untilFx(() -> modelChoice.getItems().size() == 3);
        assertThat(fetchMessage(robot)).isEqualTo("3 models");
        robot.clickOn(modelChoice.lookup(".arrow-button")).clickOn("model-b");
        assertThat(modelChoice.getValue()).isEqualTo("model-b");
        RecordedRequest listing = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(listing.getTarget()).isEqualTo("/v1/models");
        assertThat(listing.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);

        robot.clickOn("#" + SettingsDialog.SAVE_ID);
        untilFx(() -> window.settingsDialog().isEmpty());
        assertThat(window.conversation().providerIdProperty().get()).isEqualTo("custom");

        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("hi there").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
        assertThat(window.conversation().messages().get(1).text()).isEqualTo("Hello from the mock.");
        RecordedRequest chat = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(chat.getTarget()).isEqualTo("/v1/chat/completions");
        assertThat(chat.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(chat.getBody().utf8()).contains("\"model\":\"model-b\"");

        harness.settings.flush().get(10, TimeUnit.SECONDS);
        harness.workspace.store().flush().get(10, TimeUnit.SECONDS);
        String settingsJson = Files.readString(harness.dataDir.resolve(Settings.FILE_NAME));
        assertThat(settingsJson).contains("\"model\" : \"model-b\"").contains(server.url("/v1").toString());
        Path keyFile = harness.dataDir.resolve(KeyFile.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Files.readString(keyFile)).contains(KEY);
        assertNoKeyOutside(keyFile);
        assertThat(harness.problems).isEmpty();
    }

    @Test
    void aWrongKeyIsSaidPlainlyInTheDialogAndInTheConversation(FxRobot robot) throws Exception {
        String refusal = "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\","
                + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
        server.enqueue(jsonError(401, refusal));
        server.enqueue(jsonError(401, refusal));
        server.start();
        open(robot, Map.of());

        robot.clickOn("#" + MainWindow.SETTINGS_ID);
        untilFx(() -> window.settingsDialog().isPresent());
        robot.clickOn("#" + ProvidersView.ADD_ID).clickOn(ProviderPresets.CUSTOM.displayName());
        robot.clickOn("#" + ProvidersView.BASE_URL_ID).write(server.url("/v1").toString());
        robot.clickOn("#" + ProvidersView.KEY_ID).write(KEY);
        robot.clickOn("#" + ProvidersView.FETCH_ID);
        untilFx(() -> fetchMessage(robot).contains("401"));
        assertThat(fetchMessage(robot)).contains("Incorrect API key provided").contains("Check the API key")
                .doesNotContain(KEY).doesNotContain("Exception");
        assertThat(robot.lookup("#" + ProvidersView.FETCH_MESSAGE_ID).queryAs(Label.class).getStyleClass())
                .contains(SettingsStyles.FETCH_FAILED);

        robot.interact(() -> robot.lookup("#" + ProvidersView.MODEL_ID).queryAs(ComboBox.class).setValue("gpt-x"));
        robot.clickOn("#" + SettingsDialog.SAVE_ID);
        untilFx(() -> window.settingsDialog().isEmpty());
        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("hello").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.ERROR);

        List<String> details = robot.lookup("." + ChatStyles.MESSAGE_DETAIL).queryAllAs(Label.class).stream()
                .filter(l -> l.isVisible() && l.getText() != null && !l.getText().isBlank())
                .map(Label::getText).toList();
        assertThat(details).singleElement().satisfies(d -> assertThat(d)
                .contains("HTTP 401").contains("Incorrect API key provided").contains("Check the API key")
                .doesNotContain(KEY).doesNotContain("Exception").doesNotContain("\tat "));
        harness.settings.flush().get(10, TimeUnit.SECONDS);
        harness.workspace.store().flush().get(10, TimeUnit.SECONDS);
        assertNoKeyOutside(harness.dataDir.resolve(KeyFile.FILE_NAME));
    }

    @Test
    void aRunningOllamaIsOfferedAndAddedWithItsModels(FxRobot robot) throws Exception {
        ollama.enqueue(models("llama3.2:latest", "qwen3:8b"));
        ollama.enqueue(SlowSseBody.openAi(List.of("local ", "answer"), Duration.ZERO).response());
        ollama.start();
        ollamaStarted = true;
        open(robot, Map.of());

        robot.press(KeyCode.CONTROL, KeyCode.COMMA).release(KeyCode.COMMA, KeyCode.CONTROL);
        untilFx(() -> robot.lookup("#add-detected-ollama").tryQuery().isPresent());
        assertThat(robot.lookup("#" + ProvidersView.DETECTED_ID).queryAs(javafx.scene.layout.VBox.class)
                .getChildren()).hasSize(1);
        robot.clickOn("#add-detected-ollama");
        @SuppressWarnings("unchecked")
        ComboBox<String> modelChoice = robot.lookup("#" + ProvidersView.MODEL_ID).queryAs(ComboBox.class);
        assertThat(modelChoice.getItems()).containsExactly("llama3.2:latest", "qwen3:8b");
        assertThat(modelChoice.getValue()).isEqualTo("llama3.2:latest");
        assertThat(robot.lookup("#" + ProvidersView.KEY_STATUS_ID).queryAs(Label.class).getText())
                .contains("No key needed");
        assertThat(robot.lookup("#" + ProvidersView.KEY_STORAGE_ID).queryAs(Label.class).getText())
                .contains("no system keychain").contains(KeyFile.FILE_NAME);
        robot.clickOn("#" + SettingsDialog.SAVE_ID);
        untilFx(() -> window.settingsDialog().isEmpty());

        robot.clickOn("#" + ConversationView.COMPOSER_ID).write("local please").type(KeyCode.ENTER);
        untilFx(() -> window.conversation().messages().size() == 2
                && window.conversation().messages().get(1).status() == MessageStatus.COMPLETE);
        assertThat(window.conversation().messages().get(1).text()).isEqualTo("local answer");
        ollama.takeRequest();
        RecordedRequest chat = ollama.takeRequest(5, TimeUnit.SECONDS);
        assertThat(chat.getHeaders().get("Authorization")).isNull();
        assertThat(chat.getBody().utf8()).contains("\"model\":\"llama3.2:latest\"");
    }

    @Test
    void aFormThatIsWrongKeepsTheDialogOpenAndSaysWhy(FxRobot robot) throws Exception {
        open(robot, Map.of());
        robot.clickOn("#" + MainWindow.SETTINGS_ID);
        untilFx(() -> window.settingsDialog().isPresent());
        robot.clickOn("#" + ProvidersView.ADD_ID).clickOn(ProviderPresets.CUSTOM.displayName());
        robot.clickOn("#" + ProvidersView.BASE_URL_ID).write("localhost:1234");
        robot.clickOn("#" + ProvidersView.ADD_HEADER_ID).write("Authorization");
        robot.clickOn(lastHeaderValue(robot)).write("Bearer " + KEY);
        robot.clickOn("#" + SettingsDialog.SAVE_ID);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.settingsDialog()).isPresent();
        assertThat(robot.lookup("#" + ProvidersView.ERROR_ID).queryAs(Label.class).getText())
                .contains("not an http(s) URL");
        robot.doubleClickOn("#" + ProvidersView.BASE_URL_ID).eraseText(20).write("http://localhost:1234/v1");
        robot.clickOn("#" + SettingsDialog.SAVE_ID);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.settingsDialog()).isPresent();
        assertThat(robot.lookup("#" + ProvidersView.ERROR_ID).queryAs(Label.class).getText())
                .contains("put the key in the key field").doesNotContain(KEY);
        assertThat(harness.dataDir.resolve(Settings.FILE_NAME)).doesNotExist();
    }

    @Test
    void whatAProvidersModelsTakeAsAttachmentsIsChosenSavedAndShownAgain(FxRobot robot) throws Exception {
        open(robot, Map.of());
        robot.clickOn("#" + MainWindow.SETTINGS_ID);
        untilFx(() -> window.settingsDialog().isPresent());
        robot.clickOn("#" + ProvidersView.ADD_ID).clickOn(ProviderPresets.CUSTOM.displayName());
        robot.clickOn("#" + ProvidersView.BASE_URL_ID).write("http://localhost:1234/v1");
        @SuppressWarnings("unchecked")
        ComboBox<AttachmentSupport> choice = robot.lookup("#" + ProvidersView.ATTACHMENTS_ID).queryAs(ComboBox.class);
        assertThat(choice.getValue()).as("a new provider guesses").isEqualTo(AttachmentSupport.GUESS);
        robot.clickOn(choice).clickOn(AttachmentSupport.TEXT_ONLY.label());
        assertThat(choice.getValue()).isEqualTo(AttachmentSupport.TEXT_ONLY);

        robot.clickOn("#" + SettingsDialog.SAVE_ID);
        untilFx(() -> window.settingsDialog().isEmpty());
        harness.settings.flush().get(10, TimeUnit.SECONDS);
        assertThat(Files.readString(harness.dataDir.resolve(Settings.FILE_NAME)))
                .contains("\"attachments\" : \"text-only\"");
        assertThat(harness.settings.providers()).singleElement()
                .extracting(ProviderConfig::attachments).isEqualTo(AttachmentSupport.TEXT_ONLY);

        robot.clickOn("#" + MainWindow.SETTINGS_ID);
        untilFx(() -> window.settingsDialog().isPresent());
        @SuppressWarnings("unchecked")
        ComboBox<AttachmentSupport> again = robot.lookup("#" + ProvidersView.ATTACHMENTS_ID).queryAs(ComboBox.class);
        untilFx(() -> again.getValue() == AttachmentSupport.TEXT_ONLY);
    }

    @Test
    void aCredentialHeaderIsMaskedLikeTheKeyWhenShownAndWhenTyped(FxRobot robot) throws Exception {
        String helicone = "Bearer sk-helicone-SECRET0123456789";
        String token = "tok-SECRET-typed-4455";
        ApiKeys keys = ApiKeys.with(Optional.empty(), harness.dataDir, Map.of(), p -> { });
        Map<String, String> saved = new LinkedHashMap<>();
        saved.put("Helicone-Auth", helicone);
        saved.put("X-Title", "Tidemark");
        ProviderSettings.of(harness.dataDir, Settings.load(harness.dataDir, p -> { }), keys, Runnable::run)
                .update(List.of(new ProviderConfig("gateway", "Gateway", "custom", Protocol.OPENAI_COMPATIBLE,
                        "http://localhost:1234/v1", AuthStyle.BEARER, null, "m", saved, ProxyChoice.DIRECT)),
                        Map.of(), Set.of()).get(10, TimeUnit.SECONDS);
        open(robot, Map.of());

        robot.clickOn("#" + MainWindow.SETTINGS_ID);
        untilFx(() -> window.settingsDialog().isPresent());
        // the form shows the saved provider (its saved header value is read from the key file first)
        untilFx(() -> textsIn(robot, TextInputControl.class).stream().anyMatch(t -> t.contains(helicone)));
        // the saved value is there, but only in a field that masks it; a plain header stays plain
        assertThat(plainTexts(robot)).noneMatch(t -> t.contains("SECRET")).contains("Tidemark");
        assertThat(textsIn(robot, PasswordField.class)).contains(helicone);

        robot.clickOn("#" + ProvidersView.ADD_HEADER_ID).write("X-Api-Token");
        robot.clickOn(lastHeaderValue(robot)).write(token);
        assertThat(lastHeaderValue(robot)).isInstanceOf(PasswordField.class);
        assertThat(textsIn(robot, PasswordField.class)).contains(helicone, token);
        assertThat(plainTexts(robot)).noneMatch(t -> t.contains("SECRET"));

        robot.clickOn("#" + SettingsDialog.SAVE_ID);
        untilFx(() -> window.settingsDialog().isEmpty());
        harness.settings.flush().get(10, TimeUnit.SECONDS);
        assertThat(Files.readString(harness.dataDir.resolve(KeyFile.FILE_NAME))).contains(token).contains(helicone);
        assertThat(Files.readString(harness.dataDir.resolve(Settings.FILE_NAME))).contains("X-Api-Token")
                .doesNotContain("SECRET");
    }

    /** The value field of the last custom header row. */
    private static TextField lastHeaderValue(FxRobot robot) {
        List<TextField> values = List.copyOf(robot.lookup("." + SettingsStyles.HEADER_VALUE).queryAllAs(TextField.class));
        return values.get(values.size() - 1);
    }

    private static List<String> textsIn(FxRobot robot, Class<? extends TextInputControl> type) {
        return robot.lookup(type::isInstance).queryAllAs(TextInputControl.class).stream()
                .map(TextInputControl::getText).filter(t -> t != null && !t.isEmpty()).toList();
    }

    /** What every text field and area not masking its text shows. */
    private static List<String> plainTexts(FxRobot robot) {
        return robot.lookup((javafx.scene.Node n) -> n instanceof TextInputControl && !(n instanceof PasswordField))
                .queryAllAs(TextInputControl.class).stream()
                .map(TextInputControl::getText).filter(t -> t != null && !t.isEmpty()).toList();
    }

    private void open(FxRobot robot, Map<String, String> env) throws Exception {
        harness.env = env;
        harness.keyFile = true;
        int ollamaPort = ollamaStarted ? ollama.getPort() : closedPort();
        int lmStudioPort = closedPort();
        harness.localServers = http -> LocalServerDetector.onPorts(http, "localhost",
                Map.of(ProviderPresets.OLLAMA, ollamaPort, ProviderPresets.LM_STUDIO, lmStudioPort));
        window = harness.open(robot);
    }

    private String fetchMessage(FxRobot robot) {
        return robot.lookup("#" + ProvidersView.FETCH_MESSAGE_ID).queryAs(Label.class).getText();
    }

    /** Every file of the data directory but the key file itself: settings, journal, sessions. */
    private void assertNoKeyOutside(Path keyFile) throws Exception {
        try (Stream<Path> files = Files.walk(harness.dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.equals(keyFile)).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(text).as(harness.dataDir.relativize(file).toString()).doesNotContain(KEY).doesNotContain("SECRETkey");
            }
        }
    }

    private static MockResponse models(String... ids) {
        StringBuilder body = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < ids.length; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i]).append("\",\"object\":\"model\"}");
        }
        return new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body(body.append("]}").toString()).build();
    }

    private static MockResponse jsonError(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
