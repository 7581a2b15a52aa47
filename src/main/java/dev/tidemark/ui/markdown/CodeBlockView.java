package dev.tidemark.ui.markdown;

import javafx.animation.PauseTransition;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;

/**
 * A code block: a header with the language and a Copy button, and the highlighted code. While a
 * reply streams the code block (its fence still open) grows in place: the code is highlighted
 * again as a whole (cheap, see {@link SyntaxHighlighter}) and only the runs that changed get new
 * nodes. Closing the fence changes nothing on screen. Long lines wrap.
 */
final class CodeBlockView extends VBox implements BlockView {

    static final String COPY = "Copy";
    static final String COPIED = "Copied";
    private static final String PLAIN_LANGUAGE = "text";

    private final Label language = new Label();
    private final Button copy = new Button(COPY);
    private final RunFlow body = new RunFlow(url -> { });
    private final PauseTransition copiedFeedback = new PauseTransition(Duration.seconds(1.5));
    private BlockModel.Code model;

    CodeBlockView(BlockModel.Code code) {
        getStyleClass().add(MarkdownStyles.CODE_BLOCK);
        language.getStyleClass().add(MarkdownStyles.CODE_LANGUAGE);
        copy.getStyleClass().add(MarkdownStyles.CODE_COPY);
        copy.setFocusTraversable(false);
        copy.setOnAction(event -> copyCode());
        copiedFeedback.setOnFinished(event -> copy.setText(COPY));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(language, spacer, copy);
        header.getStyleClass().add(MarkdownStyles.CODE_HEADER);
        body.getStyleClass().add(MarkdownStyles.CODE_BODY);
        StackPane content = new StackPane(body);
        content.getStyleClass().add(MarkdownStyles.CODE_CONTENT);
        getChildren().addAll(header, content);
        update(code);
    }

    @Override
    public boolean update(BlockModel next) {
        if (!(next instanceof BlockModel.Code code)) {
            return false;
        }
        String label = code.language().isEmpty() ? PLAIN_LANGUAGE : code.language();
        if (!label.equals(language.getText())) {
            language.setText(label);
        }
        body.setRuns(runs(code.language(), code.code()));
        model = code;
        return true;
    }

    /** The code as it is copied: without the fence and without a final newline. */
    String code() {
        return model.code();
    }

    private void copyCode() {
        ClipboardContent content = new ClipboardContent();
        content.putString(model.code());
        Clipboard.getSystemClipboard().setContent(content);
        copy.setText(COPIED);
        copiedFeedback.playFromStart();
    }

    static List<TextRun> runs(String language, String code) {
        List<TextRun> runs = new ArrayList<>();
        List<String> plain = List.of(MarkdownStyles.TEXT);
        int at = 0;
        for (SyntaxHighlighter.Token token : SyntaxHighlighter.tokenize(language, code)) {
            if (token.start() > at) {
                runs.add(new TextRun(code.substring(at, token.start()), plain));
            }
            runs.add(new TextRun(code.substring(token.start(), token.end()),
                    List.of(MarkdownStyles.TEXT, token.kind().styleClass())));
            at = token.end();
        }
        if (at < code.length()) {
            runs.add(new TextRun(code.substring(at), plain));
        }
        return runs;
    }
}
