package dev.tidemark.ui.chat;

import dev.tidemark.model.Message;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A version switch changes the list below its fork, in one change, and tells nothing of the rows above. */
class MessageRowsTest {

    private static MessageItem item(String id) {
        return new MessageItem(Message.user(id, "text " + id, Instant.EPOCH));
    }

    @Test
    void onlyTheTailBelowTheFirstDifferenceChangesInOneChange() {
        MessageRows rows = new MessageRows();
        List<MessageItem> before = List.of(item("a"), item("b"), item("c"), item("d"));
        rows.replaceTail(before);
        List<String> changes = new ArrayList<>();
        rows.addListener((ListChangeListener<MessageItem>) c -> {
            StringBuilder one = new StringBuilder();
            while (c.next()) {
                one.append("from ").append(c.getFrom()).append(" removed ").append(c.getRemovedSize())
                        .append(" added ").append(c.getAddedSize()).append(';');
            }
            changes.add(one.toString());
        });
        MessageItem x = item("x");

        rows.replaceTail(List.of(before.get(0), before.get(1), x));

        assertThat(rows).containsExactly(before.get(0), before.get(1), x);
        assertThat(changes).containsExactly("from 2 removed 2 added 1;");
        rows.replaceTail(List.of(before.get(0), before.get(1), x));
        assertThat(changes).hasSize(1); // the same rows: no change at all
        rows.replaceTail(List.of(before.get(0)));
        assertThat(changes).element(1).isEqualTo("from 1 removed 2 added 0;");
        rows.replaceTail(List.of(before.get(0), x, before.get(2)));
        assertThat(changes).element(2).isEqualTo("from 1 removed 0 added 2;");
        assertThat(rows).containsExactly(before.get(0), x, before.get(2));
    }
}
