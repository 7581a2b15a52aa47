package dev.tidemark.ui.markdown;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Path;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.util.List;

/** Test fixtures: a root carrying the theme's colour variables, and a printable form of a node tree. */
final class TestTheme {

    /** The -color-* variables markdown.css refers to (the real values live in the app's theme). */
    static final String VARIABLES = String.join(" ",
            "-color-fg: #1f2328;", "-color-muted: #6a6f76;", "-color-selection: #b6cdf5;",
            "-color-surface-alt: #f0f0ed;", "-color-link: #2d6cdf;", "-color-code-bg: #f6f8fa;",
            "-color-code-fg: #1f2328;", "-color-code-border: #e1e4e8;", "-color-inline-code-bg: #efefec;",
            "-color-quote-fg: #57606a;", "-color-quote-border: #d0d7de;", "-color-table-border: #d8dee4;",
            "-color-table-header-bg: #f3f4f1;", "-color-rule: #dcdcd8;", "-color-syntax-keyword: #cf222e;",
            "-color-syntax-string: #0a3069;", "-color-syntax-comment: #6e7781;", "-color-syntax-number: #0550ae;",
            "-color-syntax-type: #953800;", "-color-syntax-function: #8250df;",
            "-fx-background-color: white;", "-fx-padding: 10;");

    private TestTheme() {
    }

    static Pane root(Node content) {
        StackPane root = new StackPane(content);
        root.setStyle(VARIABLES);
        return root;
    }

    /** Every node below {@code node}: its type, style classes and text, one per line, indented by depth. */
    static String dump(Node node) {
        StringBuilder out = new StringBuilder();
        dump(node, 0, out);
        return out.toString();
    }

    private static void dump(Node node, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(node.getClass().getSimpleName()).append(node.getStyleClass());
        if (node instanceof Text text) {
            out.append(" \"").append(text.getText().replace("\n", "\\n")).append('"');
        } else if (node instanceof Labeled labeled) {
            out.append(" \"").append(labeled.getText()).append('"');
        } else if (node instanceof TextFlow flow) {
            out.append(' ').append(flow.getTextAlignment());
        }
        if (node instanceof Path path) {
            out.append(" managed=").append(path.isManaged());
        }
        out.append('\n');
        if (node instanceof Parent parent && !(node instanceof Labeled)) {
            List<Node> children = parent.getChildrenUnmodifiable();
            for (Node child : children) {
                dump(child, depth + 1, out);
            }
        }
    }
}
