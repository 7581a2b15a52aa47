package dev.tidemark.ui.chat;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.ToolCall;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One row of the conversation, as the view sees it. Lives on the FX thread. */
public final class MessageItem {

    private final String id;
    private final Role role;
    private final String model;
    private final String parentId;
    /** Which version this message is among its siblings (1-based), and how many there are. */
    private final IntegerProperty version = new SimpleIntegerProperty(this, "version", 1);
    private final IntegerProperty versions = new SimpleIntegerProperty(this, "versions", 1);
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ObjectProperty<MessageStatus> status = new SimpleObjectProperty<>(this, "status");
    private final StringProperty detail = new SimpleStringProperty(this, "detail");
    /** True for a reply the app died while it streamed, also once a re-attach finished it ({@link Message#recovered()}). */
    private final javafx.beans.property.BooleanProperty recovered =
            new javafx.beans.property.SimpleBooleanProperty(this, "recovered");
    /** True while the rest of a recovered reply streams from the service (a re-attach, issue 18). */
    private final javafx.beans.property.BooleanProperty reattaching =
            new javafx.beans.property.SimpleBooleanProperty(this, "reattaching");
    /** What the footer says while the reply is picked up again after a dropped connection; "" when nothing. */
    private final StringProperty streamNote = new SimpleStringProperty(this, "streamNote", "");
    private final StringProperty reasoning = new SimpleStringProperty(this, "reasoning", "");
    private final ObjectProperty<List<ToolCall>> toolCalls = new SimpleObjectProperty<>(this, "toolCalls", List.of());
    private final ObjectProperty<ReplyStats> stats = new SimpleObjectProperty<>(this, "stats", ReplyStats.NONE);
    private final Parts parts = new Parts();
    private final IntegerProperty partCount = new SimpleIntegerProperty(this, "partCount", 1);
    private long cuts; // counts changes of where the parts start: a part before the last changes only then
    /** The user's choice to show or hide the reasoning; null: shown until the answer starts. */
    private final ObjectProperty<Boolean> reasoningOpen = new SimpleObjectProperty<>(this, "reasoningOpen");
    /** For the row of a compared turn: its replies, side by side in the order asked; empty for any other row. */
    private final ObservableList<MessageItem> compared = FXCollections.observableArrayList();
    private final boolean comparedTurn;
    private List<Attachment> attachments = List.of(); // the files of a user message, shown above its text
    /** Running tool calls' latest progress, by call id (not kept anywhere: it lives while the call runs). */
    private final ObjectProperty<Map<String, ToolCallProgress>> toolProgress =
            new SimpleObjectProperty<>(this, "toolProgress", Map.of());
    /** True for the last reply of a tool step that nothing goes on from (after a crash): Continue sends its results. */
    private final javafx.beans.property.BooleanProperty toolsToContinue =
            new javafx.beans.property.SimpleBooleanProperty(this, "toolsToContinue");
    /** True when the conversation on screen goes on after this message (it is not the last of the path). */
    private final javafx.beans.property.BooleanProperty passed =
            new javafx.beans.property.SimpleBooleanProperty(this, "passed");
    /** The person's choice to open or close a tool call's arguments or result, by call id and part. */
    private final Map<String, Boolean> toolsOpen = new HashMap<>();

    public MessageItem(Message message) {
        this(message, false);
    }

    private MessageItem(Message message, boolean comparedTurn) {
        this.comparedTurn = comparedTurn;
        this.id = message.id();
        this.role = message.role();
        this.model = message.model();
        this.parentId = message.parentId();
        text.addListener((obs, old, now) -> {
            if (parts.follow(now)) {
                cuts++;
            }
            partCount.set(parts.count());
        });
        update(message);
    }

    /**
     * The row of a compared turn (one question sent to several models): its replies are shown side by
     * side, in {@link #comparedReplies()}, until one is chosen. Its id is made from the question's.
     */
    static MessageItem comparedTurn(String userMessageId) {
        return new MessageItem(new Message("compared:" + userMessageId, Role.ASSISTANT, "", MessageStatus.COMPLETE,
                java.time.Instant.EPOCH, null, null, "", List.of(), false, ReplyStats.NONE, userMessageId), true);
    }

    /** True for the row of a compared turn (see {@link #comparedTurn}). */
    public boolean isComparedTurn() {
        return comparedTurn;
    }

    /** A compared turn's replies, in the order they were asked for; empty for any other row. */
    public ObservableList<MessageItem> comparedReplies() {
        return compared;
    }

    /** Takes the text, status and detail of a newer version of the same message. */
    public void update(Message message) {
        text.set(message.text());
        status.set(message.status());
        detail.set(message.detail());
        recovered.set(message.recovered());
        if (message.status() != MessageStatus.STREAMING) {
            reattaching.set(false); // it ended
            streamNote.set("");
        }
        reasoning.set(message.reasoning());
        if (!message.toolCalls().equals(toolCalls.get())) {
            toolCalls.set(message.toolCalls());
        }
        stats.set(message.stats());
        attachments = message.attachments();
    }

    /** The files attached to this message (a user's), in the order attached; empty when none. */
    public List<Attachment> attachments() {
        return attachments;
    }

    /** Sets which version this message is of how many (the switcher shows it when there are several). */
    void setVersion(int number, int count) {
        versions.set(Math.max(1, count));
        version.set(Math.max(1, Math.min(number, count)));
    }

    public ReadOnlyIntegerProperty versionProperty() {
        return version;
    }

    public ReadOnlyIntegerProperty versionsProperty() {
        return versions;
    }

    /** The message this one follows in the conversation tree; null for a first message. */
    public String parentId() {
        return parentId;
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

    /** How many rows the message is shown in (long messages are cut into parts; see {@link Parts}). */
    public ReadOnlyIntegerProperty partCountProperty() {
        return partCount;
    }

    public int partCount() {
        return partCount.get();
    }

    /** Changes whenever the parts are cut anew; between changes only the last part's text grows. */
    long cutsVersion() {
        return cuts;
    }

    /** The text of part {@code index}; the parts together are the whole text. */
    public String partText(int index) {
        return parts.part(text.get(), index);
    }

    /** Whether the reasoning is shown: as the user chose, else while the answer has not started. */
    public boolean isReasoningOpen() {
        Boolean chosen = reasoningOpen.get();
        return chosen != null ? chosen : text.get().isEmpty();
    }

    public ObjectProperty<Boolean> reasoningOpenProperty() {
        return reasoningOpen;
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

    /**
     * A tool call of this reply changed (routed, decided, running, finished): it takes the place of
     * the call with its id, or comes last when new. Its progress goes once it no longer runs.
     */
    void updateToolCall(ToolCall call) {
        List<ToolCall> calls = new ArrayList<>(toolCalls.get());
        boolean replaced = false;
        for (int i = 0; i < calls.size() && !replaced; i++) {
            if (calls.get(i).id().equals(call.id())) {
                calls.set(i, call);
                replaced = true;
            }
        }
        if (!replaced) {
            calls.add(call);
        }
        if (call.state() != dev.tidemark.model.ToolCallState.RUNNING && toolProgress.get().containsKey(call.id())) {
            Map<String, ToolCallProgress> left = new LinkedHashMap<>(toolProgress.get());
            left.remove(call.id());
            toolProgress.set(Map.copyOf(left));
        }
        toolCalls.set(List.copyOf(calls));
    }

    public javafx.beans.property.ReadOnlyBooleanProperty toolsToContinueProperty() {
        return toolsToContinue;
    }

    void setToolsToContinue(boolean waiting) {
        toolsToContinue.set(waiting);
    }

    /** True when the conversation on screen goes on after this message: its tool calls offer no decisions. */
    javafx.beans.property.ReadOnlyBooleanProperty passedProperty() {
        return passed;
    }

    void setPassed(boolean after) {
        passed.set(after);
    }

    /** A running tool call's progress, as its server last told it. */
    void setToolProgress(String callId, ToolCallProgress progress) {
        Map<String, ToolCallProgress> now = new LinkedHashMap<>(toolProgress.get());
        now.put(callId, progress);
        toolProgress.set(Map.copyOf(now));
    }

    /** The latest progress of a running call, or null when its server told none. */
    public ToolCallProgress toolProgress(String callId) {
        return toolProgress.get().get(callId);
    }

    public ReadOnlyObjectProperty<Map<String, ToolCallProgress>> toolProgressProperty() {
        return toolProgress;
    }

    /** Whether the person opened ({@code true}) or closed a call's {@code part} ("arguments", "result"); null: not chosen. */
    Boolean toolOpen(String callId, String part) {
        return toolsOpen.get(callId + "/" + part);
    }

    void setToolOpen(String callId, String part, boolean open) {
        toolsOpen.put(callId + "/" + part, open);
    }

    /** True for a reply the app died while it streamed, also once a re-attach finished it. */
    public javafx.beans.property.ReadOnlyBooleanProperty recoveredProperty() {
        return recovered;
    }

    public boolean recovered() {
        return recovered.get();
    }

    /** True while the rest of this recovered reply streams from the service. */
    public javafx.beans.property.ReadOnlyBooleanProperty reattachingProperty() {
        return reattaching;
    }

    public boolean reattaching() {
        return reattaching.get();
    }

    void setReattaching(boolean now) {
        reattaching.set(now && status.get() == MessageStatus.STREAMING);
        if (now) {
            recovered.set(true);
        }
    }

    /** What the footer says while the reply streams (a connection picked up again), or "". */
    public ReadOnlyStringProperty streamNoteProperty() {
        return streamNote;
    }

    void setStreamNote(String note) {
        streamNote.set(note == null ? "" : note);
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
