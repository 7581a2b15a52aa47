package dev.tidemark.ui.markdown;

import java.util.List;
import java.util.function.Consumer;

/** A paragraph, a heading or a raw HTML block: one flow of text. One kind can turn into another in place. */
final class TextBlockView extends RunFlow implements BlockView {

    TextBlockView(Consumer<String> linkOpener, BlockModel model) {
        super(linkOpener);
        if (!update(model)) {
            throw new IllegalArgumentException("not a text block: " + model);
        }
    }

    @Override
    public boolean update(BlockModel model) {
        if (model instanceof BlockModel.Paragraph paragraph) {
            restyle(MarkdownStyles.PARAGRAPH);
            setRuns(paragraph.runs());
        } else if (model instanceof BlockModel.Heading heading) {
            restyle(MarkdownStyles.HEADING, MarkdownStyles.heading(heading.level()));
            setRuns(heading.runs());
        } else if (model instanceof BlockModel.Html html) {
            restyle(MarkdownStyles.HTML_BLOCK);
            setRuns(html.html().isEmpty() ? List.of()
                    : List.of(new TextRun(html.html(), List.of(MarkdownStyles.TEXT, MarkdownStyles.HTML))));
        } else {
            return false;
        }
        return true;
    }

    private void restyle(String... classes) {
        List<String> wanted = new java.util.ArrayList<>(classes.length + 1);
        wanted.add(MarkdownStyles.FLOW);
        wanted.addAll(List.of(classes));
        if (!getStyleClass().equals(wanted)) {
            getStyleClass().setAll(wanted);
        }
    }
}
