package dev.tidemark.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.app.MainWindow;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Session;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** Export and import from the window: the work off the FX thread, the outcome in a notification. */
@ExtendWith(WindowExtension.class)
class ExportImportWindowTest {

    @TempDir
    Path elsewhere;

    private WindowHarness harness;
    private MainWindow window;

    @Test
    void theFileMenuOffersExportAndImport(FxRobot robot) throws Exception {
        open(robot);
        MenuBar bar = robot.lookup("#" + MainWindow.MENU_BAR_ID).queryAs(MenuBar.class);
        Menu file = bar.getMenus().stream().filter(m -> m.getText().equals("File")).findFirst().orElseThrow();
        assertThat(file.getItems()).extracting(MenuItem::getText)
                .contains("Export chat…", "Export all chats…", "Import…");
        Menu edit = bar.getMenus().stream().filter(m -> m.getText().equals("Edit")).findFirst().orElseThrow();
        assertThat(edit.getItems()).extracting(MenuItem::getText).contains("Search messages…");
    }

    @Test
    void importsAChatGptExportThenExportsEverything(FxRobot robot) throws Exception {
        open(robot);
        int before = window.sessions().sessions().size();
        Path chatGpt = fixture("conversations.json");
        await(robot, () -> window.history().importFile(chatGpt));
        untilFx(() -> window.sessions().sessions().size() == before + 4);
        assertThat(window.notices().text()).startsWith("Imported 4 sessions from conversations.json.")
                .contains("2 images could not be imported");
        assertThat(window.sessions().sessions()).extracting(dev.tidemark.session.SessionSummary::title).contains("Tide tables for Brest");

        Path out = elsewhere.resolve("everything.tidemark.json");
        await(robot, () -> window.history().exportAll(out));
        JsonNode export = new ObjectMapper().readTree(out.toFile());
        assertThat(export.path("format").asText()).isEqualTo("tidemark-export");
        assertThat(export.path("sessions")).hasSize(before + 4);
        assertThat(window.notices().text()).isEqualTo("Exported " + (before + 4) + " chats to everything.tidemark.json.");

        Path md = elsewhere.resolve("brest.md");
        await(robot, () -> window.history().exportSession("chatgpt-6738a1f0-0c4e-800c-9b1e-2f6c1d7e9a01", md));
        assertThat(Files.readString(md)).startsWith("# Tide tables for Brest\n");
    }

    @Test
    void aBadFileIsNamedInTheNotificationAndAddsNothing(FxRobot robot) throws Exception {
        open(robot);
        int before = window.sessions().sessions().size();
        Path bad = Files.writeString(elsewhere.resolve("half.tidemark.json"),
                "{\"format\":\"tidemark-export\",\"version\":1,\"sessions\":[{\"format\":1,");
        await(robot, () -> window.history().importFile(bad));
        assertThat(window.notices().text()).startsWith("Cannot import half.tidemark.json: it is not valid JSON at line 1")
                .endsWith("Nothing was imported.");
        assertThat(window.sessions().sessions()).hasSize(before);
    }

    @Test
    void aMalformedChatGptExportIsExplainedInWordsInTheNotification(FxRobot robot) throws Exception {
        open(robot);
        int before = window.sessions().sessions().size();
        String good = Files.readString(fixture("conversations.json"));
        Path node = Files.writeString(elsewhere.resolve("conversations.json"), good
                .replace("\"current_node\": \"aaa-a2\"", "\"current_node\": \"aaa-x\"")
                .replace("\"mapping\": {\n   \"aaa-root\"", "\"mapping\": {\n   \"aaa-x\": 5, \"aaa-root\""));
        await(robot, () -> window.history().importFile(node));
        assertThat(window.notices().text()).isEqualTo("Cannot import conversations.json: conversation 4 (\"Tide tables"
                + " for Brest\"): its current_node is aaa-x, which is a number, not an object. Nothing was imported.");

        Path time = Files.writeString(elsewhere.resolve("later.json"), good.replace("\"create_time\": 1763200000.125",
                "\"create_time\": 1e20"));
        await(robot, () -> window.history().importFile(time));
        assertThat(window.notices().text()).isEqualTo("Cannot import later.json: conversation 4 (\"Tide tables for"
                + " Brest\"): its create_time is 1.0E20, which is not a time (seconds since 1970, up to the year 9999)."
                + " Nothing was imported.");
        assertThat(window.sessions().sessions()).hasSize(before);
    }

    private void open(FxRobot robot) throws Exception {
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN, Journal.Options.defaults(), Duration.ofMillis(2));
    }

    /** Starts the work on the FX thread, as the menu does, and waits for its outcome to be shown. */
    private static void await(FxRobot robot, java.util.function.Supplier<CompletableFuture<Void>> work)
            throws Exception {
        CompletableFuture<CompletableFuture<Void>> started = new CompletableFuture<>();
        robot.interact(() -> started.complete(work.get()));
        started.get(10, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(ExportImportWindowTest.class.getResource("/fixtures/chatgpt/" + name).toURI());
    }
}
