package dev.tidemark.ui.chat;

/** One row of the conversation list: a message, or one part of a long one (see {@link Parts}). */
public record MessagePart(MessageItem item, int index) {

    public boolean isFirst() {
        return index == 0;
    }

    public boolean isLast() {
        return index == item.partCount() - 1;
    }
}
