package dev.tidemark.app;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.SessionStore;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderSettings;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one offer of background runs (issue 18): the first time a reply is lost to a crash (recovered at
 * start, and not one the service kept running) or to a dropped connection, on a provider that speaks
 * the Responses API without background runs, one sentence says that Tidemark could finish such replies
 * on the service next time, with "Turn on". settings.json remembers that it was offered, so it is never
 * offered again, whatever the answer. Thread-safe; the notice is shown on the FX thread.
 */
final class BackgroundRunsOffer implements ChatService.Listener {

    public static final String ACTION = "Turn on";

    private static final Logger LOG = Logger.getLogger(LogFile.LOGGER);

    private final ProviderSettings settings;
    private final Executor fx;
    private final BiConsumer<String, Runnable> show;
    private final AtomicBoolean offered = new AtomicBoolean();

    /**
     * @param show shows a sentence with the {@link #ACTION} button that runs the runnable (FX thread)
     */
    BackgroundRunsOffer(ProviderSettings settings, Executor fx, BiConsumer<String, Runnable> show) {
        this.settings = settings;
        this.fx = fx;
        this.show = show;
    }

    /** The sentence offered for a provider. */
    static String sentence(ProviderConfig provider) {
        return "A reply from " + provider.name() + " was lost to a crash or a dropped connection; with background"
                + " runs turned on, Tidemark could finish such replies on the service next time.";
    }

    @Override
    public void replyFinished(Reply reply) {
        if (reply.status() == MessageStatus.ERROR && reply.connectionLost()) {
            consider(reply.providerId());
        }
    }

    /**
     * At start (not on the FX thread: it may read sessions): the replies recovered that the service did
     * not keep running, each asked of its chat's provider, or of {@code windowProvider} when the chat
     * names none.
     */
    void atStart(Recovery.Report report, SessionStore store, String windowProvider) {
        if (report.recovered().isEmpty() || settings.backgroundRunsOffered()) {
            return;
        }
        Set<String> keptRunning = new HashSet<>();
        report.reattachable().forEach(r -> keptRunning.add(r.messageId()));
        for (Recovery.RecoveredReply lost : report.recovered()) {
            if (keptRunning.contains(lost.messageId())) {
                continue;
            }
            String provider = store.get(lost.sessionId()).map(Session::settings).map(s -> s.provider())
                    .orElse(null);
            if (consider(provider != null ? provider : windowProvider)) {
                return;
            }
        }
    }

    /** Offers background runs for this provider when it qualifies and nothing was offered yet; true when offered. */
    boolean consider(String providerId) {
        Optional<ProviderConfig> provider = providerId == null ? Optional.empty() : settings.find(providerId);
        if (provider.isEmpty() || !provider.get().usesResponses() || provider.get().background()
                || settings.backgroundRunsOffered() || !offered.compareAndSet(false, true)) {
            return false;
        }
        settings.markBackgroundRunsOffered().exceptionally(failure -> {
            LOG.log(Level.WARNING, "Could not remember that background runs were offered", failure);
            return null;
        });
        ProviderConfig config = provider.get();
        fx.execute(() -> show.accept(sentence(config), () -> turnOn(config.id())));
        return true;
    }

    private void turnOn(String providerId) {
        try {
            settings.turnOnBackgroundRuns(providerId).exceptionally(failure -> {
                LOG.log(Level.WARNING, "Could not save background runs for " + providerId, failure);
                return null;
            });
        } catch (IllegalArgumentException removedMeanwhile) {
            LOG.log(Level.INFO, "Background runs not turned on: " + removedMeanwhile.getMessage());
        }
    }
}
