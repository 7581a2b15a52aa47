package dev.tidemark.ui.chat;

import javafx.collections.ModifiableObservableListBase;

import java.util.ArrayList;
import java.util.List;

/**
 * The conversation's rows, with one more operation than an observable array list: {@link
 * #replaceTail} changes the rows below the first that differs in <em>one</em> change, so the list
 * view lays out once, and the rows above (a version switch leaves everything above its fork as it
 * was) are told of nothing. FX thread only.
 */
final class MessageRows extends ModifiableObservableListBase<MessageItem> {

    private final List<MessageItem> rows = new ArrayList<>();

    /** Makes the rows {@code items}: those from the first that is not the same object on are replaced. */
    void replaceTail(List<MessageItem> items) {
        int same = 0;
        while (same < items.size() && same < rows.size() && items.get(same) == rows.get(same)) {
            same++;
        }
        if (same == items.size() && same == rows.size()) {
            return;
        }
        beginChange();
        try {
            while (rows.size() > same) {
                int last = rows.size() - 1;
                nextRemove(last, rows.remove(last));
            }
            for (int i = same; i < items.size(); i++) {
                rows.add(items.get(i));
            }
            if (items.size() > same) {
                nextAdd(same, items.size());
            }
        } finally {
            endChange();
        }
    }

    @Override
    public MessageItem get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    protected void doAdd(int index, MessageItem element) {
        rows.add(index, element);
    }

    @Override
    protected MessageItem doSet(int index, MessageItem element) {
        return rows.set(index, element);
    }

    @Override
    protected MessageItem doRemove(int index) {
        return rows.remove(index);
    }
}
