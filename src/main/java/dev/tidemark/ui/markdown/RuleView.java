package dev.tidemark.ui.markdown;

import javafx.scene.layout.Region;

/** A thematic break: a thin line that markdown.css draws. */
final class RuleView extends Region implements BlockView {

    RuleView() {
        getStyleClass().add(MarkdownStyles.RULE);
    }

    @Override
    public boolean update(BlockModel model) {
        return model instanceof BlockModel.Rule;
    }
}
