package dev.tidemark.ui.chat;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.provider.ChatProvider;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several models at once: the models the next question is also sent to, besides the provider and
 * model of the tool bar (at most {@link ChatService#MAX_MODELS} in all, any providers, mixed), kept
 * for each chat until changed (in memory); and what a compared turn's columns do (Stop one, Use
 * this one). With no model added, a question goes to the tool bar's model alone, as always. FX thread.
 */
public final class ComparedModels {

    /** One more model to ask: a provider, and the model typed for it (blank: the provider's default). */
    public static final class Pick {
        private final String providerId;
        private final String label;
        private final StringProperty model = new SimpleStringProperty(this, "model", "");

        Pick(String providerId, String label, String model) {
            this.providerId = providerId;
            this.label = label;
            this.model.set(model == null ? "" : model);
        }

        public String providerId() {
            return providerId;
        }

        /** The provider's name, as the tool bar shows it. */
        public String label() {
            return label;
        }

        public StringProperty modelProperty() {
            return model;
        }
    }

    private final ChatService chat;
    private final ProviderCatalog providers;
    private final ConversationViewModel conversation;
    private final ObservableList<Pick> picks = FXCollections.observableArrayList();
    private final StringProperty notice = new SimpleStringProperty(this, "notice", "");
    /** Each chat's added models, kept while another chat is shown (session id to provider and model). */
    private final Map<String, List<String[]>> remembered = new HashMap<>();
    private String pickedFor; // the chat whose models are in picks, or null

    ComparedModels(ChatService chat, ProviderCatalog providers, ConversationViewModel conversation) {
        this.chat = chat;
        this.providers = providers;
        this.conversation = conversation;
    }

    /** The models added to the next question, besides the tool bar's. */
    public ObservableList<Pick> picks() {
        return picks;
    }

    /** The providers a model can be added from. */
    public List<ProviderCatalog.Choice> choices() {
        return providers.choices();
    }

    /** Why the last thing asked of the compared models could not be done, or "". */
    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }

    /** Adds a model of this provider to the next question; refused, with words, past the fourth model in all. */
    public void add(String providerId) {
        if (picks.size() + 1 >= ChatService.MAX_MODELS) {
            notice.set("A question can go to " + ChatService.MAX_MODELS + " models at most (the tool bar's and "
                    + (ChatService.MAX_MODELS - 1) + " more): remove one to add another.");
            return;
        }
        String label = choices().stream().filter(c -> c.id().equals(providerId)).map(ProviderCatalog.Choice::label)
                .findFirst().orElse(providerId);
        picks.add(new Pick(providerId, label, ""));
        notice.set("");
    }

    public void remove(Pick pick) {
        picks.remove(pick);
        notice.set("");
    }

    /** Keeps the shown chat's models and shows those added for {@code sessionId} (none at first). */
    void switchTo(String sessionId) {
        if (pickedFor != null) {
            List<String[]> kept = new ArrayList<>();
            picks.forEach(p -> kept.add(new String[] {p.providerId(), p.modelProperty().get()}));
            remembered.put(pickedFor, kept);
        }
        pickedFor = sessionId;
        List<Pick> next = new ArrayList<>();
        for (String[] p : remembered.getOrDefault(sessionId, List.of())) {
            next.add(new Pick(p[0], choices().stream().filter(c -> c.id().equals(p[0]))
                    .map(ProviderCatalog.Choice::label).findFirst().orElse(p[0]), p[1]));
        }
        picks.setAll(next);
        notice.set("");
    }

    /** True when the next question goes to more than one model. */
    boolean comparing() {
        return !picks.isEmpty();
    }

    /**
     * Who the question goes to: the tool bar's model, then every model added, side by side.
     *
     * @throws IllegalArgumentException when a provider cannot be used (the message says why)
     * @throws IllegalStateException    when a key would go over plain http
     */
    List<ChatService.Target> targets(ChatProvider first, String firstModel) {
        List<ChatService.Target> targets = new ArrayList<>();
        targets.add(new ChatService.Target(first, firstModel));
        for (Pick pick : picks) {
            Optional<String> risk = providers.plainHttpRisk(pick.providerId(), null);
            if (risk.isPresent()) {
                throw new IllegalStateException(pick.label() + " would send your key over plain http. Ask it alone"
                        + " once (choose it on the tool bar) to allow that, then compare again.");
            }
            targets.add(new ChatService.Target(providers.create(pick.providerId(), null), pick.modelProperty().get()));
        }
        return targets;
    }

    /** Stops one column of a compared turn; the others go on. */
    public void stop(MessageItem reply) {
        String sessionId = conversation.sessionIdProperty().get();
        if (sessionId != null) {
            chat.stopReply(sessionId, reply.id());
        }
    }

    /**
     * Use this one: the reply becomes the chosen version of its question, the conversation goes on
     * from it, and the others stay as its versions (the columns give way to the ‹ n / m › switcher).
     */
    public void use(MessageItem reply) {
        String sessionId = conversation.sessionIdProperty().get();
        if (sessionId == null || conversation.stateProperty().get() != ConversationViewModel.State.IDLE) {
            return;
        }
        try {
            chat.choose(sessionId, reply.id());
            notice.set("");
        } catch (IllegalArgumentException | IllegalStateException e) {
            notice.set(e.getMessage());
        }
        conversation.refreshPath();
    }
}
