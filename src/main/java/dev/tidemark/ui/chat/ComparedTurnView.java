package dev.tidemark.ui.chat;

import dev.tidemark.model.MessageStatus;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableDoubleValue;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A compared turn (one question sent to several models): its replies side by side in columns of
 * equal width, or in tabs when the conversation is too narrow for columns of {@link #COLUMN_MIN}
 * pixels each. Each column is a {@link ReplyColumn}. FX thread.
 */
final class ComparedTurnView extends StackPane {

    /** The narrowest a column gets; narrower than this for each, the replies are shown in tabs. */
    static final double COLUMN_MIN = 240;

    private final ConversationViewModel model;
    private final Function<ReplyColumn, MessageCell> cells;
    private final ObservableDoubleValue width;
    private final HBox columns = new HBox(8);
    private final TabPane tabs = new TabPane();
    private final Map<MessageItem, ReplyColumn> byReply = new IdentityHashMap<>();
    private final List<ReplyColumn> shown = new ArrayList<>();
    private final ListChangeListener<MessageItem> repliesChanged = change -> showReplies();
    private final ChangeListener<Object> settledChanged = (obs, old, now) -> showButtons();
    private MessageItem turn;
    private Boolean narrow; // null until first laid out

    /**
     * @param width the width the turn has (the conversation's, less its margins)
     * @param cells makes a cell for a column, as wide as that column
     */
    ComparedTurnView(ConversationViewModel model, ObservableDoubleValue width, Function<ReplyColumn, MessageCell> cells) {
        this.model = model;
        this.width = width;
        this.cells = cells;
        getStyleClass().add(ChatStyles.COMPARED_TURN);
        columns.getStyleClass().add(ChatStyles.COMPARED_COLUMNS);
        tabs.getStyleClass().add(ChatStyles.COMPARED_TABS);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        prefWidthProperty().bind(width);
        maxWidthProperty().bind(width);
        setMinWidth(0);
        width.addListener((obs, old, now) -> layoutColumns());
        model.stateProperty().addListener((obs, old, now) -> showButtons());
    }

    /** Shows this compared turn's replies (the item of a compared turn, or null for none). */
    void show(MessageItem newTurn) {
        if (turn == newTurn) {
            return;
        }
        if (turn != null) {
            turn.comparedReplies().removeListener(repliesChanged);
        }
        turn = newTurn;
        if (turn != null) {
            turn.comparedReplies().addListener(repliesChanged);
        }
        showReplies();
    }

    /** The columns, in the order the models were asked. */
    List<ReplyColumn> replyColumns() {
        return List.copyOf(shown);
    }

    /** True when the replies are in tabs (a narrow window), false when side by side. */
    boolean inTabs() {
        return Boolean.TRUE.equals(narrow);
    }

    private void showReplies() {
        List<MessageItem> replies = turn == null ? List.of() : turn.comparedReplies();
        byReply.entrySet().removeIf(entry -> {
            if (replies.contains(entry.getKey())) {
                return false;
            }
            entry.getKey().statusProperty().removeListener(settledChanged);
            entry.getValue().dispose();
            return true;
        });
        List<ReplyColumn> next = new ArrayList<>();
        for (MessageItem reply : replies) {
            next.add(byReply.computeIfAbsent(reply, r -> {
                r.statusProperty().addListener(settledChanged);
                return new ReplyColumn(r, model, cells);
            }));
        }
        if (!next.equals(shown)) {
            shown.clear();
            shown.addAll(next);
            narrow = null;
            layoutColumns();
        }
        showButtons();
    }

    /** Columns side by side, or tabs when each column would be narrower than {@link #COLUMN_MIN}. */
    private void layoutColumns() {
        boolean wantTabs = shown.size() > 1 && width.get() < COLUMN_MIN * shown.size();
        if (narrow != null && narrow == wantTabs) {
            return;
        }
        narrow = wantTabs;
        columns.getChildren().clear();
        tabs.getTabs().forEach(t -> t.setContent(null));
        if (wantTabs) {
            List<Tab> made = new ArrayList<>();
            for (ReplyColumn column : shown) {
                Tab tab = new Tab(column.reply().model() == null ? "Reply" : column.reply().model(), column);
                made.add(tab);
            }
            tabs.getTabs().setAll(made);
            getChildren().setAll(tabs);
        } else {
            tabs.getTabs().clear();
            for (ReplyColumn column : shown) {
                HBox.setHgrow(column, Priority.ALWAYS);
            }
            columns.getChildren().setAll(shown);
            getChildren().setAll(columns);
        }
    }

    private void showButtons() {
        boolean settled = shown.stream().noneMatch(c -> c.reply().status() == MessageStatus.STREAMING);
        shown.forEach(c -> c.showButtons(settled));
    }
}
