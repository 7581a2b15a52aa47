package dev.tidemark.ui.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.app.MainWindow;
import dev.tidemark.chat.ToolHost;
import dev.tidemark.settings.KeyFile;
import dev.tidemark.settings.Settings;
import dev.tidemark.testing.mcp.TestMcpServer;
import dev.tidemark.ui.WindowExtension;
import dev.tidemark.ui.WindowHarness;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** Settings → Tools in the real window, with the real test MCP server run as a child process through the SDK. */
@ExtendWith(WindowExtension.class)
class ToolsSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "tok-SECRET-0123456789abcdef";

    private WindowHarness harness;
    private MainWindow window;

    /** {"mcpServers": {name: {"command": java, "args": [...], "env": {...}}}} running the test server. */
    private static ObjectNode config(String name, String... options) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode server = root.putObject("mcpServers").putObject(name);
        List<String> command = TestMcpServer.command(options);
        server.put("command", command.get(0));
        ArrayNode args = server.putArray("args");
        command.subList(1, command.size()).forEach(args::add);
        server.putObject("env").put("TEST_API_TOKEN", TOKEN);
        return root;
    }

    private void openTools(FxRobot robot) throws Exception {
        harness.keyFile = true;
        window = harness.open(robot);
        robot.clickOn("#" + MainWindow.SETTINGS_ID);
        untilFx(() -> window.settingsDialog().isPresent());
        robot.interact(() -> window.settingsDialog().orElseThrow().showTools());
    }

    private String text(FxRobot robot, String id) {
        var node = robot.lookup("#" + id).query();
        return node instanceof TextArea area ? area.getText() : ((Label) node).getText();
    }

    @Test
    void aServerThatFailsShowsFailedAndTheTailOfItsStderr(FxRobot robot) throws Exception {
        Files.writeString(harness.dataDir.resolve(Settings.FILE_NAME),
                JSON.writeValueAsString(config("broken", "--fail-at-start", "boom: missing token")));
        openTools(robot);

        untilFx(() -> text(robot, ToolsView.STATE_ID).equals("failed"));
        assertThat(text(robot, ToolsView.ERROR_ID)).contains("boom: missing token");
        TextArea error = robot.lookup("#" + ToolsView.ERROR_ID).queryAs(TextArea.class);
        assertThat(error.isEditable()).isFalse();
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getStyleClass()).contains(SettingsStyles.SERVER_ERROR);
        assertThat(robot.lookup("." + SettingsStyles.STATE_FAILED).tryQuery()).isPresent();
    }

    @Test
    void aPastedConfigIsAddedStartedAndItsSecretGoesToTheKeyStore(FxRobot robot) throws Exception {
        openTools(robot);
        robot.clickOn("#" + ToolsView.PASTE_ID);
        untilFx(() -> robot.lookup("#" + ToolsView.PASTE_TEXT_ID).tryQuery().isPresent());
        String pasted = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config("local"));
        robot.interact(() -> robot.lookup("#" + ToolsView.PASTE_TEXT_ID).queryAs(TextArea.class).setText(pasted));
        robot.clickOn("#" + ToolsView.PASTE_OK_ID);

        untilFx(() -> text(robot, ToolsView.STATE_ID).equals("ready · 6 tools"));
        assertThat(text(robot, ToolsView.MESSAGE_ID)).isEqualTo("Added local.");
        assertThat(robot.lookup("#" + ToolsView.TOOL_ID_PREFIX + "echo").queryAs(CheckBox.class).isSelected()).isTrue();
        assertThat(window.services().toolServers().offered()).extracting(ToolHost.OfferedTool::tool)
                .contains("echo", "add", "append");

        harness.settings.flush().get(10, TimeUnit.SECONDS);
        String file = Files.readString(harness.dataDir.resolve(Settings.FILE_NAME));
        assertThat(file).contains("\"local\"").contains("TestMcpServer").doesNotContain(TOKEN)
                .contains("\"savedWithKeys\" : true");
        assertThat(Files.readString(harness.dataDir.resolve(KeyFile.FILE_NAME))).contains(TOKEN);
    }

    @Test
    void aToolSwitchedOffIsNoLongerOffered(FxRobot robot) throws Exception {
        Files.writeString(harness.dataDir.resolve(Settings.FILE_NAME), JSON.writeValueAsString(config("local")));
        openTools(robot);
        untilFx(() -> text(robot, ToolsView.STATE_ID).startsWith("ready"));
        assertThat(window.services().toolServers().offered()).extracting(ToolHost.OfferedTool::tool).contains("echo");

        robot.clickOn("#" + ToolsView.TOOL_ID_PREFIX + "echo");
        untilFx(() -> window.services().toolServers().offered().stream().noneMatch(t -> t.tool().equals("echo")));
        assertThat(window.services().toolServers().offered()).extracting(ToolHost.OfferedTool::tool)
                .contains("add", "append");
        harness.settings.flush().get(10, TimeUnit.SECONDS);
        assertThat(Files.readString(harness.dataDir.resolve(Settings.FILE_NAME)))
                .contains("\"disabledTools\" : [ \"echo\" ]");
    }
}
