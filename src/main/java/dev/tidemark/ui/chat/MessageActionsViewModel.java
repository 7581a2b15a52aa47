package dev.tidemark.ui.chat;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ConversationEdits;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionSummary;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The conversation's actions that reach beyond the chat on screen: "Branch from here" (a new chat
 * with the path up to a message, linked back), Delete with Undo (a message and the versions below
 * it, a copy in the trash), and the "Branched from …" link of a chat that is a branch. The work
 * waits for the disk, so it runs on the background executor; the properties live on the FX thread.
 */
public final class MessageActionsViewModel {

    /** Where the chat on screen was branched from: the chat (its title now) and the message. */
    public record BranchLink(String sessionId, String messageId, String title) {
    }

    private final ChatService chat;
    private final Executor fx;
    private final Executor background;
    private final ConversationViewModel conversation;
    private final ObjectProperty<ConversationEdits.Deleted> deleted = new SimpleObjectProperty<>(this, "deleted");
    private final StringProperty branched = new SimpleStringProperty(this, "branched");
    private final ObjectProperty<BranchLink> origin = new SimpleObjectProperty<>(this, "origin");
    private final StringProperty problem = new SimpleStringProperty(this, "problem", "");
    private Consumer<BranchLink> originOpener = link -> { }; // FX thread

    MessageActionsViewModel(ChatService chat, Executor fx, Executor background, ConversationViewModel conversation) {
        this.chat = chat;
        this.fx = fx;
        this.background = background;
        this.conversation = conversation;
    }

    /** Deletes the message and every version below it; offers the Undo through {@link #deletedProperty}. */
    void delete(MessageItem item) {
        String sessionId = changeableSession(item);
        if (sessionId != null) {
            run(() -> chat.edits().deleteWithVersions(sessionId, item.id()), done -> {
                deleted.set(done);
                conversation.refreshPath();
            });
        }
    }

    /** Puts back what the last delete removed (its copy stays in the trash). */
    public void undoDelete() {
        ConversationEdits.Deleted last = deleted.get();
        if (last == null) {
            return;
        }
        deleted.set(null);
        run(() -> chat.edits().undo(last), s -> conversation.refreshPath());
    }

    /** Makes a new chat from the path up to this message; {@link #branchedProperty} names it once it is saved. */
    void branchFrom(MessageItem item) {
        String sessionId = changeableSession(item);
        if (sessionId != null) {
            run(() -> chat.edits().branchFrom(sessionId, item.id()), branch -> branched.set(branch.id()));
        }
    }

    /**
     * Once this session is on screen, shows the version that has this message on its path (a search
     * hit in a version not shown): the active path is made to run through it, journaled as the
     * switcher does, off the FX thread. Completes on the FX thread when it is shown (at once when
     * the message is on the path already); never if another session is shown first.
     */
    public CompletionStage<Void> showVersionWith(String sessionId, String messageId) {
        return conversation.whenShown(sessionId).thenApplyAsync(v -> {
            Session session = chat.store().get(sessionId).orElse(null);
            if (session == null || !session.hasMessage(messageId) || onScreen(session, messageId)) {
                return false;
            }
            chat.choose(sessionId, messageId);
            return true;
        }, background).handleAsync((changed, failed) -> {
            if (failed != null) { // a reply streaming in it: the version shown stays, and the notice says why
                Throwable why = failed.getCause() == null ? failed : failed.getCause();
                problem.set("That version cannot be shown now: " + why.getMessage());
            } else if (changed && sessionId.equals(conversation.sessionIdProperty().get())) {
                conversation.refreshPath();
            }
            return null;
        }, fx);
    }

    /** On the active path, or a reply in the columns of a compared question on it (choosing it would end the comparison). */
    private static boolean onScreen(Session session, String messageId) {
        String parent = session.message(messageId).map(dev.tidemark.model.Message::parentId).orElse(null);
        return session.messages().stream().anyMatch(m -> m.id().equals(messageId)
                || session.isCompared(parent) && m.id().equals(parent));
    }

    /** Opens the chat the one on screen was branched from, at the message it was branched at. */
    public void openOrigin() {
        if (origin.get() != null) {
            originOpener.accept(origin.get());
        }
    }

    /** How the window opens a chat at a message (the conversation cannot choose the chat shown). */
    public void setOriginOpener(Consumer<BranchLink> opener) {
        originOpener = Objects.requireNonNull(opener);
    }

    /** On the FX thread, when a session is on screen (null: none): its "Branched from" link. */
    void shown(Session session) {
        origin.set(session == null ? null : session.branchedFrom().map(from -> new BranchLink(from.sessionId(),
                from.messageId(), chat.store().summary(from.sessionId()).map(SessionSummary::title)
                .orElse("a deleted chat"))).orElse(null));
    }

    private String changeableSession(MessageItem item) {
        if (item == null || conversation.stateProperty().get() != ConversationViewModel.State.IDLE) {
            return null;
        }
        return conversation.sessionIdProperty().get();
    }

    private <T> void run(Supplier<T> work, Consumer<T> then) {
        problem.set("");
        CompletableFuture.supplyAsync(work, background).whenCompleteAsync((result, error) -> {
            if (error == null) {
                then.accept(result);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                problem.set(cause instanceof IllegalArgumentException || cause instanceof IllegalStateException
                        ? cause.getMessage() : "That did not work: " + cause.getMessage());
            }
        }, fx);
    }

    /** The last delete, while its Undo is offered; null otherwise. */
    public ReadOnlyObjectProperty<ConversationEdits.Deleted> deletedProperty() {
        return deleted;
    }

    /** The id of the chat "Branch from here" just made (set once it is saved). */
    public ReadOnlyStringProperty branchedProperty() {
        return branched;
    }

    /** Where the chat on screen was branched from, or null when it is not a branch. */
    public ReadOnlyObjectProperty<BranchLink> originProperty() {
        return origin;
    }

    /** Why the last action did not work, in words; "" when it did. */
    public ReadOnlyStringProperty problemProperty() {
        return problem;
    }
}
