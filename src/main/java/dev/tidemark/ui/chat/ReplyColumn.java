package dev.tidemark.ui.chat;

import dev.tidemark.model.MessageStatus;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.function.Supplier;

/**
 * One column of a compared turn: the model's name with its own Stop while it streams, the reply
 * drawn by the same {@link MessageCell}s as any reply (one per part, from {@link PartRows}: badges,
 * live markdown, footer), and Use this one once nothing in the turn streams. FX thread.
 */
final class ReplyColumn extends VBox {

    private final MessageItem reply;
    private final ConversationViewModel model;
    private final Supplier<MessageCell> cells;
    private final javafx.collections.ObservableList<MessageItem> shownReply;
    private final PartRows rows;
    private final VBox body = new VBox();
    /** One cell per part; each draws its part's card, which this column shows (the cells stay out of the scene). */
    private final List<MessageCell> partCells = new java.util.ArrayList<>();
    private final Button stop = new Button("Stop");
    private final Button use = new Button("Use this one");
    private final ListChangeListener<MessagePart> rowsChanged = change -> showRows();

    /** @param cells makes a cell as wide as this column */
    ReplyColumn(MessageItem reply, ConversationViewModel model, java.util.function.Function<ReplyColumn, MessageCell> cells) {
        super(4);
        this.reply = reply;
        this.model = model;
        this.cells = () -> cells.apply(this);
        getStyleClass().add(ChatStyles.COMPARED_COLUMN);
        Label name = new Label(reply.model() == null ? "" : reply.model());
        name.getStyleClass().add(ChatStyles.COMPARED_MODEL);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        name.setMinWidth(0);
        stop.setMinWidth(Region.USE_PREF_SIZE);
        stop.getStyleClass().add(ChatStyles.COMPARED_STOP);
        stop.setAccessibleText("Stop the reply of " + name.getText());
        stop.setOnAction(e -> model.compared().stop(reply));
        use.getStyleClass().add(ChatStyles.COMPARED_USE);
        use.setAccessibleText("Use this one: go on from the reply of " + name.getText());
        use.setOnAction(e -> model.compared().use(reply));
        for (Button b : List.of(stop, use)) {
            b.setFocusTraversable(true);
            b.setOnKeyPressed(e -> { // Space fires a button already; Enter does too here
                if (e.getCode() == KeyCode.ENTER) {
                    b.fire();
                    e.consume();
                }
            });
        }
        HBox header = new HBox(8, name, spacer, stop);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add(ChatStyles.COMPARED_HEADER);
        HBox bottom = new HBox(use);
        bottom.setAlignment(Pos.CENTER_RIGHT);
        getChildren().setAll(header, body, bottom);
        setMinWidth(0);
        setPrefWidth(0); // equal widths: the turn shares its width among its columns
        setMaxWidth(Double.MAX_VALUE);
        shownReply = FXCollections.observableArrayList(reply);
        rows = new PartRows(shownReply);
        rows.rows().addListener(rowsChanged);
        showRows();
    }

    /** The column is shown no more: it and its cells let go of the reply. */
    void dispose() {
        shownReply.clear(); // the rows stop watching the reply, and the cells are told they are empty
    }

    MessageItem reply() {
        return reply;
    }

    Button stopButton() {
        return stop;
    }

    Button useButton() {
        return use;
    }

    /** Stop while this reply streams; Use this one when nothing in the turn streams and a reply can be chosen. */
    void showButtons(boolean turnSettled) {
        boolean streaming = reply.status() == MessageStatus.STREAMING;
        stop.setVisible(streaming);
        stop.setManaged(streaming);
        boolean offered = turnSettled && model.stateProperty().get() == ConversationViewModel.State.IDLE;
        use.setVisible(offered);
        use.setManaged(offered);
    }

    /** One cell per part of the reply, each told its part (a cell whose part did not change keeps it), and their cards. */
    private void showRows() {
        List<MessagePart> parts = rows.rows();
        while (partCells.size() > parts.size()) {
            partCells.remove(partCells.size() - 1).updateItem(null, true);
        }
        for (int i = 0; i < parts.size(); i++) {
            MessageCell cell;
            if (i < partCells.size()) {
                cell = partCells.get(i);
            } else {
                cell = cells.get();
                partCells.add(cell);
            }
            if (!parts.get(i).equals(cell.getItem())) {
                cell.updateItem(parts.get(i), false);
            }
        }
        List<javafx.scene.Node> cards = new java.util.ArrayList<>();
        partCells.forEach(c -> {
            if (c.getGraphic() != null) {
                cards.add(c.getGraphic());
            }
        });
        if (!body.getChildren().equals(cards)) {
            body.getChildren().setAll(cards);
        }
    }
}
