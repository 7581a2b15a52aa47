package dev.tidemark.ui.markdown;

import org.commonmark.node.Block;

/**
 * One top-level block of a markdown text and the source it was parsed from. The sources of a
 * document's blocks are consecutive: a block runs from the start of its first line to the start of
 * the next block (blank lines included), so equal sources always mean equal blocks.
 *
 * @param start  offset of the block's first line in the whole text
 * @param source the text from {@code start} up to the next block, or to the end
 * @param block  the parsed block; its children carry source spans relative to another text, so
 *               only its structure is used, never its offsets
 */
record SourceBlock(int start, String source, Block block) {
}
