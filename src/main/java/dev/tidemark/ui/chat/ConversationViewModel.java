package dev.tidemark.ui.chat;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.chat.Reply;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.ui.fx.UpdateCoalescer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The conversation on screen: its messages, the composer and whether a reply is streaming.
 * Every property lives on the FX thread; chat events from other threads come in through the FX
 * executor (rare events) or the coalescer (text). A session is read from the store on the
 * background executor (its file may have to be read), never on the FX thread.
 */
public final class ConversationViewModel {

    /** What the conversation can do now; the view binds every enable/visible flag to it. */
    public enum State { NO_SESSION, LOADING, IDLE, STREAMING, READ_ONLY }

    private final ChatService chat;
    private final ProviderCatalog providers;
    private final Executor fx;
    private final Executor background;
    private final boolean readOnly;
    private final MessageActionsViewModel actions;
    private final ComparedModels compared;
    private final ConversationUpdates updates;
    private final ConversationTools tools;

    private final MessageRows messages = new MessageRows();
    private final StringProperty sessionId = new SimpleStringProperty(this, "sessionId");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.NO_SESSION);
    private final StringProperty composerText = new SimpleStringProperty(this, "composerText", "");
    private final StringProperty providerId = new SimpleStringProperty(this, "providerId", "demo");
    private final StringProperty model = new SimpleStringProperty(this, "model", "");
    private final StringProperty notice = new SimpleStringProperty(this, "notice", "");
    private final PlainHttpQuestion plainHttp;
    private final AttachmentLoader attachmentLoader;
    private final ComposerAttachments attachments;
    private final StringProperty editingId = new SimpleStringProperty(this, "editingId");
    private final ObjectProperty<MessageItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final LongProperty changes = new SimpleLongProperty(this, "changes");
    private final LongProperty toolChanges = new SimpleLongProperty(this, "toolChanges");
    private final StringProperty shownId = new SimpleStringProperty(this, "shownId");
    private String sessionReadOnly; // FX thread: why the session shown cannot be changed, or null
    /** FX thread: completes when the session last asked for is on screen; cancelled when another is asked for. */
    private CompletableFuture<Void> shown = CompletableFuture.completedFuture(null);

    /**
     * @param fx         runs on the FX thread
     * @param background reads sessions from the store (never the FX thread)
     */
    public ConversationViewModel(ChatService chat, ProviderCatalog providers, Executor fx, Executor background,
                                 UpdateCoalescer coalescer, boolean readOnly) {
        this(chat, providers, fx, background, coalescer, readOnly, AttachmentFiles.NONE);
    }

    /** @param files stores attached files and makes their thumbnails (called on the background executor) */
    public ConversationViewModel(ChatService chat, ProviderCatalog providers, Executor fx, Executor background,
                                 UpdateCoalescer coalescer, boolean readOnly, AttachmentFiles files) {
        this.chat = chat;
        this.providers = providers;
        this.fx = fx;
        this.background = background;
        this.readOnly = readOnly;
        this.actions = new MessageActionsViewModel(chat, fx, background, this);
        this.compared = new ComparedModels(chat, providers, this);
        this.plainHttp = new PlainHttpQuestion(providers);
        this.attachmentLoader = new AttachmentLoader(files, background, fx);
        this.attachments = new ComposerAttachments(files, attachmentLoader, background, fx, notice::set);
        this.tools = new ConversationTools(this, chat);
        this.updates = new ConversationUpdates(this, chat);
        chat.addListener(updates.listener(fx, coalescer));
    }

    /**
     * Shows a session: what the store holds plus the reply streaming in it, if any. The session is
     * read on the background executor; until it is on screen the state is {@link State#LOADING}. A
     * read that ends after another session was asked for is dropped.
     */
    public void showSession(String id) {
        shown.cancel(false);
        editingId.set(null);
        // the chat on screen stays in the store's memory: sending, editing and its settings never read its file
        if (sessionId.get() != null) {
            chat.store().letGo(sessionId.get());
        }
        if (id != null) {
            chat.store().keepInMemory(id);
        }
        sessionId.set(id);
        compared.switchTo(id);
        shownId.set(null);
        messages.clear();
        actions.shown(null);
        // a damaged file, or one from a newer Tidemark, is shown and never written over
        sessionReadOnly = SessionReads.readOnlyReason(chat, id);
        notice.set(sessionReadOnly == null ? "" : sessionReadOnly);
        if (id == null) {
            shown = CompletableFuture.completedFuture(null);
            updateState();
            return;
        }
        CompletableFuture<Void> opening = new CompletableFuture<>();
        shown = opening;
        updateState();
        CompletableFuture.supplyAsync(() -> SessionReads.read(chat, id), background)
                .thenAcceptAsync(loaded -> {
                    if (!opening.isDone()) {
                        show(id, loaded);
                        opening.complete(null);
                    }
                }, fx);
    }

    /**
     * Completes, on the FX thread, once this session is on screen (at once if it already is);
     * never if another session is shown first.
     */
    public CompletionStage<Void> whenShown(String id) {
        return Objects.equals(id, sessionId.get()) ? shown : new CompletableFuture<>();
    }

    /**
     * On the FX thread: the session read, the reply streaming in it and any message that arrived
     * while it was read (a reply that ended in between is in one of the three).
     */
    private void show(String id, SessionReads.Loaded loaded) {
        // a reply that ended while the session was read is on screen already, but not in what was read
        boolean stale = loaded.session().isPresent()
                && messages.stream().anyMatch(item -> !loaded.session().get().hasMessage(item.id()));
        loaded.session().ifPresent(actions::shown);
        loaded.session().ifPresentOrElse(s -> showPath(s, chat.activeReplies(id)),
                () -> chat.activeReply(id).ifPresent(r -> messages.setAll(new MessageItem(r.toMessage()))));
        if (loaded.error() != null) {
            notice.set("Could not open this chat: " + loaded.error().getMessage());
        }
        shownId.set(id);
        tools.showSession(id);
        if (stale) {
            refreshPath(); // in memory: the store holds the session from now, and held it while the reply streamed
        }
        updateState();
    }

    /**
     * Sends what is in the composer, with the files attached above it, to the chosen provider (or,
     * while editing, sends the edited message again). When a model asked is known not to take those
     * files nothing is sent: the composer warns, and offers to send the text only.
     */
    public void send() {
        send(true);
    }

    private void send(boolean withFiles) {
        String text = composerText.get() == null ? "" : composerText.get().strip();
        String editing = editingId.get();
        List<Attachment> files = editing == null && withFiles ? attachments.ready() : List.of();
        if (text.isEmpty() && files.isEmpty() || state.get() != State.IDLE || attachments.busyProperty().get()) {
            return; // a message of files only is fine (a picture and no words); nothing at all is not
        }
        boolean sent = run(provider -> {
            if (editing != null) {
                return chat.editAsVersion(sessionId.get(), editing, text, provider, model.get());
            }
            List<ChatService.Target> targets = compared.comparing() ? compared.targets(provider, model.get())
                    : List.of(new ChatService.Target(provider, model.get()));
            Optional<String> refused = targets.stream().map(t -> chat.refusal(t.provider(), t.model(), files))
                    .flatMap(Optional::stream).findFirst();
            if (refused.isPresent()) {
                attachments.refuse(refused.get(), () -> send(false));
                return null;
            }
            return targets.size() > 1 ? chat.sendToMany(sessionId.get(), text, files, targets).get(0)
                    : chat.send(sessionId.get(), text, files, provider, model.get());
        }, () -> send(withFiles));
        if (sent && notice.get().isEmpty() && attachments.refusalProperty().get().isEmpty()) {
            composerText.set("");
            editingId.set(null);
            if (editing == null) {
                attachments.clear();
            }
        }
    }

    /**
     * Asks for a new answer to the question this reply answers (also "Retry" on a failed one): a
     * new version beside this one, which stays.
     */
    public void regenerate(MessageItem reply) {
        if (reply.parentId() == null) {
            notice.set("There is no message of yours to answer.");
            return;
        }
        run(provider -> chat.regenerateVersion(sessionId.get(), reply.parentId(), provider, model.get()),
                () -> regenerate(reply));
    }

    /**
     * Shows the version {@code step} places after this message's (before it when negative): that
     * version and the path below it become the active path, remembered in the session. Nothing
     * happens at either end, or while a reply streams.
     *
     * @return the version now shown, or empty when nothing changed
     */
    public Optional<MessageItem> switchVersion(MessageItem item, int step) {
        if (item == null || state.get() != State.IDLE) {
            return Optional.empty();
        }
        Optional<Session> current = chat.store().get(sessionId.get());
        if (current.isEmpty()) {
            return Optional.empty();
        }
        List<Message> siblings = current.get().children(item.parentId());
        int at = siblings.stream().map(Message::id).toList().indexOf(item.id()) + step;
        if (at < 0 || at >= siblings.size() || step == 0) {
            return Optional.empty();
        }
        String target = siblings.get(at).id();
        try {
            showPath(chat.choose(sessionId.get(), target), List.of());
        } catch (IllegalArgumentException | IllegalStateException e) {
            notice.set(e.getMessage());
            return Optional.empty();
        }
        return find(target);
    }

    /** On the FX thread: the shown session's active path again, as the store holds it now. */
    /** Shows the session again as the store holds it now, when it is the one on screen (FX thread). */
    public void reloadIfShown(String id) {
        if (id != null && id.equals(shownId.get())) {
            refreshPath();
        }
    }

    void refreshPath() {
        String id = sessionId.get();
        if (id != null && id.equals(shownId.get())) {
            chat.store().get(id).ifPresent(s -> showPath(s, chat.activeReplies(id)));
        }
    }

    /** On the FX thread: shows the session's active path (see {@link ActivePath#items}). */
    void showPath(Session session, List<Reply> streaming) {
        messages.replaceTail(ActivePath.items(session, streaming, messages)); // one change, below the fork
        markToolsToContinue();
    }

    /**
     * On the FX thread: marks the last reply when its tool calls all settled and nothing went on
     * from them (Tidemark stopped before the next request): its Continue sends their results.
     */
    void markToolsToContinue() {
        String id = sessionId.get();
        int last = messages.size() - 1;
        for (int i = 0; i <= last; i++) {
            MessageItem item = messages.get(i);
            item.setPassed(i < last);
            item.setToolsToContinue(i == last && id != null && item.status() == dev.tidemark.model.MessageStatus.COMPLETE
                    && !item.toolCalls().isEmpty()
                    && item.toolCalls().stream().allMatch(c -> c.state() != null && c.state().isSettled())
                    && !chat.tools().busy(id) && chat.activeReply(id).isEmpty());
        }
    }

    /** Asks the model to go on from this unfinished reply. */
    public void continueReply(MessageItem reply) {
        run(provider -> chat.continueReply(sessionId.get(), reply.id(), provider, model.get()),
                () -> continueReply(reply));
    }

    /** Several models at once: the models added to the next question, and a compared turn's Stop and Use this one. */
    public ComparedModels compared() {
        return compared;
    }

    /** The tool cards' buttons and the composer's per-chat tools switch. */
    public ConversationTools tools() {
        return tools;
    }

    /** Branch from here, Delete with Undo, and the "Branched from" link. */
    public MessageActionsViewModel actions() {
        return actions;
    }

    /** Puts one of the user's messages in the composer; sending adds the new text as a new version of it. */
    public void startEdit(MessageItem item) {
        if (item.role() != dev.tidemark.model.Role.USER || state.get() != State.IDLE) {
            return;
        }
        editingId.set(item.id());
        composerText.set(item.text());
    }

    public void cancelEdit() {
        if (editingId.get() != null) {
            editingId.set(null);
            composerText.set("");
        }
    }

    /** The last reply's text, or "" (for "copy last reply"); of a compared turn, the chosen (first) reply's. */
    public String lastReplyText() {
        return ActivePath.lastReplyText(messages);
    }

    /** @return false when nothing ran because the plain-http question is open ({@code again} runs on yes) */
    boolean run(java.util.function.Function<ChatProvider, Reply> action, Runnable again) {
        if (plainHttp.ask(providerId.get(), again)) {
            return false;
        }
        ChatProvider provider;
        try {
            provider = providers.create(providerId.get(), null);
        } catch (IllegalArgumentException e) {
            notice.set(e.getMessage());
            return true;
        }
        try {
            action.apply(provider);
            notice.set("");
        } catch (IllegalStateException | IllegalArgumentException e) {
            notice.set(e.getMessage());
        }
        return true;
    }

    /** The plain-http question answered: yes sends (and is remembered for this provider), no sends nothing. */
    public void answerPlainHttp(boolean send) {
        plainHttp.answer(send, providerId.get());
    }

    public ReadOnlyStringProperty plainHttpQuestionProperty() {
        return plainHttp.questionProperty();
    }

    /** The files above the composer for the next message, and the warning when a model will not take them. */
    public ComposerAttachments attachments() {
        return attachments;
    }

    /**
     * For tests: told, on the thread that does it, of each piece of slow attachment work (storing,
     * encoding a pasted image, reading a PDF, making a thumbnail), to see none is the FX thread.
     */
    public void attachmentsWatch(java.util.function.Consumer<String> watcher) {
        attachmentLoader.watchWork(watcher);
    }

    /** Thumbnails and opening of attached files, for the rows and chips. */
    AttachmentLoader attachmentLoader() {
        return attachmentLoader;
    }

    /** Stops the reply streaming in this session; what arrived stays. */
    public void stop() {
        if (sessionId.get() != null) {
            chat.stop(sessionId.get());
        }
    }

    Optional<MessageItem> find(String id) {
        return ActivePath.find(messages, id);
    }

    void updateState() {
        String id = sessionId.get();
        if (id == null) {
            state.set(State.NO_SESSION);
        } else if (!id.equals(shownId.get())) {
            state.set(State.LOADING);
        } else if (readOnly || sessionReadOnly != null) {
            state.set(State.READ_ONLY);
        } else if (chat.activeReply(id).isPresent()) {
            state.set(State.STREAMING);
        } else {
            state.set(State.IDLE);
        }
    }

    public ObservableList<MessageItem> messages() {
        return messages;
    }

    public ReadOnlyStringProperty sessionIdProperty() {
        return sessionId;
    }

    /** The session whose messages are on screen: the one asked for once it is read; null until then. */
    public ReadOnlyStringProperty shownIdProperty() {
        return shownId;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public StringProperty composerTextProperty() {
        return composerText;
    }

    public StringProperty providerIdProperty() {
        return providerId;
    }

    public StringProperty modelProperty() {
        return model;
    }

    /** The id of the user message being edited in the composer, or null. */
    public ReadOnlyStringProperty editingIdProperty() {
        return editingId;
    }

    /** The message the user selected in the list (Ctrl/Cmd+C copies it). */
    public ObjectProperty<MessageItem> selectedProperty() {
        return selected;
    }

    /** The selected message's text, or "" when none is selected. */
    public String selectedText() {
        return selected.get() == null ? "" : selected.get().text();
    }

    /** On the FX thread: one more visible change (a reply grew, started): the view follows it. */
    void changed() {
        changes.set(changes.get() + 1);
    }

    /** On the FX thread: a tool card changed its size in one step (it appeared, its state changed). */
    void toolChanged() {
        toolChanges.set(toolChanges.get() + 1);
        changed();
    }

    /** Counts changes of tool cards: the view follows them once they are laid out. */
    public javafx.beans.property.ReadOnlyLongProperty toolChangesProperty() {
        return toolChanges;
    }

    /** Counts visible changes to the conversation (a reply grew, started): the view follows them. */
    public javafx.beans.property.ReadOnlyLongProperty changesProperty() {
        return changes;
    }

    /** Says something in the composer's notice (a file that could not be opened). */
    void tell(String words) {
        notice.set(words);
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }

    /** True when Send would do something. */
    public BooleanBinding canSend() {
        return Bindings.createBooleanBinding(
                () -> state.get() == State.IDLE && !attachments.busyProperty().get()
                        && (composerText.get() != null && !composerText.get().isBlank()
                        || editingId.get() == null && !attachments.pending().isEmpty()),
                state, composerText, editingId, attachments.busyProperty(), attachments.pending());
    }
}
