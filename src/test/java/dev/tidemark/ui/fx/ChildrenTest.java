package dev.tidemark.ui.fx;

import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A card's children change as its row changes role (the last row of a long reply becomes a middle
 * one when the reply is cut again): the children that stay must never be taken out, since a node
 * put back is styled from scratch with everything it holds.
 */
class ChildrenTest {

    private final Region header = new Region();
    private final Region body = new Region();
    private final Region detail = new Region();
    private final Region bottom = new Region();
    private final VBox card = new VBox(header, body, bottom);
    private final List<Node> takenOut = new ArrayList<>();

    ChildrenTest() {
        card.getChildren().addListener((ListChangeListener<Node>) change -> {
            while (change.next()) {
                takenOut.addAll(change.getRemoved());
            }
        });
    }

    @Test
    void aRowThatStopsBeingFirstAndLastKeepsItsBodyInPlace() {
        Children.keepOnly(card.getChildren(), List.of(body));

        assertThat(card.getChildren()).containsExactly(body);
        assertThat(takenOut).containsExactlyInAnyOrder(header, bottom);
    }

    @Test
    void nodesComeBackInTheirPlacesAroundTheOnesThatStay() {
        Children.keepOnly(card.getChildren(), List.of(body));
        takenOut.clear();

        Children.keepOnly(card.getChildren(), List.of(header, body, detail, bottom));

        assertThat(card.getChildren()).containsExactly(header, body, detail, bottom);
        assertThat(takenOut).isEmpty();
    }

    @Test
    void theSameChildrenAreLeftAlone() {
        Children.keepOnly(card.getChildren(), List.of(header, body, bottom));

        assertThat(card.getChildren()).containsExactly(header, body, bottom);
        assertThat(takenOut).isEmpty();
    }
}
