package dev.tidemark.ui.markdown;

import javafx.collections.FXCollections;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.PathElement;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages as the conversation shows them: one MarkdownView per ListView cell. */
@ExtendWith(ApplicationExtension.class)
class MarkdownInListTest {

    private ListView<String> list;

    @Start
    void start(Stage stage) {
        list = new ListView<>(FXCollections.observableArrayList(
                "The **first** message, long enough to wrap across more than one line in a narrow list of messages.",
                "Second message with `code`.\n\n```java\nint x = 1;\n```"));
        list.setCellFactory(view -> new ListCell<>() {
            private final MarkdownView markdown = new MarkdownView(url -> { });

            {
                markdown.prefWidthProperty().bind(view.widthProperty().subtract(40));
                markdown.maxWidthProperty().bind(view.widthProperty().subtract(40));
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                } else {
                    markdown.setMarkdown(item);
                    setGraphic(markdown);
                }
            }
        });
        stage.setScene(new Scene(TestTheme.root(list), 320, 500));
        stage.show();
    }

    @Test
    void textInACellIsSelectedAndCopiedWithCtrlC(FxRobot robot) throws Exception {
        robot.interact(() -> Clipboard.getSystemClipboard().clear());
        RunFlow flow = robot.lookup("." + MarkdownStyles.PARAGRAPH).queryAllAs(RunFlow.class).stream()
                .filter(f -> f.text().startsWith("The first")).findFirst().orElseThrow();
        robot.moveTo(point(flow, 4)).press(MouseButton.PRIMARY).moveTo(point(flow, 17)).release(MouseButton.PRIMARY);
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get())
                .isEqualTo("first message");
    }

    @Test
    void aWrappedMessageGetsTheHeightItsLinesNeed(FxRobot robot) {
        RunFlow flow = robot.lookup("." + MarkdownStyles.PARAGRAPH).queryAllAs(RunFlow.class).stream()
                .filter(f -> f.text().startsWith("The first")).findFirst().orElseThrow();
        MarkdownView view = (MarkdownView) flow.getParent().getParent();
        double lineHeight = flow.getChildren().stream().filter(n -> n instanceof javafx.scene.text.Text)
                .findFirst().orElseThrow().getLayoutBounds().getHeight();
        assertThat(flow.getHeight()).isGreaterThan(2 * lineHeight);
        assertThat(view.getHeight()).isGreaterThanOrEqualTo(flow.getHeight());
        assertThat(view.getWidth()).isLessThanOrEqualTo(list.getWidth());
        List<javafx.scene.control.Cell<?>> cells = new java.util.ArrayList<>();
        for (javafx.scene.Node node : robot.lookup(".list-cell").queryAll()) {
            if (node instanceof javafx.scene.control.Cell<?> cell && !cell.isEmpty()) {
                cells.add(cell);
            }
        }
        assertThat(cells).hasSize(2);
        assertThat(cells.get(0).getHeight()).isGreaterThanOrEqualTo(view.getHeight());
    }

    private static Point2D point(javafx.scene.text.TextFlow flow, int index) {
        PathElement[] caret = flow.caretShape(index, true);
        double x = ((MoveTo) caret[0]).getX();
        double middle = (((MoveTo) caret[0]).getY() + ((LineTo) caret[1]).getY()) / 2;
        return flow.localToScreen(x + 1, middle);
    }
}
