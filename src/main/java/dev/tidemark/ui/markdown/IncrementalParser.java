package dev.tidemark.ui.markdown;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Block;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits markdown into top-level {@link SourceBlock}s, re-parsing only the end of the text when the
 * text grew. Parsing a whole 116 KB reply takes commonmark about 1 ms warm, and that grows with the
 * reply on every frame of a stream; this parses the last two blocks instead (0.07 ms at the end of
 * the same reply; {@code IncrementalParseBench}, ADR 6), and keeps the blocks before them as they
 * were, so that their views can stay.
 *
 * <p>Why the last two are enough: in CommonMark a top-level block, once the next one has started,
 * cannot change any more, and a line that started a block in context also starts it at the
 * beginning of a document. The one exception is the line that starts the last block: text appended
 * to it can turn it into a continuation of the block before (a lone {@code #} is a heading, but
 * {@code #tag} continues the paragraph above), so the block before the last is parsed again too.
 * Link reference definitions reach across the whole document, so a text that has any is always
 * parsed whole.
 *
 * <p>One instance per view; used on the FX thread only.
 */
final class IncrementalParser {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();

    private String text = "";
    private List<SourceBlock> blocks = List.of();
    private boolean hasDefinitions;
    private String definitions = "";
    private int fullParses;

    /** The blocks of {@code newText}; blocks unchanged since the last call are the same instances. */
    List<SourceBlock> parse(String newText) {
        if (newText.equals(text)) {
            return blocks;
        }
        int from = tailStart(newText);
        List<SourceBlock> result;
        if (from < 0) {
            result = parseWhole(newText);
        } else {
            int keep = blocks.size() - 2;
            result = new ArrayList<>(blocks.subList(0, keep));
            Tail tail = split(newText, from);
            if (tail.hasDefinitions) {
                result = parseWhole(newText);
            } else {
                result.addAll(tail.blocks);
                hasDefinitions = false;
                definitions = "";
            }
        }
        text = newText;
        blocks = List.copyOf(result);
        return blocks;
    }

    /** The source of every link reference definition, joined; views rebuild everything when it changes. */
    String definitions() {
        return definitions;
    }

    /** How many times the whole text was parsed (for tests). */
    int fullParses() {
        return fullParses;
    }

    /** Where re-parsing may start, or -1 when the whole text must be parsed. */
    private int tailStart(String newText) {
        if (hasDefinitions || blocks.size() < 3) {
            return -1;
        }
        int lastStart = blocks.get(blocks.size() - 1).start();
        if (newText.length() < lastStart || !newText.regionMatches(0, text, 0, lastStart)) {
            return -1;
        }
        return blocks.get(blocks.size() - 2).start();
    }

    private List<SourceBlock> parseWhole(String newText) {
        fullParses++;
        Tail whole = split(newText, 0);
        hasDefinitions = whole.hasDefinitions;
        definitions = whole.definitionSources;
        return whole.blocks;
    }

    private record Tail(List<SourceBlock> blocks, boolean hasDefinitions, String definitionSources) {
    }

    /** Parses {@code text} from {@code offset} (the start of a line) and cuts it into blocks. */
    private static Tail split(String text, int offset) {
        String input = text.substring(offset);
        Node document = PARSER.parse(input);
        List<Block> parsed = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        StringBuilder definitionSources = new StringBuilder();
        boolean definitionsSeen = false;
        for (Node child = document.getFirstChild(); child != null; child = child.getNext()) {
            List<SourceSpan> spans = child.getSourceSpans();
            int start = spans.isEmpty() ? 0 : spans.get(0).getInputIndex() - spans.get(0).getColumnIndex();
            if (child instanceof LinkReferenceDefinition) {
                definitionsSeen = true;
                if (!spans.isEmpty()) {
                    SourceSpan last = spans.get(spans.size() - 1);
                    definitionSources.append(input, start, last.getInputIndex() + last.getLength()).append('\n');
                }
                continue;     // shows nothing; its text joins the block before
            }
            parsed.add((Block) child);
            starts.add(start);
        }
        List<SourceBlock> blocks = new ArrayList<>(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            int start = i == 0 ? 0 : starts.get(i);
            int end = i + 1 < parsed.size() ? starts.get(i + 1) : input.length();
            // the first block owns any blank lines before it, so the blocks tile the text
            blocks.add(new SourceBlock(offset + start, input.substring(start, end), parsed.get(i)));
        }
        return new Tail(blocks, definitionsSeen, definitionSources.toString());
    }
}
