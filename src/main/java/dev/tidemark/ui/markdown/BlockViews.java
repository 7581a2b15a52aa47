package dev.tidemark.ui.markdown;

import javafx.scene.Node;

import java.util.function.Consumer;

/** Creates the view of a block model. One per {@link MarkdownView}: it carries the view's link opener. */
final class BlockViews {

    private final Consumer<String> linkOpener;

    BlockViews(Consumer<String> linkOpener) {
        this.linkOpener = linkOpener;
    }

    Node create(BlockModel model) {
        if (model instanceof BlockModel.Code code) {
            return new CodeBlockView(code);
        } else if (model instanceof BlockModel.ItemList list) {
            return new ItemListView(this, list);
        } else if (model instanceof BlockModel.Quote quote) {
            return new QuoteView(this, quote);
        } else if (model instanceof BlockModel.Table table) {
            return new TableBlockView(linkOpener, table);
        } else if (model instanceof BlockModel.Rule) {
            return new RuleView();
        }
        return new TextBlockView(linkOpener, model);
    }
}
