package dev.tidemark.chat;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.demo.DemoProvider;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionSummary;
import dev.tidemark.session.SessionTitles;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * After a chat's first reply, asks the same model for a short title, when the settings say so
 * ({@code "titles": {"askModel": true}}). The title from the first message stays until the answer
 * comes, and the answer is used only while the chat still has that title (a rename wins). A
 * failed or empty answer changes nothing. Never asks the offline demo, which is not a model.
 */
public final class ModelTitles implements ChatService.Listener {

    static final String INSTRUCTION = "You name conversations. Answer with a title of at most six words for the"
            + " conversation below, in its language: no quotes, no punctuation at the end, nothing else.";
    private static final int EXCERPT = 1500;

    private final SessionStore store;
    private final Function<String, ChatProvider> providers;
    private final BooleanSupplier enabled;
    private final Set<String> asked = ConcurrentHashMap.newKeySet(); // sessions asked about, once each

    /**
     * @param providers a provider by its id (may throw when it cannot be made)
     * @param enabled   read at each reply, so the setting applies without a restart
     */
    public ModelTitles(SessionStore store, Function<String, ChatProvider> providers, BooleanSupplier enabled) {
        this.store = store;
        this.providers = providers;
        this.enabled = enabled;
    }

    @Override
    public void replyFinished(Reply reply) {
        if (!enabled.getAsBoolean() || DemoProvider.ID.equals(reply.providerId())) {
            return;
        }
        Session session = store.get(reply.sessionId()).orElse(null);
        if (session == null || session.messages().size() != 2
                || store.summary(session.id()).map(SessionSummary::readOnly).orElse(true)) {
            return;
        }
        Message question = session.messages().get(0);
        Message answer = session.messages().get(1);
        if (question.role() != Role.USER || !answer.id().equals(reply.streamId())
                || answer.status() != MessageStatus.COMPLETE) {
            return;
        }
        String fromFirstMessage = SessionTitles.fromFirstMessage(question);
        if (!session.title().equals(fromFirstMessage) || !asked.add(session.id())) {
            return;
        }
        ChatProvider provider;
        try {
            provider = providers.apply(reply.providerId());
        } catch (RuntimeException cannot) {
            return; // the title from the first message stays
        }
        String model = reply.modelName() == null || reply.modelName().isBlank() ? provider.defaultModel()
                : reply.modelName();
        String prompt = "User: " + excerpt(question.text()) + "\n\nAssistant: " + excerpt(answer.text());
        ChatRequest request = new ChatRequest(model, INSTRUCTION, List.of(new ChatRequest.Turn(Role.USER, prompt)),
                0.2, 40);
        StringBuilder text = new StringBuilder(); // the provider's thread only
        try {
            provider.stream(request, event -> {
                if (event instanceof StreamEvent.TextDelta delta) {
                    text.append(delta.text());
                } else if (event instanceof StreamEvent.Done) {
                    apply(session.id(), fromFirstMessage, clean(text.toString()));
                }
            });
        } catch (RuntimeException failed) {
            // no title from the model; nothing else depends on it
        }
    }

    private void apply(String id, String fromFirstMessage, String title) {
        if (title.isEmpty()) {
            return;
        }
        try {
            store.update(id, s -> s.title().equals(fromFirstMessage) ? s.withTitle(title, s.updatedAt()) : s);
        } catch (IllegalArgumentException gone) {
            // deleted meanwhile
        }
    }

    /** The first line of the answer without quotes, markdown marks or a closing full stop, at most 60 characters. */
    static String clean(String answer) {
        String line = answer.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (line.toLowerCase(Locale.ROOT).startsWith("title:")) {
            line = line.substring("title:".length()).strip();
        }
        for (int pass = 0; pass < 2; pass++) { // "**Tide tables**." and "“Tide tables.”" alike
            line = line.replaceAll("^[#*_\"'“”«»`\\s]+|[*_\"'“”«»`\\s]+$", "");
            line = line.replaceAll("[.。!]+$", "").strip();
        }
        return line.isEmpty() ? "" : SessionTitles.fromFirstMessage(line);
    }

    private static String excerpt(String text) {
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "…";
    }
}
