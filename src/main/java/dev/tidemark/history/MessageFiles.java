package dev.tidemark.history;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.ToolCall;

import java.util.ArrayList;
import java.util.List;

/** The files a message refers to: its own attachments, then the images its tool calls' results carry. */
final class MessageFiles {

    private MessageFiles() {
    }

    static List<Attachment> of(Message m) {
        if (m.toolCalls().isEmpty()) {
            return m.attachments();
        }
        List<Attachment> all = new ArrayList<>(m.attachments());
        for (ToolCall call : m.toolCalls()) {
            if (call.result() != null) {
                all.addAll(call.result().images());
            }
        }
        return all;
    }
}
