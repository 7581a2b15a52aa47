package dev.tidemark.ui.markdown;

import javafx.collections.ObservableList;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@code TextFlow} showing {@link TextRun}s, one {@code Text} per run. New runs are applied as a
 * diff: the nodes of the runs that stayed the same are kept, and a run that only grew has its text
 * set, so a streaming paragraph costs one changed node per frame, not a new flow.
 *
 * <p>It also draws, behind its text, the background of inline code and the selection that
 * {@link TextSelection} gives it. Both are unmanaged {@code Path}s, which the flow's text layout
 * ignores; they are placed from {@code rangeShape}, whose coordinates leave out the flow's padding
 * (JDK-8341438), which is why markdown.css gives flows no padding.
 */
class RunFlow extends TextFlow {

    /** How long the pointer rests on a link before its destination shows. */
    static final Duration LINK_HOVER_DELAY = Duration.millis(300);
    private static final double LINK_TOOLTIP_WIDTH = 560;

    private final Consumer<String> linkOpener;
    private List<TextRun> runs = List.of();
    private String text = "";
    private Path codeBackground;       // created when a run is inline code
    private Path selection;            // created on the first selection
    private int selectionStart;
    private int selectionEnd;
    private String separatorBefore = "\n";

    RunFlow(Consumer<String> linkOpener) {
        this.linkOpener = linkOpener;
        getStyleClass().add(MarkdownStyles.FLOW);
    }

    final void setRuns(List<TextRun> next) {
        if (next.equals(runs)) {
            return;
        }
        List<TextRun> previous = runs;
        int common = 0;
        int max = Math.min(previous.size(), next.size());
        while (common < max && previous.get(common).equals(next.get(common))) {
            common++;
        }
        ObservableList<Node> children = getChildren();
        int first = decorations();
        int keep = common;
        if (common < max && previous.get(common).sameStyle(next.get(common))) {
            ((Text) children.get(first + common)).setText(next.get(common).text());
            keep++;
        }
        if (first + keep < children.size()) {
            children.remove(first + keep, children.size());
        }
        if (keep < next.size()) {
            List<Node> added = new ArrayList<>(next.size() - keep);
            for (TextRun run : next.subList(keep, next.size())) {
                added.add(textNode(run));
            }
            children.addAll(added);
        }
        runs = List.copyOf(next);
        StringBuilder all = new StringBuilder();
        boolean code = false;
        for (TextRun run : runs) {
            all.append(run.text());
            code |= run.styles().contains(MarkdownStyles.INLINE_CODE);
        }
        text = all.toString();
        if (code && codeBackground == null) {
            codeBackground = decoration(MarkdownStyles.INLINE_CODE_BACKGROUND);
            children.add(0, codeBackground);
        } else if (!code && codeBackground != null) {
            children.remove(codeBackground);
            codeBackground = null;
        }
        if (selectionEnd > text.length()) {
            select(Math.min(selectionStart, text.length()), text.length());
        }
    }

    final List<TextRun> runs() {
        return runs;
    }

    /** The text of all runs, as copied. */
    final String text() {
        return text;
    }

    /** What goes between the text of the flow before and this one when both are copied. */
    final String separatorBefore() {
        return separatorBefore;
    }

    final void setSeparatorBefore(String separator) {
        separatorBefore = separator;
    }

    /** The caret position nearest to a point in this flow's coordinates. */
    final int indexAt(Point2D local) {
        int index = hitTest(local).getInsertionIndex();
        return Math.max(0, Math.min(text.length(), index));
    }

    final void select(int start, int end) {
        int s = Math.max(0, Math.min(start, text.length()));
        int e = Math.max(s, Math.min(end, text.length()));
        if (s == selectionStart && e == selectionEnd) {
            return;
        }
        selectionStart = s;
        selectionEnd = e;
        if (selection == null) {
            if (s == e) {
                return;
            }
            selection = decoration(MarkdownStyles.SELECTION);
            getChildren().add(codeBackground == null ? 0 : 1, selection);
        }
        drawSelection();
    }

    final void clearSelection() {
        select(0, 0);
    }

    final boolean hasSelection() {
        return selectionEnd > selectionStart;
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        drawCodeBackground();
        drawSelection();
    }

    private void drawSelection() {
        if (selection != null) {
            selection.getElements().setAll(selectionEnd > selectionStart
                    ? rangeShape(selectionStart, selectionEnd) : new PathElement[0]);
        }
    }

    private void drawCodeBackground() {
        if (codeBackground == null) {
            return;
        }
        List<PathElement> shapes = new ArrayList<>();
        int offset = 0;
        for (TextRun run : runs) {
            int end = offset + run.text().length();
            if (run.styles().contains(MarkdownStyles.INLINE_CODE)) {
                shapes.addAll(Arrays.asList(rangeShape(offset, end)));
            }
            offset = end;
        }
        codeBackground.getElements().setAll(shapes);
    }

    private int decorations() {
        return (codeBackground == null ? 0 : 1) + (selection == null ? 0 : 1);
    }

    private static Path decoration(String styleClass) {
        Path path = new Path();
        path.setManaged(false);
        path.setMouseTransparent(true);
        path.getStyleClass().add(styleClass);
        return path;
    }

    private Text textNode(TextRun run) {
        Text node = new Text(run.text());
        node.getStyleClass().setAll(run.styles());
        String url = run.link();
        if (url != null) {
            // where the link goes, shown before a click opens it (as a browser's status bar does)
            Tooltip destination = new Tooltip(url);
            destination.setShowDelay(LINK_HOVER_DELAY);
            destination.setWrapText(true);
            destination.setMaxWidth(LINK_TOOLTIP_WIDTH);
            Tooltip.install(node, destination);
            node.setOnMouseClicked(event -> {
                if (event.getButton() == MouseButton.PRIMARY && event.isStillSincePress()) {
                    event.consume();
                    linkOpener.accept(url);
                }
            });
        }
        return node;
    }
}
