package dev.tidemark.app;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.MissingKeyException;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.chat.Reply;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.session.Recovery;
import dev.tidemark.settings.WireApi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * After the window shows: picks up the rest of every reply the service kept running while Tidemark
 * was not (a background run, issue 18), with the provider, base URL and model it was started with.
 * A reply whose provider or key cannot be found is left recovered, the reason in its tooltip. The
 * replies of one chat are picked up one after the other (a chat streams one reply at a time); those of
 * different chats at once. Never on the FX thread.
 */
public final class ReattachAtStart {

    private static final Logger LOG = Logger.getLogger(LogFile.LOGGER);

    private final ChatService chat;
    private final ProviderCatalog providers;
    private final java.util.function.Consumer<String> gaveUp;

    ReattachAtStart(ChatService chat, ProviderCatalog providers, java.util.function.Consumer<String> gaveUp) {
        this.chat = chat;
        this.providers = providers;
        this.gaveUp = gaveUp;
    }

    /**
     * Starts picking up {@code replies} on {@code background}; returns at once.
     *
     * @param gaveUp told the session id of a reply left recovered (its reason in the store), on any thread
     * @return how many replies are being finished
     */
    static int start(AppServices services, List<Recovery.Reattachable> replies, Executor background,
                     java.util.function.Consumer<String> gaveUp) {
        if (replies.isEmpty()) {
            return 0;
        }
        ReattachAtStart reattach = new ReattachAtStart(services.chat(), services.providers(), gaveUp);
        Map<String, Deque<Recovery.Reattachable>> bySession = new LinkedHashMap<>();
        for (Recovery.Reattachable r : replies) {
            bySession.computeIfAbsent(r.sessionId(), id -> new ArrayDeque<>()).add(r);
        }
        for (Deque<Recovery.Reattachable> queue : bySession.values()) {
            background.execute(() -> reattach.next(queue, background));
        }
        return replies.size();
    }

    /** Picks up the next reply of one chat; the one after it once it ended. */
    private void next(Deque<Recovery.Reattachable> queue, Executor background) {
        Recovery.Reattachable r;
        synchronized (queue) {
            r = queue.poll();
        }
        if (r == null) {
            return;
        }
        Reply reply = reattach(r);
        if (reply == null) {
            next(queue, background);
        } else {
            reply.finished().whenComplete((message, failure) -> background.execute(() -> next(queue, background)));
        }
    }

    /** Starts picking up one reply; null when it could not be started (then it was given up, or left for later). */
    Reply reattach(Recovery.Reattachable r) {
        ChatProvider provider;
        try {
            provider = providers.create(r.provider(), r.baseUrl(), WireApi.RESPONSES, true);
        } catch (MissingKeyException e) {
            giveUp(r, "Tidemark could not pick up the rest of this reply: " + e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            giveUp(r, "Tidemark could not pick up the rest of this reply, because the provider it was started with"
                    + " cannot be used now: " + e.getMessage());
            return null;
        }
        if (provider.resumable().isEmpty()) {
            giveUp(r, "Tidemark could not pick up the rest of this reply: " + provider.displayName()
                    + " cannot rejoin a reply its service kept running.");
            return null;
        }
        try {
            return chat.reattach(r, provider);
        } catch (IllegalStateException e) {
            // something streams in its chat already: the reply stays carried, for the next start
            LOG.log(Level.WARNING, "Could not pick up reply " + r.messageId() + " now: " + e.getMessage());
            return null;
        }
    }

    private void giveUp(Recovery.Reattachable r, String reason) {
        try {
            chat.giveUpReattach(r, reason);
            gaveUp.accept(r.sessionId());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not leave reply " + r.messageId() + " recovered", e);
        }
    }
}
