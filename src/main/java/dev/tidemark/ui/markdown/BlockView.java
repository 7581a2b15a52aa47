package dev.tidemark.ui.markdown;

/** A node that shows one {@link BlockModel} and can show a newer one in place. */
interface BlockView {

    /**
     * Shows {@code model} instead of the current one, keeping this node. Returns false, changing
     * nothing, when the model is of a kind this view cannot show; the caller then replaces it.
     */
    boolean update(BlockModel model);
}
