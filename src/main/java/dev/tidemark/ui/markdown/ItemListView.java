package dev.tidemark.ui.markdown;

import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.util.ArrayList;
import java.util.List;

/**
 * A bullet or ordered list: one row per item, the marker in a column of its own so wrapped lines
 * stay indented. Items that did not change keep their nodes; usually only the last item grows.
 */
final class ItemListView extends VBox implements BlockView {

    private final BlockViews views;
    private final boolean ordered;
    private final int depth;
    private BlockModel.ItemList model;

    ItemListView(BlockViews views, BlockModel.ItemList list) {
        this.views = views;
        this.ordered = list.ordered();
        this.depth = list.depth();
        getStyleClass().addAll(MarkdownStyles.LIST, ordered ? MarkdownStyles.ORDERED_LIST : MarkdownStyles.BULLET_LIST);
        model = new BlockModel.ItemList(ordered, list.start(), list.delimiter(), depth, list.tight(), List.of());
        show(list);
    }

    @Override
    public boolean update(BlockModel next) {
        if (next instanceof BlockModel.ItemList list && list.ordered() == ordered && list.depth() == depth) {
            show(list);
            return true;
        }
        return false;
    }

    private void show(BlockModel.ItemList next) {
        if (next.tight() != model.tight() || getChildren().isEmpty()) {
            getStyleClass().remove(MarkdownStyles.TIGHT);
            if (next.tight()) {
                getStyleClass().add(MarkdownStyles.TIGHT);
            }
        }
        ObservableList<Node> rows = getChildren();
        List<BlockModel.Item> items = next.items();
        List<Node> appended = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (i >= model.items().size()) {
                appended.add(new Row(next.marker(i), items.get(i)));
                continue;
            }
            Row row = (Row) rows.get(i);
            row.setMarker(next.marker(i));
            if (!items.get(i).equals(model.items().get(i))) {
                row.content.show(items.get(i).blocks());
            }
        }
        if (rows.size() > items.size()) {
            rows.remove(items.size(), rows.size());
        }
        rows.addAll(appended);
        model = next;
    }

    private final class Row extends HBox {
        private final Text marker = new Text();
        private final BlockColumn content = new BlockColumn(views, MarkdownStyles.LIST_ITEM_CONTENT);

        Row(String markerText, BlockModel.Item item) {
            getStyleClass().add(MarkdownStyles.LIST_ITEM);
            marker.getStyleClass().add(MarkdownStyles.TEXT);
            marker.setText(markerText);
            TextFlow markerBox = new TextFlow(marker);
            markerBox.getStyleClass().add(MarkdownStyles.LIST_MARKER);
            HBox.setHgrow(content, Priority.ALWAYS);
            getChildren().addAll(markerBox, content);
            content.show(item.blocks());
        }

        void setMarker(String text) {
            if (!text.equals(marker.getText())) {
                marker.setText(text);
            }
        }
    }
}
