package dev.tidemark.ui.chat;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.ToolCall;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;

/** One row of the conversation, as the view sees it. Lives on the FX thread. */
public final class MessageItem {

    private final String id;
    private final Role role;
    private final String model;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ObjectProperty<MessageStatus> status = new SimpleObjectProperty<>(this, "status");
    private final StringProperty detail = new SimpleStringProperty(this, "detail");
    private final StringProperty reasoning = new SimpleStringProperty(this, "reasoning", "");
    private final ObjectProperty<List<ToolCall>> toolCalls = new SimpleObjectProperty<>(this, "toolCalls", List.of());
    private final ObjectProperty<ReplyStats> stats = new SimpleObjectProperty<>(this, "stats", ReplyStats.NONE);

    public MessageItem(Message message) {
        this.id = message.id();
        this.role = message.role();
        this.model = message.model();
        update(message);
    }

    /** Takes the text, status and detail of a newer version of the same message. */
    public void update(Message message) {
        text.set(message.text());
        status.set(message.status());
        detail.set(message.detail());
        reasoning.set(message.reasoning());
        if (!message.toolCalls().equals(toolCalls.get())) {
            toolCalls.set(message.toolCalls());
        }
        stats.set(message.stats());
    }

    void setText(String newText) {
        text.set(newText);
    }

    public String id() {
        return id;
    }

    public Role role() {
        return role;
    }

    public String model() {
        return model;
    }

    public ReadOnlyStringProperty textProperty() {
        return text;
    }

    public String text() {
        return text.get();
    }

    public ReadOnlyObjectProperty<MessageStatus> statusProperty() {
        return status;
    }

    public MessageStatus status() {
        return status.get();
    }

    public String reasoning() {
        return reasoning.get();
    }

    public List<ToolCall> toolCalls() {
        return toolCalls.get();
    }

    public ReplyStats stats() {
        return stats.get();
    }

    public ReadOnlyObjectProperty<ReplyStats> statsProperty() {
        return stats;
    }

    public ReadOnlyStringProperty reasoningProperty() {
        return reasoning;
    }

    public ReadOnlyObjectProperty<List<ToolCall>> toolCallsProperty() {
        return toolCalls;
    }

    /** Says what is happening while the reply has not started (e.g. a retry), or clears it. */
    void setDetail(String newDetail) {
        detail.set(newDetail);
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail;
    }

    public String detail() {
        return detail.get();
    }
}
