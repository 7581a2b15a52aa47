package dev.tidemark.chat;

import dev.tidemark.chat.ModelCapabilities.Answer;
import dev.tidemark.chat.ModelCapabilities.Capability;
import dev.tidemark.media.MediaCache;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.MediaRefusals;
import dev.tidemark.session.AttachmentStore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How the attachments of a conversation reach models (ADR 10 §1, §2): what each model takes
 * ({@link ModelCapabilities}: the provider's setting, refusals remembered in this run, the model's
 * name), and the parts of each request ({@link AttachmentParts}). The app and the command line build
 * one and hand it to {@link ChatService#useAttachments}; {@link #learning()} listens to the replies
 * so that a model a service said takes no images is refused before a request from then on.
 */
public final class AttachmentRequests implements RequestAttachments {

    private final AttachmentStore store;
    private final MediaCache cache;
    private final Function<ChatProvider, ProviderTraits> traits;
    private final ModelCapabilities capabilities = new ModelCapabilities();

    /**
     * @param traits what decides how a provider takes files ({@link ProviderCatalog#traits}); never null
     */
    public AttachmentRequests(AttachmentStore store, MediaCache cache, Function<ChatProvider, ProviderTraits> traits) {
        this.store = Objects.requireNonNull(store, "store");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.traits = Objects.requireNonNull(traits, "traits");
    }

    /** What this model of this provider takes. */
    public Capability capability(ChatProvider provider, String model) {
        String name = modelName(provider, model);
        return capabilities.of(provider.id(), traitsOf(provider), name);
    }

    @Override
    public Optional<String> refusal(ChatProvider provider, String model, List<Attachment> attachments) {
        List<Attachment> images = attachments.stream().filter(Attachment::isImage).toList();
        if (images.isEmpty() || capability(provider, model).images() != Answer.NO) {
            return Optional.empty(); // PDFs are never refused: where no document is taken, their text goes
        }
        return Optional.of(refusalWords(modelName(provider, model), images));
    }

    /** "claude-2 does not take images (photo.png). Send the text only, or choose a model that does." */
    static String refusalWords(String model, List<Attachment> images) {
        return model + " does not take images (" + images.stream().map(Attachment::name)
                .collect(Collectors.joining(", ")) + "). Send the text only, or choose a model that does.";
    }

    @Override
    public ChatRequest withParts(ChatRequest request, List<Message> path, ChatProvider provider)
            throws AttachmentRefusedException {
        if (path.stream().allMatch(m -> m.attachments().isEmpty())) {
            return request;
        }
        ProviderTraits t = traitsOf(provider);
        Capability capability = capabilities.of(provider.id(), t, request.model());
        return new AttachmentParts(store, cache, t, capability, request.model()).apply(request, path);
    }

    /**
     * Listens to finished replies: one that failed because the service said the model takes no
     * images (or no PDF documents) makes that model of that provider known not to, for this run.
     * Add it with {@link ChatService#addListener}.
     */
    public ChatService.Listener learning() {
        return new ChatService.Listener() {
            @Override
            public void replyFinished(Reply reply) {
                if (reply.status() != MessageStatus.ERROR) {
                    return;
                }
                String detail = reply.toMessage().detail();
                MediaRefusals.refusedKind(reply.modelName(), detail).ifPresent(kind -> {
                    if (kind == MediaRefusals.Kind.IMAGES) {
                        capabilities.learnNoImages(reply.providerId(), reply.modelName());
                    } else {
                        capabilities.learnNoPdf(reply.providerId(), reply.modelName());
                    }
                });
            }
        };
    }

    private ProviderTraits traitsOf(ChatProvider provider) {
        ProviderTraits found = traits.apply(provider);
        return found == null ? ProviderTraits.UNKNOWN : found;
    }

    private static String modelName(ChatProvider provider, String model) {
        return model != null && !model.isBlank() ? model : provider.defaultModel();
    }
}
