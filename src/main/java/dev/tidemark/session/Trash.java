package dev.tidemark.session;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The trash: sessions deleted by the user stay listed here, hidden from the session list, for
 * {@link SessionStore#KEPT}; the owner removes older ones for good when it opens the store.
 */
final class Trash {

    private static final Comparator<SessionSummary> LATEST_DELETED_FIRST =
            Comparator.comparing(SessionSummary::deletedAt).reversed().thenComparing(SessionSummary::id);

    private final Path dir;
    private final SessionFiles files;
    private final SessionListing listing;
    private final Clock clock;
    private final Consumer<Problem> problems;
    private final AttachmentCleanup attachments;

    Trash(Path dir, SessionFiles files, SessionListing listing, Clock clock, Consumer<Problem> problems) {
        this(dir, files, listing, clock, problems, new AttachmentCleanup(dir.getParent(), problems));
    }

    Trash(Path dir, SessionFiles files, SessionListing listing, Clock clock, Consumer<Problem> problems,
          AttachmentCleanup attachments) {
        this.attachments = attachments;
        this.dir = dir;
        this.files = files;
        this.listing = listing;
        this.clock = clock;
        this.problems = problems;
    }

    /** The sessions in the trash, most recently deleted first. */
    List<SessionSummary> list() {
        return listing.summaries().values().stream().filter(SessionSummary::inTrash).sorted(LATEST_DELETED_FIRST)
                .toList();
    }

    /**
     * Removes for good the sessions in the trash for longer than {@link SessionStore#KEPT}, and hands
     * their attachments' hashes to the {@link AttachmentCleanup} (which deletes them once the journal
     * was read and nothing else refers to them).
     */
    void emptyExpired() {
        Instant before = clock.instant().minus(SessionStore.KEPT);
        boolean removed = false;
        for (SessionSummary s : List.copyOf(listing.summaries().values())) {
            if (s.inTrash() && s.deletedAt().isBefore(before) && !s.readOnly()) {
                try {
                    SessionIndex.Entry entry = listing.entry(s.id());
                    files.delete(dir.resolve(s.id() + ".json"));
                    listing.removed(s.id());
                    removed = true;
                    if (entry != null && entry.attachments() != null) {
                        attachments.emptied(s.id(), entry.attachments());
                    }
                } catch (IOException e) {
                    problems.accept(new Problem.Note(Area.SESSIONS, "Could not empty '" + s.title()
                            + "' from the trash (" + IoProblems.describe(e) + ")."));
                }
            }
        }
        if (removed) {
            files.forceDirectory(dir);
        }
    }
}
