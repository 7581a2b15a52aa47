package dev.tidemark.ui.chat;

import dev.tidemark.model.MessageStatus;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The top of a message's first row: who wrote it, the model, the Recovered and status badges, and
 * the reasoning card (which folds away once the answer starts, or as the person chooses). FX thread.
 */
final class MessageHeading {

    private final Label role = new Label();
    private final Label modelLabel = new Label();
    private final RecoveredBadge recovered = new RecoveredBadge();
    private final Label status = new Label();
    private final Label reasoning = new Label();
    private final ToggleButton reasoningToggle = new ToggleButton();
    private final VBox reasoningCard = new VBox(2, reasoningToggle, reasoning);
    private final HBox header;

    /**
     * @param inColumn in a compared turn's column, which names the model above the card: no names here
     * @param toggled  the person opened or closed the reasoning (its item already knows)
     */
    MessageHeading(boolean inColumn, java.util.function.Supplier<MessageItem> item, Runnable toggled) {
        role.getStyleClass().add(ChatStyles.MESSAGE_ROLE);
        modelLabel.getStyleClass().add(ChatStyles.MESSAGE_MODEL);
        status.getStyleClass().add(ChatStyles.STATUS_BADGE);
        reasoning.getStyleClass().add(ChatStyles.MESSAGE_REASONING);
        reasoning.setWrapText(true);
        reasoning.setMinHeight(Region.USE_PREF_SIZE);
        reasoningCard.getStyleClass().add(ChatStyles.REASONING_CARD);
        reasoningToggle.getStyleClass().add(ChatStyles.REASONING_TOGGLE);
        reasoningToggle.setFocusTraversable(false);
        reasoningToggle.setOnAction(e -> {
            MessageItem shown = item.get();
            if (shown != null) {
                shown.reasoningOpenProperty().set(reasoningToggle.isSelected());
                toggled.run();
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        header = new HBox(8, role, modelLabel, spacer, recovered, status);
        header.setAlignment(Pos.CENTER_LEFT);
        if (inColumn) {
            show(role, false);
            show(modelLabel, false);
        }
    }

    HBox header() {
        return header;
    }

    VBox reasoningCard() {
        return reasoningCard;
    }

    /** Who wrote the message: "You", or "Assistant" and its model. */
    void showAuthor(MessageItem item, boolean user) {
        role.setText(user ? "You" : "Assistant");
        modelLabel.setText(user || item.model() == null ? "" : item.model());
    }

    /** The badges and the reasoning card, as the item stands now. */
    void show(MessageItem item, MessageStatus s, String thinking) {
        boolean finishing = s == MessageStatus.STREAMING && item.reattaching();
        boolean finished = s == MessageStatus.COMPLETE && item.recovered();
        boolean isRecovered = s == MessageStatus.RECOVERED || finishing || finished;
        show(recovered, isRecovered);
        if (isRecovered) {
            recovered.show(finishing ? RecoveredBadge.Stage.FINISHING : finished ? RecoveredBadge.Stage.FINISHED
                    : RecoveredBadge.Stage.RECOVERED, item.detail());
        }
        String label = switch (s) {
            case STOPPED -> "Stopped";
            case ERROR -> "Error";
            case STREAMING -> finishing ? null : "Streaming…"; // the badge says it
            default -> null;
        };
        status.setText(label);
        show(status, label != null);
        styleOne(status, switch (s) {
            case STOPPED -> ChatStyles.STATUS_STOPPED;
            case ERROR -> ChatStyles.STATUS_ERROR;
            case STREAMING -> ChatStyles.STATUS_STREAMING;
            default -> null;
        }, ChatStyles.STATUS_STOPPED, ChatStyles.STATUS_ERROR, ChatStyles.STATUS_STREAMING);
        boolean open = item.isReasoningOpen();
        reasoning.setText(open ? thinking : "");
        reasoningToggle.setSelected(open);
        reasoningToggle.setText((open ? "\u25BE " : "\u25B8 ") + "Reasoning"
                + (s == MessageStatus.STREAMING && item.text().isEmpty() ? "…" : " · " + words(thinking) + " words"));
        show(reasoning, open);
    }

    private static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** Gives {@code node} style class {@code wanted} (null: none) of {@code classes}, touching its list only when that changes. */
    static void styleOne(Node node, String wanted, String... classes) {
        ObservableList<String> current = node.getStyleClass();
        boolean right = wanted == null || current.contains(wanted);
        for (String c : classes) {
            right &= c.equals(wanted) || !current.contains(c);
        }
        if (!right) {
            current.removeAll(classes);
            if (wanted != null) {
                current.add(wanted);
            }
        }
    }

    static void show(Node node, boolean visible) {
        node.setVisible(visible);
        node.setManaged(visible);
    }
}
