package dev.tidemark.ui.chat;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ToolHost;
import dev.tidemark.chat.ToolPolicy;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.model.ToolCall;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;

import java.util.List;
import java.util.Optional;

/**
 * Tools in the conversation: the cards' buttons (Allow once, Always allow this tool, Deny, Cancel,
 * Retry, Tell the model it failed), each handed to the chat's tool loop with the chat's provider
 * and model as Continue picks them, and the composer's per-chat switch. Every call returns at
 * once (the tool loop does its work on its own threads). FX thread.
 */
public final class ConversationTools {

    private final ConversationViewModel conversation;
    private final ChatService chat;
    private final BooleanProperty on = new SimpleBooleanProperty(this, "on", true);
    private final IntegerProperty configuredServers = new SimpleIntegerProperty(this, "configuredServers", 0);

    ConversationTools(ConversationViewModel conversation, ChatService chat) {
        this.conversation = conversation;
        this.chat = chat;
    }

    /** The person's answer to a call waiting for approval. */
    public void decide(MessageItem reply, ToolCall call, ToolPolicy.Decision decision) {
        conversation.run(provider -> {
            chat.tools().decide(session(), reply.id(), call.id(), decision, provider, conversation.modelProperty().get());
            return null;
        }, () -> decide(reply, call, decision));
    }

    /** Cancels a running call (its result says it was cancelled; the loop goes on). */
    public void cancel(MessageItem reply, ToolCall call) {
        String session = session();
        if (session != null) {
            try {
                chat.tools().cancel(session, reply.id(), call.id());
            } catch (IllegalArgumentException | IllegalStateException e) {
                conversation.tell(e.getMessage());
            }
        }
    }

    /** Runs an interrupted (or failed) call again, because the person asked to. */
    public void retry(MessageItem reply, ToolCall call) {
        conversation.run(provider -> {
            chat.tools().retry(session(), reply.id(), call.id(), provider, conversation.modelProperty().get());
            return null;
        }, () -> retry(reply, call));
    }

    /** Tells the model an interrupted call failed, without running it. */
    public void tellFailed(MessageItem reply, ToolCall call) {
        conversation.run(provider -> {
            chat.tools().tellFailed(session(), reply.id(), call.id(), provider, conversation.modelProperty().get());
            return null;
        }, () -> tellFailed(reply, call));
    }

    private String session() {
        return conversation.sessionIdProperty().get();
    }

    // ---- the per-chat switch

    /** How many MCP servers are configured (the app keeps it up to date); the switch shows when there is one. */
    public IntegerProperty configuredServersProperty() {
        return configuredServers;
    }

    /** Whether tools are on in the chat shown (its {@link SessionSettings#toolsOn()}). */
    public ReadOnlyBooleanProperty onProperty() {
        return on;
    }

    /** Switches tools on or off for the chat shown, from its next request on (kept in its settings). */
    public void setOn(boolean wanted) {
        String session = session();
        if (session == null) {
            return;
        }
        Optional<Session> current = chat.store().get(session);
        if (current.isEmpty()) {
            return;
        }
        try {
            chat.updateSettings(session, current.get().settings().withTools(wanted));
            on.set(wanted);
        } catch (IllegalArgumentException | IllegalStateException e) {
            conversation.tell(e.getMessage());
            showSession(session);
        }
    }

    /** On the FX thread, once the session is on screen (in the store's memory): its switch. */
    void showSession(String session) {
        on.set(session == null || chat.store().get(session).map(s -> s.settings().toolsOn()).orElse(true));
    }

    /** The switch's tooltip: "Tools: on — 3 tools from 1 server", or off for this chat. */
    public String describe() {
        if (!on.get()) {
            return "Tools: off for this chat";
        }
        List<ToolHost.OfferedTool> offered = chat.tools().host().offered();
        long servers = offered.stream().map(ToolHost.OfferedTool::server).distinct().count();
        if (offered.isEmpty()) {
            return "Tools: on — the MCP servers start when the model is first asked";
        }
        return "Tools: on — " + offered.size() + (offered.size() == 1 ? " tool" : " tools") + " from " + servers
                + (servers == 1 ? " server" : " servers");
    }
}
