package dev.tidemark.ui.sessions;

import dev.tidemark.session.SessionSummary;

/** One row of the session list: a group's header ("Today", "Pinned", …) or a session. */
public sealed interface SessionRow {

    /** A group's header; never selected. */
    record Header(String label) implements SessionRow {
    }

    record Item(SessionSummary summary) implements SessionRow {
        public String id() {
            return summary.id();
        }
    }
}
