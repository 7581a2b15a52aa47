package dev.tidemark.ui.chat;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;

/**
 * The composer's "+ Model" (placed beside Send, see {@link #addButton}): more models for the next question, each a chip (the provider, the
 * model to ask, blank for its default, and ✕ to remove it), up to {@link ChatService#MAX_MODELS}
 * with the tool bar's. Everything takes the keyboard focus; the menu opens with Space or Down.
 * With no chip, a question goes to the tool bar's model alone. FX thread.
 */
final class ModelPicksView extends VBox {

    private final ComparedModels picks;
    private final HBox row = new HBox();
    private final MenuButton add = new MenuButton("+ Model");

    ModelPicksView(ComparedModels picks) {
        super(2);
        this.picks = picks;
        row.setId(ConversationView.MODEL_PICKS_ID);
        row.getStyleClass().add(ChatStyles.MODEL_PICKS);
        add.setId(ConversationView.ADD_MODEL_ID);
        add.getStyleClass().add(ChatStyles.MODEL_PICK_ADD);
        add.setFocusTraversable(true);
        add.setTooltip(new Tooltip("Ask more models the same question: their replies stream side by side"));
        add.setAccessibleText("Add a model to compare: the next question also goes to it, up to "
                + ChatService.MAX_MODELS + " models");
        add.setOnShowing(e -> add.getItems().setAll(menu()));
        add.getItems().setAll(menu());
        Label notice = new Label();
        notice.getStyleClass().add(ChatStyles.MESSAGE_DETAIL);
        notice.setWrapText(true);
        notice.textProperty().bind(picks.noticeProperty());
        notice.visibleProperty().bind(picks.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        picks.picks().addListener((ListChangeListener<ComparedModels.Pick>) change -> showPicks());
        showPicks();
        getChildren().setAll(row, notice);
        // takes no room while no model is added and nothing is said
        visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(picks.picks())
                .or(picks.noticeProperty().isNotEmpty()));
        managedProperty().bind(visibleProperty());
    }

    /** "+ Model", which the composer puts beside Send. */
    MenuButton addButton() {
        return add;
    }

    private List<MenuItem> menu() {
        List<MenuItem> items = new ArrayList<>();
        for (ProviderCatalog.Choice choice : picks.choices()) {
            MenuItem item = new MenuItem(choice.label());
            item.setOnAction(e -> picks.add(choice.id()));
            items.add(item);
        }
        return items;
    }

    private void showPicks() {
        List<Node> shown = new ArrayList<>();
        if (!picks.picks().isEmpty()) {
            Label also = new Label("Also ask:");
            also.getStyleClass().add(ChatStyles.MESSAGE_FOOTER);
            shown.add(also);
        }
        for (ComparedModels.Pick pick : picks.picks()) {
            shown.add(chip(pick));
        }
        row.getChildren().setAll(shown);
        boolean any = !picks.picks().isEmpty();
        row.setVisible(any);
        row.setManaged(any);
    }

    private HBox chip(ComparedModels.Pick pick) {
        Label name = new Label(pick.label());
        name.getStyleClass().add(ChatStyles.MODEL_PICK_NAME);
        TextField model = new TextField();
        model.setPromptText("default model");
        model.textProperty().bindBidirectional(pick.modelProperty());
        model.setAccessibleText("Model of " + pick.label() + " to compare (blank: its default)");
        Button remove = new Button("\u2715");
        remove.getStyleClass().add(ChatStyles.MODEL_PICK_REMOVE);
        remove.setAccessibleText("Remove " + pick.label() + " from the models compared");
        remove.setTooltip(new Tooltip("Do not ask this model"));
        remove.setOnAction(e -> picks.remove(pick));
        remove.setOnKeyPressed(e -> { // Space fires a button already; Enter does too here
            if (e.getCode() == KeyCode.ENTER) {
                remove.fire();
                e.consume();
            }
        });
        HBox chip = new HBox(name, model, remove);
        chip.getStyleClass().add(ChatStyles.MODEL_PICK);
        return chip;
    }
}
