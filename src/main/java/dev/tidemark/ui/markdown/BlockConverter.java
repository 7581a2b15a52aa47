package dev.tidemark.ui.markdown;

import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.Block;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a commonmark block into the {@link BlockModel} a view draws. Pure: no JavaFX nodes. */
final class BlockConverter {

    private BlockConverter() {
    }

    /** The model of a top-level block, or {@code null} for blocks that show nothing (link definitions). */
    static BlockModel convert(Block block) {
        return convert(block, 0);
    }

    private static BlockModel convert(Node block, int listDepth) {
        if (block instanceof Paragraph) {
            return new BlockModel.Paragraph(inlines(block));
        } else if (block instanceof Heading heading) {
            return new BlockModel.Heading(heading.getLevel(), inlines(block));
        } else if (block instanceof FencedCodeBlock fenced) {
            return new BlockModel.Code(language(fenced.getInfo()), withoutFinalNewline(fenced.getLiteral()));
        } else if (block instanceof IndentedCodeBlock indented) {
            return new BlockModel.Code("", withoutFinalNewline(indented.getLiteral()));
        } else if (block instanceof ListBlock list) {
            List<BlockModel.Item> items = new ArrayList<>();
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                if (item instanceof ListItem) {
                    items.add(new BlockModel.Item(children(item, listDepth + 1)));
                }
            }
            if (list instanceof OrderedList ordered) {
                Integer start = ordered.getMarkerStartNumber();
                String delimiter = ordered.getMarkerDelimiter();
                return new BlockModel.ItemList(true, start == null ? 1 : start,
                        delimiter == null || delimiter.isEmpty() ? '.' : delimiter.charAt(0), listDepth,
                        list.isTight(), items);
            }
            return new BlockModel.ItemList(false, 1, ' ', listDepth, list.isTight(), items);
        } else if (block instanceof BlockQuote) {
            return new BlockModel.Quote(children(block, listDepth));
        } else if (block instanceof ThematicBreak) {
            return new BlockModel.Rule();
        } else if (block instanceof HtmlBlock html) {
            return new BlockModel.Html(withoutFinalNewline(html.getLiteral()));
        } else if (block instanceof TableBlock table) {
            return table(table);
        } else if (block instanceof LinkReferenceDefinition) {
            return null;
        }
        // a block from an extension we do not know: show its text rather than nothing
        return new BlockModel.Paragraph(inlines(block));
    }

    private static List<BlockModel> children(Node parent, int listDepth) {
        List<BlockModel> blocks = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            BlockModel model = convert(child, listDepth);
            if (model != null) {
                blocks.add(model);
            }
        }
        return blocks;
    }

    private static BlockModel table(TableBlock table) {
        List<TextAlignment> alignments = new ArrayList<>();
        List<BlockModel.Row> rows = new ArrayList<>();
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (!(row instanceof TableRow)) {
                    continue;
                }
                List<List<TextRun>> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    if (cell instanceof TableCell tableCell) {
                        cells.add(inlines(cell));
                        if (section instanceof TableHead) {
                            alignments.add(alignment(tableCell.getAlignment()));
                        }
                    }
                }
                rows.add(new BlockModel.Row(cells));
            }
        }
        int columns = alignments.size();
        List<BlockModel.Row> even = new ArrayList<>();
        for (BlockModel.Row row : rows) {
            List<List<TextRun>> cells = new ArrayList<>(row.cells().subList(0, Math.min(columns, row.cells().size())));
            while (cells.size() < columns) {
                cells.add(List.of());
            }
            even.add(new BlockModel.Row(cells));
        }
        return new BlockModel.Table(alignments, even);
    }

    private static TextAlignment alignment(TableCell.Alignment alignment) {
        if (alignment == null) {
            return TextAlignment.LEFT;
        }
        return switch (alignment) {
            case CENTER -> TextAlignment.CENTER;
            case RIGHT -> TextAlignment.RIGHT;
            default -> TextAlignment.LEFT;
        };
    }

    /** The first word of a fence's info string: "Java title=x" → "java". */
    static String language(String info) {
        if (info == null) {
            return "";
        }
        String word = info.strip();
        int space = indexOfWhitespace(word);
        if (space >= 0) {
            word = word.substring(0, space);
        }
        if (word.startsWith("{") && word.endsWith("}")) {           // pandoc style {.python}
            word = word.substring(1, word.length() - 1);
        }
        if (word.startsWith(".")) {
            word = word.substring(1);
        }
        return word.toLowerCase(Locale.ROOT);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String withoutFinalNewline(String literal) {
        if (literal == null) {
            return "";
        }
        return literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
    }

    // ---- inlines ----

    /** The runs of a block's inline content, adjacent runs of the same style merged. */
    static List<TextRun> inlines(Node block) {
        Inlines out = new Inlines();
        out.visitChildren(block, List.of(MarkdownStyles.TEXT), null);
        return out.runs;
    }

    private static final class Inlines {
        final List<TextRun> runs = new ArrayList<>();

        void visitChildren(Node parent, List<String> styles, String link) {
            for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
                visit(child, styles, link);
            }
        }

        void visit(Node node, List<String> styles, String link) {
            if (node instanceof Text text) {
                add(text.getLiteral(), styles, link);
            } else if (node instanceof Code code) {
                add(code.getLiteral(), with(styles, MarkdownStyles.INLINE_CODE), link);
            } else if (node instanceof Emphasis) {
                visitChildren(node, with(styles, MarkdownStyles.EMPHASIS), link);
            } else if (node instanceof StrongEmphasis) {
                visitChildren(node, with(styles, MarkdownStyles.STRONG), link);
            } else if (node instanceof Link l) {
                // what a click opens is the URL as URI writes it out again, and the hover shows exactly that
                String target = link == null ? LinkTargets.normalise(l.getDestination()).orElse(null) : null;
                if (target != null) {
                    visitChildren(node, with(styles, MarkdownStyles.LINK), target);
                } else {
                    visitChildren(node, styles, link);     // shown as text: never clickable
                }
            } else if (node instanceof Image) {
                visitChildren(node, with(styles, MarkdownStyles.IMAGE), link);   // its alt text; nothing is fetched
            } else if (node instanceof SoftLineBreak) {
                add(" ", styles, link);
            } else if (node instanceof HardLineBreak) {
                add("\n", styles, link);
            } else if (node instanceof HtmlInline html) {
                add(html.getLiteral(), with(styles, MarkdownStyles.HTML), link);
            } else {
                visitChildren(node, styles, link);
            }
        }

        private void add(String text, List<String> styles, String link) {
            if (text == null || text.isEmpty()) {
                return;
            }
            int last = runs.size() - 1;
            if (last >= 0) {
                TextRun previous = runs.get(last);
                if (previous.styles().equals(styles) && java.util.Objects.equals(previous.link(), link)) {
                    runs.set(last, new TextRun(previous.text() + text, styles, link));
                    return;
                }
            }
            runs.add(new TextRun(text, styles, link));
        }

        private static List<String> with(List<String> styles, String style) {
            if (styles.contains(style)) {
                return styles;
            }
            List<String> more = new ArrayList<>(styles.size() + 1);
            more.addAll(styles);
            more.add(style);
            return List.copyOf(more);
        }
    }
}
