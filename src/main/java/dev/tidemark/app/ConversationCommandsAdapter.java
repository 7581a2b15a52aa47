package dev.tidemark.app;

import dev.tidemark.model.Role;
import dev.tidemark.ui.chat.ConversationView;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.chat.MessageItem;
import dev.tidemark.ui.shell.ConversationCommands;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;

import java.util.Optional;

/** The shell's view of the conversation: the conversation view model and the message selected in its list. */
final class ConversationCommandsAdapter implements ConversationCommands {

    private final ConversationViewModel conversation;
    private final ConversationView view;
    private final BooleanBinding canStop;
    private final BooleanBinding hasReply;
    private final BooleanBinding canRegenerate;

    ConversationCommandsAdapter(ConversationViewModel conversation, ConversationView view) {
        this.conversation = conversation;
        this.view = view;
        canStop = conversation.stateProperty().isEqualTo(ConversationViewModel.State.STREAMING);
        hasReply = Bindings.createBooleanBinding(
                () -> conversation.messages().stream().anyMatch(m -> m.role() == Role.ASSISTANT),
                conversation.messages());
        canRegenerate = Bindings.createBooleanBinding(
                () -> conversation.stateProperty().get() == ConversationViewModel.State.IDLE && lastReply().isPresent(),
                conversation.stateProperty(), conversation.messages());
    }

    /** The last reply on the active path that answers a question. */
    private Optional<MessageItem> lastReply() {
        for (int i = conversation.messages().size() - 1; i >= 0; i--) {
            MessageItem item = conversation.messages().get(i);
            if (item.role() == Role.ASSISTANT && item.parentId() != null) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    @Override
    public void stop() {
        conversation.stop();
    }

    @Override
    public ObservableBooleanValue canStop() {
        return canStop;
    }

    @Override
    public void regenerate() {
        if (canRegenerate.get()) {
            lastReply().ifPresent(conversation::regenerate); // a new version beside it; it stays
        }
    }

    @Override
    public ObservableBooleanValue canRegenerate() {
        return canRegenerate;
    }

    @Override
    public Optional<String> lastReplyText() {
        for (int i = conversation.messages().size() - 1; i >= 0; i--) {
            MessageItem item = conversation.messages().get(i);
            if (item.role() == Role.ASSISTANT && item.text() != null && !item.text().isBlank()) {
                return Optional.of(item.text());
            }
        }
        return Optional.empty();
    }

    @Override
    public ObservableBooleanValue hasReply() {
        return hasReply;
    }

    @Override
    public Optional<String> selectedMessageText() {
        return Optional.ofNullable(view.list().getSelectionModel().getSelectedItem()).map(part -> part.item().text())
                .filter(t -> !t.isEmpty());
    }

    @Override
    public void focusComposer() {
        view.focusComposer();
    }
}
