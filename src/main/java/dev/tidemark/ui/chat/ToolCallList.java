package dev.tidemark.ui.chat;

import dev.tidemark.model.ToolCall;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A reply's tool calls, one {@link ToolCallCard} each, after its text. The cards are kept and
 * shown anew as the calls change (a call's state, its progress), so a change rebuilds nothing.
 * FX thread.
 */
final class ToolCallList extends VBox {

    private final ConversationTools tools;
    private final Supplier<AttachmentStrip> strips;
    private final MessageCell.Tooltips tips;
    private final List<ToolCallCard> cards = new ArrayList<>();

    ToolCallList(ConversationTools tools, Supplier<AttachmentStrip> strips, MessageCell.Tooltips tips) {
        super(6);
        this.tools = tools;
        this.strips = strips;
        this.tips = tips;
        getStyleClass().add(ChatStyles.MESSAGE_TOOLS);
    }

    /** Shows the reply's calls as they stand now. */
    void show(MessageItem reply, List<ToolCall> calls) {
        while (cards.size() < calls.size()) {
            cards.add(new ToolCallCard(tools, strips, tips));
        }
        for (int i = 0; i < calls.size(); i++) {
            cards.get(i).show(reply, calls.get(i));
        }
        if (getChildren().size() != calls.size()) {
            getChildren().setAll(cards.subList(0, calls.size()));
        }
    }
}
