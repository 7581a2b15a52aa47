package dev.tidemark.archfixtures.ui.markdown;

/** An internal of the markdown library (public, as the real ones are, for its tests). */
public final class BlockInternals {
}
