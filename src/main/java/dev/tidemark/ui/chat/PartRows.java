package dev.tidemark.ui.chat;

import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conversation list's rows: every part of every message, in order, kept in step with the
 * messages and with each message's part count. Changes are applied as the smallest replacement
 * of a run of rows, so rows that stay the same keep their cells. FX thread.
 */
final class PartRows {

    private final ObservableList<MessageItem> messages;
    private final ObservableList<MessagePart> rows = FXCollections.observableArrayList();
    private final Map<MessageItem, ChangeListener<Number>> watched = new IdentityHashMap<>();

    PartRows(ObservableList<MessageItem> messages) {
        this.messages = messages;
        messages.addListener((ListChangeListener<MessageItem>) change -> sync());
        sync();
    }

    ObservableList<MessagePart> rows() {
        return rows;
    }

    /** The row that shows the start of {@code item}, or -1. */
    int firstRowOf(MessageItem item) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).item() == item) {
                return i;
            }
        }
        return -1;
    }

    private void sync() {
        Set<MessageItem> present = Collections.newSetFromMap(new IdentityHashMap<>());
        present.addAll(messages);
        watched.entrySet().removeIf(entry -> {
            if (present.contains(entry.getKey())) {
                return false;
            }
            entry.getKey().partCountProperty().removeListener(entry.getValue());
            return true;
        });
        List<MessagePart> next = new ArrayList<>(rows.size() + 1);
        for (MessageItem item : messages) {
            watched.computeIfAbsent(item, i -> {
                ChangeListener<Number> listener = (obs, old, now) -> sync();
                i.partCountProperty().addListener(listener);
                return listener;
            });
            for (int part = 0; part < item.partCount(); part++) {
                next.add(new MessagePart(item, part));
            }
        }
        int same = 0;
        while (same < next.size() && same < rows.size() && next.get(same).equals(rows.get(same))) {
            same++;
        }
        int sameEnd = 0;
        while (sameEnd < next.size() - same && sameEnd < rows.size() - same
                && next.get(next.size() - 1 - sameEnd).equals(rows.get(rows.size() - 1 - sameEnd))) {
            sameEnd++;
        }
        List<MessagePart> added = next.subList(same, next.size() - sameEnd);
        int removedTo = rows.size() - sameEnd;
        if (removedTo > same && !added.isEmpty()) {
            rows.remove(same, removedTo);
            rows.addAll(same, added);
        } else if (removedTo > same) {
            rows.remove(same, removedTo);
        } else if (!added.isEmpty()) {
            rows.addAll(same, added);
        }
    }
}
