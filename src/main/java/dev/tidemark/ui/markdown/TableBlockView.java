package dev.tidemark.ui.markdown;

import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A GFM table as a grid of text flows. Columns shrink and wrap when the message is narrower than
 * the table. Rows that did not change keep their nodes; a changed row updates its cells in place.
 * Copying cells of one row puts tabs between them, so a copied table pastes into a spreadsheet.
 */
final class TableBlockView extends GridPane implements BlockView {

    private final Consumer<String> linkOpener;
    private final List<TextAlignment> alignments;
    private final List<List<RunFlow>> cells = new ArrayList<>();
    private final List<StackPane> boxes = new ArrayList<>();     // one per cell, row by row
    private List<BlockModel.Row> rows = List.of();

    TableBlockView(Consumer<String> linkOpener, BlockModel.Table table) {
        this.linkOpener = linkOpener;
        this.alignments = table.alignments();
        getStyleClass().add(MarkdownStyles.TABLE);
        setMaxWidth(USE_PREF_SIZE);     // as wide as its columns need, narrower when the message is
        update(table);
    }

    @Override
    public boolean update(BlockModel model) {
        if (!(model instanceof BlockModel.Table table) || !table.alignments().equals(alignments)) {
            return false;
        }
        List<BlockModel.Row> next = table.rows();
        for (int r = 0; r < Math.min(rows.size(), next.size()); r++) {
            if (!rows.get(r).equals(next.get(r))) {
                List<List<TextRun>> runs = next.get(r).cells();
                for (int c = 0; c < runs.size(); c++) {
                    cells.get(r).get(c).setRuns(runs.get(c));
                }
            }
        }
        if (next.size() < rows.size()) {
            int columns = alignments.size();
            List<StackPane> gone = boxes.subList(next.size() * columns, boxes.size());
            getChildren().removeAll(gone);
            gone.clear();
            cells.subList(next.size(), cells.size()).clear();
        }
        List<StackPane> added = new ArrayList<>();
        for (int r = rows.size(); r < next.size(); r++) {
            List<RunFlow> row = new ArrayList<>();
            List<List<TextRun>> runs = next.get(r).cells();
            for (int c = 0; c < runs.size(); c++) {
                RunFlow flow = new RunFlow(linkOpener);
                flow.setTextAlignment(alignments.get(c));
                flow.setSeparatorBefore(c == 0 ? "\n" : "\t");
                flow.setRuns(runs.get(c));
                StackPane box = new StackPane(flow);
                box.getStyleClass().add(r == 0 ? MarkdownStyles.TABLE_HEADER_CELL : MarkdownStyles.TABLE_CELL);
                GridPane.setConstraints(box, c, r);
                row.add(flow);
                added.add(box);
            }
            cells.add(row);
        }
        boxes.addAll(added);
        getChildren().addAll(added);
        rows = next;
        return true;
    }
}
