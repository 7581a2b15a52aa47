package dev.tidemark.ui.sessions;

import dev.tidemark.chat.ChatService;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import dev.tidemark.ui.fx.UpdateCoalescer;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * The session list: newest first, kept current as sessions change on any thread, and narrowed
 * live by a search text matched against titles. FX thread only.
 */
public final class SessionListViewModel {

    private static final Object RELOAD = new Object();

    private final ChatService chat;
    private final SessionStore store;
    private final boolean readOnly;
    private final ObservableList<Session> sessions = FXCollections.observableArrayList();
    private final StringProperty selectedId = new SimpleStringProperty(this, "selectedId");
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final FilteredList<Session> shown = new FilteredList<>(sessions);

    public SessionListViewModel(ChatService chat, SessionStore store, UpdateCoalescer coalescer, boolean readOnly) {
        this.chat = chat;
        this.store = store;
        this.readOnly = readOnly;
        store.addListener(changed -> coalescer.submit(RELOAD, this::reload));
        filter.addListener((obs, old, now) -> shown.setPredicate(matching(now)));
        reload();
    }

    /** Starts a new session and selects it. */
    public void newSession() {
        if (readOnly) {
            return;
        }
        Session session = chat.createSession();
        reload();
        selectedId.set(session.id());
    }

    public void reload() {
        sessions.setAll(store.list());
    }

    /** Every session, newest first. */
    public ObservableList<Session> sessions() {
        return sessions;
    }

    /** The sessions whose title matches the search text, newest first. */
    public ObservableList<Session> shown() {
        return shown;
    }

    /** The search text; blank shows every session. Case and surrounding spaces do not matter. */
    public StringProperty filterProperty() {
        return filter;
    }

    private static Predicate<Session> matching(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String needle = text.strip().toLowerCase(Locale.ROOT);
        return session -> session.title().toLowerCase(Locale.ROOT).contains(needle);
    }

    /** The session shown in the conversation; the view and the conversation follow it. */
    public StringProperty selectedIdProperty() {
        return selectedId;
    }

    public boolean isReadOnly() {
        return readOnly;
    }
}
