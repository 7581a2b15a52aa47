package dev.tidemark.ui.fx;

import javafx.scene.Node;

import java.util.List;

/** Changes a parent's children without taking out the ones that stay. */
public final class Children {

    private Children() {
    }

    /**
     * Makes {@code children} hold {@code wanted}, both in one fixed order, without taking out the
     * children that stay: a node taken out and put back is styled from scratch with all it holds
     * (the text of a long reply's row, when the row stops being its last), where one that stays
     * is not touched.
     */
    public static void keepOnly(List<Node> children, List<Node> wanted) {
        children.removeIf(child -> !wanted.contains(child));
        for (int i = 0; i < wanted.size(); i++) {
            if (i >= children.size() || children.get(i) != wanted.get(i)) {
                children.add(i, wanted.get(i));
            }
        }
    }
}
