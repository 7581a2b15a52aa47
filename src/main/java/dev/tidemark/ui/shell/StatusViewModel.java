package dev.tidemark.ui.shell;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;

/**
 * The status bar's left side: whether the journal is keeping up ("Journal: saved", "Journal:
 * writing again") or the last problem a background thread reported, in its own words. FX thread.
 */
public final class StatusViewModel {

    public static final String SAVED = "Journal: saved";
    public static final String WRITING_AGAIN = "Journal: writing again";

    /** How the journal and the session store say that a problem is over. */
    private static final List<String> ALL_CLEAR = List.of(
            "writing to disk again", "has caught up", "being saved again");

    private final ReadOnlyStringWrapper journal = new ReadOnlyStringWrapper(this, "journal", SAVED);
    private final ReadOnlyBooleanWrapper troubled = new ReadOnlyBooleanWrapper(this, "troubled");
    private final ReadOnlyStringWrapper lastProblem = new ReadOnlyStringWrapper(this, "lastProblem", "");
    private final String prefix;

    /**
     * @param prefix said before the journal state until the first problem, e.g. "Recovered 2
     *               interrupted replies from the journal." (empty for nothing)
     */
    public StatusViewModel(String prefix) {
        this.prefix = prefix == null || prefix.isBlank() ? "" : prefix.strip() + " ";
        journal.set(this.prefix + SAVED);
    }

    /** A workspace that cannot write at all: say why, for good. */
    public static StatusViewModel readOnly(String reason) {
        StatusViewModel status = new StatusViewModel("");
        status.journal.set(reason);
        status.troubled.set(true);
        return status;
    }

    /** A background thread reported something (disk trouble, or that it is over). */
    public void report(String problem) {
        if (problem == null || problem.isBlank()) {
            return;
        }
        if (isAllClear(problem)) {
            journal.set(WRITING_AGAIN);
            troubled.set(false);
        } else {
            journal.set(problem.strip());
            lastProblem.set(problem.strip());
            troubled.set(true);
        }
    }

    /** True for a report that says an earlier problem is over. */
    public static boolean isAllClear(String report) {
        return ALL_CLEAR.stream().anyMatch(report::contains);
    }

    /** The text on the left of the status bar. */
    public ReadOnlyStringProperty journalProperty() {
        return journal.getReadOnlyProperty();
    }

    /** True while the last report was a problem. */
    public ReadOnlyBooleanProperty troubledProperty() {
        return troubled.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastProblemProperty() {
        return lastProblem.getReadOnlyProperty();
    }
}
