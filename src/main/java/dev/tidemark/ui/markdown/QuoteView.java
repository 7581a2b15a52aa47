package dev.tidemark.ui.markdown;

/** A block quote: a column of blocks with a bar on its left. */
final class QuoteView extends BlockColumn implements BlockView {

    QuoteView(BlockViews views, BlockModel.Quote quote) {
        super(views, MarkdownStyles.QUOTE);
        show(quote.blocks());
    }

    @Override
    public boolean update(BlockModel model) {
        if (model instanceof BlockModel.Quote quote) {
            show(quote.blocks());
            return true;
        }
        return false;
    }
}
