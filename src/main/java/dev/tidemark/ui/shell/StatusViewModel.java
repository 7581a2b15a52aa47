package dev.tidemark.ui.shell;

import dev.tidemark.health.Problem;
import dev.tidemark.health.ProblemText;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.function.Function;

/**
 * The status bar's left side: whether the journal is keeping up ("Journal: saved", "Journal:
 * writing again") or the last problem a background thread reported. What it shows follows the
 * kind of {@link Problem}; the problem's words are only shown. FX thread.
 */
public final class StatusViewModel {

    public static final String SAVED = "Journal: saved";
    public static final String WRITING_AGAIN = "Journal: writing again";

    private final ReadOnlyStringWrapper journal = new ReadOnlyStringWrapper(this, "journal", SAVED);
    private final ReadOnlyBooleanWrapper troubled = new ReadOnlyBooleanWrapper(this, "troubled");
    private final ReadOnlyStringWrapper lastProblem = new ReadOnlyStringWrapper(this, "lastProblem", "");
    private final Function<Problem, String> words;

    /**
     * @param prefix said before the journal state until the first problem, e.g. "Recovered 2
     *               interrupted replies from the journal." (empty for nothing)
     */
    public StatusViewModel(String prefix) {
        this(prefix, ProblemText::of);
    }

    /** @param words how a problem is put in words (normally {@link ProblemText#of}) */
    public StatusViewModel(String prefix, Function<Problem, String> words) {
        this.words = words;
        String said = prefix == null || prefix.isBlank() ? "" : prefix.strip() + " ";
        journal.set(said + SAVED);
    }

    /** A workspace that cannot write at all: say why, for good. */
    public static StatusViewModel readOnly(String reason) {
        StatusViewModel status = new StatusViewModel("", ProblemText::of);
        status.journal.set(reason);
        status.troubled.set(true);
        return status;
    }

    /** A background thread reported something (disk trouble, or that it is over). */
    public void report(Problem problem) {
        if (problem.isAllClear()) {
            journal.set(WRITING_AGAIN);
            troubled.set(false);
        } else {
            String said = words.apply(problem).strip();
            journal.set(said);
            lastProblem.set(said);
            troubled.set(true);
        }
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
