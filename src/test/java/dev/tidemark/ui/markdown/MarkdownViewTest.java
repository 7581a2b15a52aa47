package dev.tidemark.ui.markdown;

import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.GridPane;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.PathElement;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/** A MarkdownView in a real (headless) window: what each kind of block and inline becomes, and how it reacts. */
@ExtendWith(ApplicationExtension.class)
class MarkdownViewTest {

    private final List<String> opened = new CopyOnWriteArrayList<>();
    private MarkdownView view;
    private MarkdownView other;

    @Start
    void start(Stage stage) {
        view = new MarkdownView(opened::add);
        other = new MarkdownView(opened::add);
        stage.setScene(new Scene(TestTheme.root(new javafx.scene.layout.VBox(24, view, other)), 640, 700));
        stage.show();
    }

    private void show(FxRobot robot, String markdown) {
        robot.interact(() -> view.setMarkdown(markdown));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<Node> blocks() {
        return ((MarkdownViewSkin) view.getSkin()).content().getChildren();
    }

    private static List<String> texts(TextFlow flow) {
        return flow.getChildren().stream().filter(Text.class::isInstance).map(n -> ((Text) n).getText()).toList();
    }

    private static Text textNode(TextFlow flow, String text) {
        return flow.getChildren().stream().filter(n -> n instanceof Text t && t.getText().equals(text))
                .map(Text.class::cast).findFirst().orElseThrow(() -> new AssertionError("no text " + text));
    }

    // ---- structure ----

    @Test
    void paragraphsAndHeadingsAreFlowsOfText(FxRobot robot) {
        show(robot, "# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n\nJust a paragraph.");
        List<Node> blocks = blocks();
        assertThat(blocks).hasSize(7);
        for (int level = 1; level <= 6; level++) {
            TextFlow heading = (TextFlow) blocks.get(level - 1);
            assertThat(heading.getStyleClass()).contains(MarkdownStyles.HEADING, MarkdownStyles.heading(level))
                    .doesNotContain(MarkdownStyles.PARAGRAPH);
        }
        assertThat(texts((TextFlow) blocks.get(3))).containsExactly("Four");
        TextFlow paragraph = (TextFlow) blocks.get(6);
        assertThat(paragraph.getStyleClass()).contains(MarkdownStyles.PARAGRAPH, MarkdownStyles.FLOW);
        assertThat(texts(paragraph)).containsExactly("Just a paragraph.");
        assertThat(((Text) paragraph.getChildren().get(0)).getFont().getSize())
                .isLessThan(((Text) ((TextFlow) blocks.get(0)).getChildren().get(0)).getFont().getSize());
    }

    @Test
    void inlinesBecomeStyledRuns(FxRobot robot) {
        show(robot, "Plain *em* **strong** ***both*** `co*de*` <b>tag</b> ![tide chart](chart.png)\nsoft  \nhard");
        TextFlow flow = (TextFlow) blocks().get(0);
        assertThat(texts(flow)).containsExactly("Plain ", "em", " ", "strong", " ", "both", " ", "co*de*", " ",
                "<b>", "tag", "</b>", " ", "tide chart", " soft\nhard");
        assertThat(textNode(flow, "em").getStyleClass()).containsExactly(MarkdownStyles.TEXT, MarkdownStyles.EMPHASIS);
        assertThat(textNode(flow, "strong").getStyleClass()).contains(MarkdownStyles.STRONG);
        assertThat(textNode(flow, "both").getStyleClass()).contains(MarkdownStyles.STRONG, MarkdownStyles.EMPHASIS);
        assertThat(textNode(flow, "co*de*").getStyleClass()).contains(MarkdownStyles.INLINE_CODE);
        assertThat(textNode(flow, "co*de*").getFont().getFamily()).containsIgnoringCase("mono");
        assertThat(textNode(flow, "<b>").getStyleClass()).contains(MarkdownStyles.HTML);
        assertThat(textNode(flow, "tag").getStyleClass()).containsExactly(MarkdownStyles.TEXT);
        assertThat(textNode(flow, "tide chart").getStyleClass()).contains(MarkdownStyles.IMAGE);
        assertThat(textNode(flow, "strong").getFont().getStyle()).containsIgnoringCase("bold");
        assertThat(textNode(flow, "em").getFont().getStyle()).containsIgnoringCase("italic");
        // inline code gets a background drawn behind it, not part of the text
        assertThat(flow.getChildren().get(0).getStyleClass()).contains(MarkdownStyles.INLINE_CODE_BACKGROUND);
        assertThat(((javafx.scene.shape.Path) flow.getChildren().get(0)).getElements()).isNotEmpty();
    }

    @Test
    void listsNestAndNumberFromTheirStart(FxRobot robot) {
        show(robot, "- apples\n- pears\n  - green\n  - red\n\n3. three\n4. four\n");
        ItemListView bullets = (ItemListView) blocks().get(0);
        assertThat(bullets.getStyleClass()).contains(MarkdownStyles.LIST, MarkdownStyles.BULLET_LIST, MarkdownStyles.TIGHT);
        assertThat(bullets.getChildren()).hasSize(2);
        assertThat(markers(bullets)).containsExactly("•", "•");
        BlockColumn pears = (BlockColumn) ((javafx.scene.layout.HBox) bullets.getChildren().get(1)).getChildren().get(1);
        assertThat(texts((TextFlow) pears.getChildren().get(0))).containsExactly("pears");
        ItemListView nested = (ItemListView) pears.getChildren().get(1);
        assertThat(markers(nested)).containsExactly("◦", "◦");

        ItemListView numbers = (ItemListView) blocks().get(1);
        assertThat(numbers.getStyleClass()).contains(MarkdownStyles.ORDERED_LIST);
        assertThat(markers(numbers)).containsExactly("3.", "4.");
    }

    private static List<String> markers(ItemListView list) {
        List<String> out = new ArrayList<>();
        for (Node row : list.getChildren()) {
            TextFlow marker = (TextFlow) ((javafx.scene.layout.HBox) row).getChildren().get(0);
            assertThat(marker.getStyleClass()).contains(MarkdownStyles.LIST_MARKER);
            out.add(((Text) marker.getChildren().get(0)).getText());
        }
        return out;
    }

    @Test
    void quotesRulesAndRawHtmlBlocks(FxRobot robot) {
        show(robot, "> quoted *text*\n> > deeper\n\n---\n\n<div onclick=\"x()\">\n<script>alert(1)</script>\n</div>\n");
        QuoteView quote = (QuoteView) blocks().get(0);
        assertThat(quote.getStyleClass()).contains(MarkdownStyles.QUOTE);
        assertThat(texts((TextFlow) quote.getChildren().get(0))).containsExactly("quoted ", "text");
        assertThat(((QuoteView) quote.getChildren().get(1)).getChildren()).hasSize(1);
        assertThat(blocks().get(1)).isInstanceOf(RuleView.class);
        assertThat(blocks().get(1).getStyleClass()).contains(MarkdownStyles.RULE);
        TextFlow html = (TextFlow) blocks().get(2);
        assertThat(html.getStyleClass()).contains(MarkdownStyles.HTML_BLOCK);
        assertThat(texts(html)).containsExactly("<div onclick=\"x()\">\n<script>alert(1)</script>\n</div>");
    }

    @Test
    void tablesAreGridsWithAlignedCells(FxRobot robot) {
        show(robot, "| Port | Height | Note |\n|:--|--:|:-:|\n| Brest | 7.2 | *big* |\n| Nice | 0.3 |\n");
        GridPane table = (GridPane) blocks().get(0);
        assertThat(table.getStyleClass()).contains(MarkdownStyles.TABLE);
        List<RunFlow> cells = robot.from(table).lookup("." + MarkdownStyles.FLOW).queryAllAs(RunFlow.class)
                .stream().toList();
        assertThat(cells).extracting(RunFlow::text)
                .containsExactly("Port", "Height", "Note", "Brest", "7.2", "big", "Nice", "0.3", "");
        assertThat(cells).extracting(TextFlow::getTextAlignment).containsExactly(
                TextAlignment.LEFT, TextAlignment.RIGHT, TextAlignment.CENTER,
                TextAlignment.LEFT, TextAlignment.RIGHT, TextAlignment.CENTER,
                TextAlignment.LEFT, TextAlignment.RIGHT, TextAlignment.CENTER);
        assertThat(cells.get(0).getParent().getStyleClass()).contains(MarkdownStyles.TABLE_HEADER_CELL);
        assertThat(cells.get(3).getParent().getStyleClass()).contains(MarkdownStyles.TABLE_CELL);
        assertThat(GridPane.getRowIndex(cells.get(7).getParent())).isEqualTo(2);
        assertThat(GridPane.getColumnIndex(cells.get(7).getParent())).isEqualTo(1);
    }

    @Test
    void fencedAndIndentedCodeBlocksAreMonospacedAndLabelled(FxRobot robot) {
        show(robot, "```Python title=\"x\"\nprint('hi')\n```\n\n    indented\n    code\n");
        CodeBlockView fenced = (CodeBlockView) blocks().get(0);
        assertThat(fenced.getStyleClass()).contains(MarkdownStyles.CODE_BLOCK);
        assertThat(robot.from(fenced).lookup("." + MarkdownStyles.CODE_LANGUAGE).queryAs(Label.class).getText())
                .isEqualTo("python");
        RunFlow body = robot.from(fenced).lookup("." + MarkdownStyles.CODE_LINES).queryAs(RunFlow.class);
        assertThat(body.text()).isEqualTo("print('hi')");
        assertThat(fenced.code()).isEqualTo("print('hi')");
        assertThat(((Text) body.getChildren().get(0)).getFont().getFamily()).containsIgnoringCase("mono");

        CodeBlockView indented = (CodeBlockView) blocks().get(1);
        assertThat(robot.from(indented).lookup("." + MarkdownStyles.CODE_LANGUAGE).queryAs(Label.class).getText())
                .isEqualTo("text");
        assertThat(indented.code()).isEqualTo("indented\ncode");
    }

    @Test
    void longCodeIsShownInChunksOfLinesAndCopiedWhole(FxRobot robot) throws Exception {
        StringBuilder code = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            code.append(i == 1 ? "" : "\n").append("int line").append(i).append(" = ").append(i).append("; // ").append(i);
        }
        show(robot, "```java\n" + code + "\n```\n");
        CodeBlockView block = (CodeBlockView) blocks().get(0);
        List<RunFlow> chunks = robot.from(block).lookup("." + MarkdownStyles.CODE_LINES).queryAllAs(RunFlow.class)
                .stream().toList();
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0).text()).startsWith("int line1 = 1;").endsWith("// 16").doesNotContain("\n// 16\n");
        assertThat(chunks.get(1).text()).startsWith("int line17 = 17;").endsWith("// 32");
        assertThat(chunks.get(2).text()).startsWith("int line33").endsWith("// 40");
        assertThat(chunks.stream().map(RunFlow::text).toList()).allSatisfy(t -> assertThat(t.split("\n", -1).length)
                .isLessThanOrEqualTo(CodeBlockView.LINES_PER_CHUNK));
        assertThat(String.join("\n", chunks.stream().map(RunFlow::text).toList())).isEqualTo(code.toString());

        robot.interact(() -> Clipboard.getSystemClipboard().clear());
        robot.clickOn(robot.from(block).lookup("." + MarkdownStyles.CODE_COPY).queryAs(Button.class));
        assertThat(clipboard()).isEqualTo(code.toString());
        drag(robot, chunks.get(0), 4, chunks.get(1), 3);
        assertThat(view.selectedText()).isEqualTo(code.substring(4, code.indexOf("int line17") + 3));
    }

    @Test
    void javaAndPythonCodeGetKeywordStringAndCommentClasses(FxRobot robot) {
        show(robot, "```java\n// greet\npublic String hi() { return \"hi\"; }\n```\n\n"
                + "```python\n# greet\ndef hi():\n    return 'hi'\n```\n");
        List<RunFlow> bodies = robot.lookup("." + MarkdownStyles.CODE_LINES).queryAllAs(RunFlow.class).stream().toList();
        assertThat(bodies).hasSize(2);
        RunFlow java = bodies.get(0);
        assertThat(textNode(java, "// greet").getStyleClass()).contains(TokenKind.COMMENT.styleClass());
        assertThat(textNode(java, "public").getStyleClass()).contains(TokenKind.KEYWORD.styleClass());
        assertThat(textNode(java, "return").getStyleClass()).contains(TokenKind.KEYWORD.styleClass());
        assertThat(textNode(java, "\"hi\"").getStyleClass()).contains(TokenKind.STRING.styleClass());
        RunFlow python = bodies.get(1);
        assertThat(textNode(python, "# greet").getStyleClass()).contains(TokenKind.COMMENT.styleClass());
        assertThat(textNode(python, "def").getStyleClass()).contains(TokenKind.KEYWORD.styleClass());
        assertThat(textNode(python, "'hi'").getStyleClass()).contains(TokenKind.STRING.styleClass());
        // and the theme colours them apart
        assertThat(textNode(java, "public").getFill()).isNotEqualTo(textNode(java, "\"hi\"").getFill())
                .isNotEqualTo(textNode(java, "// greet").getFill());
    }

    // ---- links ----

    @Test
    void clickingALinkHandsItsUrlToTheOpenerAndNothingElse(FxRobot robot) {
        show(robot, "See [the tide tables](https://example.com/tides?port=brest) or [mail us](mailto:a@b.c).");
        TextFlow flow = (TextFlow) blocks().get(0);
        Text link = textNode(flow, "the tide tables");
        assertThat(link.getStyleClass()).contains(MarkdownStyles.LINK);
        assertThat(link.getCursor()).isEqualTo(javafx.scene.Cursor.HAND);

        robot.clickOn(link);
        assertThat(opened).containsExactly("https://example.com/tides?port=brest");
        assertThat(view.getMarkdown()).startsWith("See [the tide tables]");
        assertThat(blocks().get(0)).isSameAs(flow);
        assertThat(view.selectedText()).isEmpty();

        robot.clickOn(textNode(flow, "mail us"));
        assertThat(opened).containsExactly("https://example.com/tides?port=brest", "mailto:a@b.c");
    }

    @Test
    void restingOnALinkShowsWhereItGoesBeforeAnyClick(FxRobot robot) {
        show(robot, "Read [the tide tables](HTTPS://Example.com/tables/../tides?port=brest"
                + ") or [write](mailto:a@b.c?subject=Tides&cc=boss@b.c&attach=/etc/passwd).");
        TextFlow flow = (TextFlow) blocks().get(0);

        robot.moveTo(textNode(flow, "the tide tables"));

        untilFx(() -> shownTooltip(robot).filter("https://example.com/tides?port=brest"::equals).isPresent());
        assertThat(opened).as("nothing opened on hover").isEmpty();

        robot.moveTo(textNode(flow, "write"));
        untilFx(() -> shownTooltip(robot).filter("mailto:a@b.c?subject=Tides"::equals).isPresent());
        robot.clickOn(textNode(flow, "write"));
        assertThat(opened).containsExactly("mailto:a@b.c?subject=Tides");
    }

    private static java.util.Optional<String> shownTooltip(FxRobot robot) {
        return robot.listWindows().stream().filter(w -> w instanceof javafx.scene.control.Tooltip t && t.isShowing())
                .map(w -> ((javafx.scene.control.Tooltip) w).getText()).findFirst();
    }

    @Test
    void javascriptAndRelativeLinksAreOnlyText(FxRobot robot) {
        show(robot, "[run me](javascript:alert(1)) and [local](../etc/passwd) and [file](file:///etc/passwd)");
        TextFlow flow = (TextFlow) blocks().get(0);
        for (String label : List.of("run me", "local", "file")) {
            Text text = flow.getChildren().stream().filter(n -> n instanceof Text t && t.getText().contains(label))
                    .map(Text.class::cast).findFirst().orElseThrow();
            assertThat(text.getStyleClass()).doesNotContain(MarkdownStyles.LINK);
            assertThat(text.getOnMouseClicked()).isNull();
        }
        assertThat(texts(flow)).containsExactly("run me and local and file");
        robot.clickOn(flow.getChildren().get(0));
        assertThat(opened).isEmpty();
    }

    // ---- copying ----

    @Test
    void theCopyButtonPutsTheCodeOnTheClipboard(FxRobot robot) throws Exception {
        show(robot, "```bash\necho \"tide\" | wc -c\n```\n");
        robot.interact(() -> Clipboard.getSystemClipboard().clear());
        Button copy = robot.lookup("." + MarkdownStyles.CODE_COPY).queryAs(Button.class);
        robot.clickOn(copy);
        assertThat(clipboard()).isEqualTo("echo \"tide\" | wc -c");
        assertThat(copy.getText()).isEqualTo(CodeBlockView.COPIED);
        assertThat(view.selectedText()).isEmpty();
    }

    @Test
    void draggingSelectsTextAndCtrlCCopiesIt(FxRobot robot) throws Exception {
        show(robot, "The moon pulls the sea toward it.\n\nSecond paragraph here.");
        RunFlow first = (RunFlow) blocks().get(0);
        robot.interact(() -> Clipboard.getSystemClipboard().clear());

        drag(robot, first, 4, first, 14);
        assertThat(view.selectedText()).isEqualTo("moon pulls");
        assertThat(first.hasSelection()).isTrue();
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        assertThat(clipboard()).isEqualTo("moon pulls");
    }

    @Test
    void aSelectionRunsAcrossBlocksBackwardsToo(FxRobot robot) throws Exception {
        show(robot, "# Tides\n\nThe moon pulls the sea.\n\n- high water\n- low water\n");
        RunFlow heading = (RunFlow) blocks().get(0);
        RunFlow lowWater = robot.from(blocks().get(2)).lookup("." + MarkdownStyles.FLOW).queryAllAs(RunFlow.class)
                .stream().filter(f -> f.text().equals("low water")).findFirst().orElseThrow();
        drag(robot, lowWater, 3, heading, 2);
        assertThat(view.selectedText()).isEqualTo("des\n\nThe moon pulls the sea.\n\nhigh water\nlow");
    }

    @Test
    void theContextMenuCopiesTheSelection(FxRobot robot) throws Exception {
        show(robot, "Spring tides come with full and new moons.");
        RunFlow flow = (RunFlow) blocks().get(0);
        robot.interact(() -> Clipboard.getSystemClipboard().clear());
        drag(robot, flow, 0, flow, 12);
        // a right press must not lose the selection; the menu itself comes from the platform's
        // context-menu request, which Monocle's robot does not synthesize, so it is fired here
        Point2D at = point(flow, 5);
        robot.moveTo(at).press(MouseButton.SECONDARY).release(MouseButton.SECONDARY);
        robot.interact(() -> {
            Point2D local = flow.screenToLocal(at);
            javafx.event.Event.fireEvent(flow, new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                    local.getX(), local.getY(), at.getX(), at.getY(), false, null));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.getContextMenu().isShowing()).isTrue();
        assertThat(view.getContextMenu().getItems()).extracting(MenuItem::getText)
                .containsExactly(MarkdownViewSkin.COPY, MarkdownViewSkin.SELECT_ALL);
        robot.clickOn(MarkdownViewSkin.COPY);
        assertThat(clipboard()).isEqualTo("Spring tides");
    }

    @Test
    void aSelectionInEarlierBlocksSurvivesStreaming(FxRobot robot) {
        show(robot, "First block.\n\nSecond block.\n\nThird");
        RunFlow first = (RunFlow) blocks().get(0);
        drag(robot, first, 0, first, 5);
        robot.interact(() -> view.setMarkdown("First block.\n\nSecond block.\n\nThird block grows"));
        assertThat(view.selectedText()).isEqualTo("First");
        robot.clickOn(point(first, 8));
        assertThat(view.selectedText()).isEmpty();
    }

    @Test
    void selectingInAnotherMessageEndsTheSelectionHere(FxRobot robot) {
        show(robot, "A first message.");
        robot.interact(() -> other.setMarkdown("A second message."));
        WaitForAsyncUtils.waitForFxEvents();
        RunFlow first = (RunFlow) blocks().get(0);
        RunFlow second = robot.from(other).lookup("." + MarkdownStyles.FLOW).queryAs(RunFlow.class);
        drag(robot, first, 2, first, 7);
        assertThat(view.selectedText()).isEqualTo("first");
        assertThat(view.isFocused()).isTrue();

        drag(robot, second, 2, second, 8);
        assertThat(other.selectedText()).isEqualTo("second");
        assertThat(view.selectedText()).isEmpty();
        assertThat(first.hasSelection()).isFalse();
    }

    @Test
    void anotherTextInTheSameViewDropsTheSelection(FxRobot robot) {
        show(robot, "Ebb and flow.");
        RunFlow flow = (RunFlow) blocks().get(0);
        drag(robot, flow, 0, flow, 3);
        assertThat(view.selectedText()).isEqualTo("Ebb");
        show(robot, "Flood and ebb.");             // a list cell reused for another message
        assertThat(blocks().get(0)).isSameAs(flow);
        assertThat(view.selectedText()).isEmpty();
        assertThat(flow.hasSelection()).isFalse();
    }

    private void drag(FxRobot robot, RunFlow from, int fromIndex, RunFlow to, int toIndex) {
        robot.moveTo(point(from, fromIndex)).press(MouseButton.PRIMARY)
                .moveTo(point(to, toIndex)).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A screen point just inside the character at {@code index}, so a hit there is the caret before it. */
    private static Point2D point(TextFlow flow, int index) {
        PathElement[] caret = flow.caretShape(index, true);
        double x = ((MoveTo) caret[0]).getX();
        double top = ((MoveTo) caret[0]).getY();
        double bottom = ((LineTo) caret[1]).getY();
        return flow.localToScreen(x + 1, (top + bottom) / 2);
    }

    private static String clipboard() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get();
    }
}
