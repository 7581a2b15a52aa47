package dev.tidemark.chat;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.session.AttachmentStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only {@link RequestAttachments} over the real attachment store: every user turn's files
 * read back (hash checked) and put before its text — images as images, PDFs as documents, text as
 * fenced text — with no scaling or budget (that is the wire part's). Records the thread of each
 * call and the paths it was handed.
 */
public final class StoreParts implements RequestAttachments {

    private final AttachmentStore store;
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<List<Message>> paths = new CopyOnWriteArrayList<>();

    public StoreParts(AttachmentStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> refusal(ChatProvider provider, String model, List<Attachment> attachments) {
        return Optional.empty();
    }

    @Override
    public ChatRequest withParts(ChatRequest request, List<Message> path, ChatProvider provider)
            throws AttachmentRefusedException {
        threads.add(Thread.currentThread().getName());
        paths.add(path);
        List<Message> sent = path.stream().filter(m -> m.role() == Role.USER || !m.text().isBlank()).toList();
        List<ChatRequest.Turn> turns = new ArrayList<>();
        for (int i = 0; i < request.messages().size(); i++) {
            ChatRequest.Turn turn = request.messages().get(i);
            List<ChatRequest.Part> parts = new ArrayList<>();
            for (Attachment a : i < sent.size() ? sent.get(i).attachments() : List.<Attachment>of()) {
                byte[] bytes = store.read(a);
                parts.add(a.isImage() ? new ChatRequest.Image(a.mediaType(), bytes)
                        : a.isPdf() ? new ChatRequest.Document(a.mediaType(), bytes, a.name())
                        : new ChatRequest.Text("File: " + a.name() + "\n```\n"
                        + new String(bytes, StandardCharsets.UTF_8) + "\n```"));
            }
            turns.add(new ChatRequest.Turn(turn.role(), turn.text(), parts));
        }
        return new ChatRequest(request.model(), request.systemPrompt(), turns, request.temperature(),
                request.maxTokens(), request.continuation());
    }
}
