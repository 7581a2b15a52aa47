package dev.tidemark.history;

import dev.tidemark.model.Session;
import dev.tidemark.session.AttachmentStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What search, export and import need of the saved sessions, and no more. The session store is
 * behind it through {@link StoreLibrary}, the one place that knows the store's API.
 */
public interface SessionLibrary {

    /** Every session's id, most recently updated first. */
    List<String> ids();

    /** Every session's id with when it last changed: what the search index compares itself with. */
    Map<String, Instant> stamps();

    /** The whole session, read from wherever the store keeps it; empty when there is none (any more). */
    Optional<Session> load(String id);

    /**
     * Whether a session with this id is here in any state: listed, in the trash, or damaged. An
     * import never adds a session under such an id (it would replace that one).
     */
    default boolean contains(String id) {
        return load(id).isPresent();
    }

    /**
     * Where the messages' attached files are kept (export copies them out, import stores them);
     * empty for a library without them: its exports carry references only, and it imports no file.
     */
    default Optional<AttachmentStore> attachments() {
        return Optional.empty();
    }

    /** Adds a new session (import). */
    void add(Session session);

    /**
     * Waits until what was added is on disk (an import calls it now and then, to hold little in memory).
     *
     * @throws NotSaved when the store could not write it (a full disk, most often)
     */
    default void flush() {
    }

    /** What was added could not be written to disk; it is not lost from the journal, but not saved either. */
    final class NotSaved extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotSaved(Throwable cause) {
            super("the sessions could not all be saved", cause);
        }
    }

    /** False when another process owns the data directory: nothing can be added. */
    boolean isWritable();

    /** Told the id of a session that was added, changed or removed, on the thread that changed it. */
    void addChangeListener(Consumer<String> changedId);
}
