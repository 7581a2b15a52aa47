package dev.tidemark.ui.markdown;

import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;

/**
 * A column of block views: the body of a message, a block quote, a list item. {@link #show}
 * keeps the view of every block whose model is unchanged, updates a changed one in place when it
 * can, and creates views only for the rest.
 */
class BlockColumn extends VBox {

    private final BlockViews views;
    private List<BlockModel> models = List.of();

    BlockColumn(BlockViews views, String styleClass) {
        this.views = views;
        getStyleClass().add(styleClass);
    }

    final void show(List<BlockModel> next) {
        ObservableList<Node> children = getChildren();
        List<Node> appended = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
            BlockModel model = next.get(i);
            if (i >= models.size()) {
                appended.add(views.create(model));
                continue;
            }
            BlockModel old = models.get(i);
            if (old == model || old.equals(model)) {
                continue;
            }
            if (!(children.get(i) instanceof BlockView view && view.update(model))) {
                children.set(i, views.create(model));
            }
        }
        if (children.size() > next.size()) {
            children.remove(next.size(), children.size());
        }
        children.addAll(appended);
        models = List.copyOf(next);
    }

    final List<BlockModel> models() {
        return models;
    }
}
