package dev.tidemark.ui.sessions;

import dev.tidemark.chat.ChatService;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import dev.tidemark.ui.fx.UpdateCoalescer;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The session list: newest first, kept current as sessions change on any thread. FX thread only. */
public final class SessionListViewModel {

    private static final Object RELOAD = new Object();

    private final ChatService chat;
    private final SessionStore store;
    private final boolean readOnly;
    private final ObservableList<Session> sessions = FXCollections.observableArrayList();
    private final StringProperty selectedId = new SimpleStringProperty(this, "selectedId");

    public SessionListViewModel(ChatService chat, SessionStore store, UpdateCoalescer coalescer, boolean readOnly) {
        this.chat = chat;
        this.store = store;
        this.readOnly = readOnly;
        store.addListener(changed -> coalescer.submit(RELOAD, this::reload));
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

    public ObservableList<Session> sessions() {
        return sessions;
    }

    /** The session shown in the conversation; the view and the conversation follow it. */
    public StringProperty selectedIdProperty() {
        return selectedId;
    }

    public boolean isReadOnly() {
        return readOnly;
    }
}
