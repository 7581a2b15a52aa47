package dev.tidemark.ui.chat;

import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.ui.theme.Styles;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Shows one message: who wrote it, its text, and a badge when it is not a complete reply. */
final class MessageCell extends ListCell<MessageItem> {

    private final Label role = new Label();
    private final Label model = new Label();
    private final RecoveredBadge recovered = new RecoveredBadge();
    private final Label status = new Label();
    private final Label reasoning = new Label();
    private final Label tools = new Label();
    private final Label text = new Label();
    private final Label detail = new Label();
    private final VBox card;
    private final ChangeListener<Object> refresh = (obs, old, now) -> showStatus(getItem());

    MessageCell(ListView<MessageItem> list) {
        role.getStyleClass().add(Styles.MESSAGE_ROLE);
        model.getStyleClass().add(Styles.MESSAGE_MODEL);
        status.getStyleClass().add(Styles.STATUS_BADGE);
        reasoning.getStyleClass().add(Styles.MESSAGE_REASONING);
        reasoning.setWrapText(true);
        reasoning.setMinHeight(Region.USE_PREF_SIZE);
        tools.getStyleClass().add(Styles.MESSAGE_TOOLS);
        tools.setWrapText(true);
        tools.setMinHeight(Region.USE_PREF_SIZE);
        text.getStyleClass().add(Styles.MESSAGE_TEXT);
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        detail.getStyleClass().add(Styles.MESSAGE_DETAIL);
        detail.setWrapText(true);
        detail.setMinHeight(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(8, role, model, spacer, recovered, status);
        header.setAlignment(Pos.CENTER_LEFT);
        card = new VBox(header, reasoning, tools, text, detail);
        card.getStyleClass().add(Styles.MESSAGE);
        // wrap to the list's width (minus padding and the scroll bar)
        card.maxWidthProperty().bind(list.widthProperty().subtract(48));
        card.prefWidthProperty().bind(list.widthProperty().subtract(48));
        setPrefWidth(0);
        setGraphic(null);
    }

    @Override
    protected void updateItem(MessageItem item, boolean empty) {
        MessageItem previous = getItem();
        if (previous != null) {
            previous.statusProperty().removeListener(refresh);
            previous.detailProperty().removeListener(refresh);
            previous.reasoningProperty().removeListener(refresh);
            previous.toolCallsProperty().removeListener(refresh);
        }
        super.updateItem(item, empty);
        text.textProperty().unbind();
        if (empty || item == null) {
            setGraphic(null);
            return;
        }
        boolean user = item.role() == Role.USER;
        card.getStyleClass().removeAll(Styles.MESSAGE_USER, Styles.MESSAGE_ASSISTANT);
        card.getStyleClass().add(user ? Styles.MESSAGE_USER : Styles.MESSAGE_ASSISTANT);
        role.setText(user ? "You" : "Assistant");
        model.setText(user || item.model() == null ? "" : item.model());
        text.textProperty().bind(item.textProperty());
        item.statusProperty().addListener(refresh);
        item.detailProperty().addListener(refresh);
        item.reasoningProperty().addListener(refresh);
        item.toolCallsProperty().addListener(refresh);
        showStatus(item);
        setGraphic(card);
    }

    private void showStatus(MessageItem item) {
        if (item == null) {
            return;
        }
        MessageStatus s = item.status();
        boolean isRecovered = s == MessageStatus.RECOVERED;
        recovered.setVisible(isRecovered);
        recovered.setManaged(isRecovered);
        if (isRecovered) {
            recovered.setExplanation(item.detail());
        }
        status.getStyleClass().removeAll(Styles.STATUS_STOPPED, Styles.STATUS_ERROR, Styles.STATUS_STREAMING);
        String label = switch (s) {
            case STOPPED -> "Stopped";
            case ERROR -> "Error";
            case STREAMING -> "Streaming…";
            default -> null;
        };
        status.setText(label);
        status.setVisible(label != null);
        status.setManaged(label != null);
        if (label != null) {
            status.getStyleClass().add(switch (s) {
                case STOPPED -> Styles.STATUS_STOPPED;
                case ERROR -> Styles.STATUS_ERROR;
                default -> Styles.STATUS_STREAMING;
            });
        }
        String thinking = item.reasoning();
        reasoning.setText(thinking.isEmpty() ? "" : "Reasoning: " + thinking);
        reasoning.setVisible(!thinking.isEmpty());
        reasoning.setManaged(!thinking.isEmpty());
        StringBuilder calls = new StringBuilder();
        for (var call : item.toolCalls()) {
            calls.append(calls.length() == 0 ? "" : "\n").append("Tool call: ").append(call.name()).append(' ')
                    .append(call.arguments().isEmpty() ? "{}" : call.arguments());
        }
        tools.setText(calls.toString());
        tools.setVisible(calls.length() > 0);
        tools.setManaged(calls.length() > 0);
        boolean showDetail = (s == MessageStatus.ERROR || s == MessageStatus.STREAMING) && item.detail() != null;
        detail.setText(showDetail ? item.detail() : "");
        detail.setVisible(showDetail);
        detail.setManaged(showDetail);
    }
}
