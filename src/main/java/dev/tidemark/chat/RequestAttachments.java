package dev.tidemark.chat;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.model.Message;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;

import java.util.List;
import java.util.Optional;

/**
 * How the attachments of a conversation reach a model: which models are known not to take a
 * kind of file, and the parts each turn of a request carries (images scaled to what the service
 * takes, PDFs as documents or their extracted text, text files fenced, the oldest left out with a
 * note when the request would be too large). {@link ChatService} calls {@link #withParts} on a
 * worker thread, never the FX thread, and only after the user's message and its attachment
 * records are forced to the journal.
 */
public interface RequestAttachments {

    /** Nothing attached is ever sent: for callers that have no attachment store. */
    RequestAttachments NONE = new RequestAttachments() {
        @Override
        public Optional<String> refusal(ChatProvider provider, String model, List<Attachment> attachments) {
            return Optional.empty();
        }

        @Override
        public ChatRequest withParts(ChatRequest request, List<Message> path, ChatProvider provider) {
            return request;
        }
    };

    /**
     * Words saying what this model does not take, when it is known not to take one of these
     * files (an image for a text-only model, say) — naming the file, for the window's warning
     * and the command line's usage error. Empty when the model takes them or is not known
     * (unknown models are tried).
     */
    Optional<String> refusal(ChatProvider provider, String model, List<Attachment> attachments);

    /**
     * The request with each user turn's attachments as parts. {@code path} is the context the
     * request's turns were made from (same order; turns of blank replies are left out of the
     * request). Reads the attachment store; may take a while (scaling, PDF text).
     *
     * @throws AttachmentRefusedException when an attachment cannot be read (missing or damaged
     *                                    in the store) or the current message alone is over the
     *                                    service's limits; its words are the reply's error
     */
    ChatRequest withParts(ChatRequest request, List<Message> path, ChatProvider provider)
            throws AttachmentRefusedException;
}
