package dev.tidemark.ui.markdown;

import javafx.scene.text.TextAlignment;

import java.util.List;

/**
 * What one markdown block looks like, as plain data. Two equal models render to equal nodes, so a
 * view is kept whenever its new model equals the old one, and updated in place when only part of
 * it changed. Built from the commonmark tree by {@link BlockConverter}.
 */
sealed interface BlockModel {

    record Paragraph(List<TextRun> runs) implements BlockModel {
        public Paragraph {
            runs = List.copyOf(runs);
        }
    }

    record Heading(int level, List<TextRun> runs) implements BlockModel {
        public Heading {
            runs = List.copyOf(runs);
        }
    }

    /** Raw HTML, shown as its source text and never interpreted. */
    record Html(String html) implements BlockModel {
    }

    /** A fenced or indented code block; {@code code} has no trailing newline. */
    record Code(String language, String code) implements BlockModel {
    }

    /** A bullet or ordered list; {@code depth} counts the lists it is nested in (0 at the top). */
    record ItemList(boolean ordered, int start, char delimiter, int depth, boolean tight, List<Item> items)
            implements BlockModel {
        public ItemList {
            items = List.copyOf(items);
        }

        String marker(int index) {
            if (ordered) {
                return (start + index) + String.valueOf(delimiter);
            }
            return switch (depth % 3) {
                case 0 -> "•";
                case 1 -> "◦";
                default -> "▪";
            };
        }
    }

    record Item(List<BlockModel> blocks) {
        public Item {
            blocks = List.copyOf(blocks);
        }
    }

    record Quote(List<BlockModel> blocks) implements BlockModel {
        public Quote {
            blocks = List.copyOf(blocks);
        }
    }

    /** A GFM table; row 0 is the header row. Every row has one cell per column. */
    record Table(List<TextAlignment> alignments, List<Row> rows) implements BlockModel {
        public Table {
            alignments = List.copyOf(alignments);
            rows = List.copyOf(rows);
        }
    }

    record Row(List<List<TextRun>> cells) {
        public Row {
            cells = cells.stream().map(List::copyOf).toList();
        }
    }

    record Rule() implements BlockModel {
    }
}
