package dev.tidemark.history;

import dev.tidemark.model.Session;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionSummary;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The {@link SessionLibrary} over the {@link SessionStore}: the only history class that calls the
 * store. The list comes from the store's index; sessions in the trash are not part of the history
 * (not searched, not exported) until they are restored.
 */
public final class StoreLibrary implements SessionLibrary {

    private final SessionStore store;
    private final AttachmentStore attachments; // null: none (exports carry references only)

    public StoreLibrary(SessionStore store) {
        this(store, null);
    }

    /** With the data directory's attachments, which export copies out and import stores. */
    public StoreLibrary(SessionStore store, AttachmentStore attachments) {
        this.store = store;
        this.attachments = attachments;
    }

    @Override
    public Optional<AttachmentStore> attachments() {
        return Optional.ofNullable(attachments);
    }

    @Override
    public List<String> ids() {
        return store.summaries().stream().map(SessionSummary::id).toList();
    }

    @Override
    public Map<String, Instant> stamps() {
        Map<String, Instant> stamps = new LinkedHashMap<>();
        for (SessionSummary s : store.summaries()) {
            stamps.put(s.id(), s.updatedAt());
        }
        return stamps;
    }

    @Override
    public Optional<Session> load(String id) {
        if (store.summary(id).map(SessionSummary::inTrash).orElse(false)) {
            return Optional.empty();
        }
        return store.get(id);
    }

    /** Also a session in the trash or a damaged one: its id is taken. */
    @Override
    public boolean contains(String id) {
        return store.summary(id).isPresent() || load(id).isPresent();
    }

    @Override
    public void add(Session session) {
        store.put(session);
    }

    @Override
    public void flush() {
        try {
            store.flush().join();
        } catch (CompletionException | CancellationException e) {
            throw new NotSaved(e.getCause() == null ? e : e.getCause());
        }
    }

    @Override
    public boolean isWritable() {
        return store.isWritable();
    }

    @Override
    public void addChangeListener(Consumer<String> changedId) {
        store.addListener(session -> changedId.accept(session.id()));
    }
}
