package dev.tidemark.ui.sessions;

import dev.tidemark.chat.ChatService;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionSummary;
import dev.tidemark.ui.fx.UpdateCoalescer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The session list: pinned sessions on top, then the others newest first, grouped by Today,
 * Yesterday, Previous 7 days, Previous 30 days and Older; kept current as sessions change on any
 * thread, and narrowed live by a search text matched against titles. Renames, pins and deletes
 * (to the trash, with an undo) run on the background executor, since changing a session may read
 * its file; the list itself reads only the store's index. FX thread only.
 */
public final class SessionListViewModel {

    public static final String PINNED = "Pinned";
    public static final String TODAY = "Today";
    public static final String YESTERDAY = "Yesterday";
    public static final String PREVIOUS_7_DAYS = "Previous 7 days";
    public static final String PREVIOUS_30_DAYS = "Previous 30 days";
    public static final String OLDER = "Older";

    /** A session just moved to the trash, offered for undo. */
    public record Deleted(String id, String title) {
    }

    private static final Object RELOAD = new Object();
    private static final Comparator<SessionSummary> ORDER = Comparator.comparing(SessionSummary::pinned).reversed()
            .thenComparing(Comparator.comparing(SessionSummary::updatedAt).reversed())
            .thenComparing(SessionSummary::id);

    private final ChatService chat;
    private final SessionStore store;
    private final Executor fx;
    private final Executor background;
    private final boolean readOnly;
    private final Clock clock;
    private final ZoneId zone;
    private final ObservableList<SessionSummary> sessions = FXCollections.observableArrayList();
    private final ObservableList<SessionSummary> shown = FXCollections.observableArrayList();
    private final ObservableList<SessionRow> rows = FXCollections.observableArrayList();
    private final StringProperty selectedId = new SimpleStringProperty(this, "selectedId");
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final StringProperty problem = new SimpleStringProperty(this, "problem", "");
    private final StringProperty setAside = new SimpleStringProperty(this, "setAside", "");
    private final ObjectProperty<Deleted> deleted = new SimpleObjectProperty<>(this, "deleted");

    /**
     * @param fx         runs on the FX thread
     * @param background renames, pins and deletes (never the FX thread)
     * @param clock      and {@code zone} decide what "Today" is
     */
    public SessionListViewModel(ChatService chat, SessionStore store, UpdateCoalescer coalescer, Executor fx,
                                Executor background, boolean readOnly, Clock clock, ZoneId zone) {
        this.chat = chat;
        this.store = store;
        this.fx = fx;
        this.background = background;
        this.readOnly = readOnly;
        this.clock = clock;
        this.zone = zone;
        store.addListener(changed -> coalescer.submit(RELOAD, this::reload));
        filter.addListener((obs, old, now) -> refilter());
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
        List<SessionSummary> all = new ArrayList<>(store.summaries());
        all.sort(ORDER);
        sessions.setAll(all);
        refilter();
    }

    private void refilter() {
        String text = filter.get();
        String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        List<SessionSummary> matching = needle.isEmpty() ? List.copyOf(sessions)
                : sessions.stream().filter(s -> s.title().toLowerCase(Locale.ROOT).contains(needle)).toList();
        List<SessionRow> grouped = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        String group = null;
        for (SessionSummary s : matching) {
            String now = groupOf(s, today);
            if (!now.equals(group)) {
                grouped.add(new SessionRow.Header(now));
                group = now;
            }
            grouped.add(new SessionRow.Item(s));
        }
        shown.setAll(matching);
        rows.setAll(grouped);
    }

    private String groupOf(SessionSummary s, LocalDate today) {
        if (s.pinned()) {
            return PINNED;
        }
        LocalDate day = LocalDate.ofInstant(s.updatedAt(), zone);
        if (!day.isBefore(today)) {
            return TODAY;
        } else if (day.equals(today.minusDays(1))) {
            return YESTERDAY;
        } else if (!day.isBefore(today.minusDays(7))) {
            return PREVIOUS_7_DAYS;
        } else if (!day.isBefore(today.minusDays(30))) {
            return PREVIOUS_30_DAYS;
        }
        return OLDER;
    }

    /** Every session not in the trash: pinned first, then newest first. */
    public ObservableList<SessionSummary> sessions() {
        return sessions;
    }

    /** The sessions whose title matches the search text, in the list's order. */
    public ObservableList<SessionSummary> shown() {
        return shown;
    }

    /** What the list shows: the matching sessions under their groups' headers. */
    public ObservableList<SessionRow> rows() {
        return rows;
    }

    /** The search text; blank shows every session. Case and surrounding spaces do not matter. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** The session shown in the conversation; the view and the conversation follow it. */
    public StringProperty selectedIdProperty() {
        return selectedId;
    }

    /** Why the last rename, pin or delete was refused, in words; empty when it was not. */
    public StringProperty problemProperty() {
        return problem;
    }

    /** The session last moved to the trash, while its undo is offered; null otherwise. */
    public ObjectProperty<Deleted> deletedProperty() {
        return deleted;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public Optional<SessionSummary> summary(String id) {
        return store.summary(id);
    }

    /** Whether this session can be renamed, pinned and deleted here. */
    public boolean canChange(SessionSummary s) {
        return !readOnly && !s.readOnly();
    }

    public void rename(String id, String title) {
        change(() -> store.rename(id, title), () -> { });
    }

    public void togglePinned(String id) {
        store.summary(id).ifPresent(s -> change(() -> store.setPinned(id, !s.pinned()), () -> { }));
    }

    /** Moves a session to the trash; the selection moves to its neighbour. Undo with {@link #undoDelete}. */
    public void delete(String id) {
        Optional<SessionSummary> gone = store.summary(id);
        if (gone.isEmpty()) {
            return;
        }
        int index = indexShown(id);
        change(() -> store.moveToTrash(id), () -> {
            reload();
            if (id.equals(selectedId.get())) {
                selectedId.set(shown.isEmpty() ? null
                        : shown.get(Math.min(Math.max(index, 0), shown.size() - 1)).id());
            }
            deleted.set(new Deleted(id, gone.get().title()));
        });
    }

    /**
     * Moves a damaged chat's file out of the list, into {@code sessions/damaged/} beside a note
     * saying when, why and from where (never over another file); the selection moves to its
     * neighbour and {@link #setAsideProperty} says where the file went.
     */
    public void setAside(String id) {
        Optional<SessionSummary> gone = store.summary(id);
        if (gone.isEmpty() || readOnly || !gone.get().damaged()) {
            return;
        }
        int index = indexShown(id);
        String[] where = new String[1];
        change(() -> where[0] = store.setAsideDamaged(id).getFileName().toString(), () -> {
            reload();
            if (id.equals(selectedId.get())) {
                selectedId.set(shown.isEmpty() ? null
                        : shown.get(Math.min(Math.max(index, 0), shown.size() - 1)).id());
            }
            setAside.set("");
            setAside.set("Set aside the damaged chat \u201c" + gone.get().title() + "\u201d: its file is now "
                    + SessionStore.DIRECTORY + "/damaged/" + where[0] + " in the data directory, with a note.");
        });
    }

    /** What the last set-aside did, in words; empty before any. */
    public StringProperty setAsideProperty() {
        return setAside;
    }

    /** Brings back the session last deleted, and selects it. */
    public void undoDelete() {
        Deleted last = deleted.get();
        if (last == null) {
            return;
        }
        deleted.set(null);
        change(() -> store.restore(last.id()), () -> {
            reload();
            selectedId.set(last.id());
        });
    }

    private int indexShown(String id) {
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Changes the store on the background executor (the session's file may have to be read first),
     * then, on the FX thread, runs {@code done} — or says why the change was refused.
     */
    private void change(Runnable action, Runnable done) {
        background.execute(() -> {
            try {
                action.run();
                fx.execute(() -> {
                    problem.set("");
                    done.run();
                });
            } catch (IllegalArgumentException | IllegalStateException refused) {
                fx.execute(() -> {
                    problem.set(""); // told again even when it is the same message
                    problem.set(refused.getMessage());
                });
            }
        });
    }
}
