package dev.tidemark.ui.shell;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusViewModelTest {

    @Test
    void savedThenTheProblemThenWritingAgain() {
        StatusViewModel status = new StatusViewModel("");
        assertThat(status.journalProperty().get()).isEqualTo("Journal: saved");
        assertThat(status.troubledProperty().get()).isFalse();

        status.report(new Problem.DiskFull(Area.JOURNAL, "its journal", "No space left on device"));
        assertThat(status.journalProperty().get()).startsWith("The disk is full: Tidemark cannot write its journal");
        assertThat(status.troubledProperty().get()).isTrue();

        status.report(new Problem.WritingAgain(Area.JOURNAL));
        assertThat(status.journalProperty().get()).isEqualTo("Journal: writing again");
        assertThat(status.troubledProperty().get()).isFalse();
        assertThat(status.lastProblemProperty().get()).contains("No space left");
    }

    @Test
    void theStatusFollowsTheKindOfProblemWhateverItsWords() {
        // every problem reworded, the all-clear ones too: the status still turns on the kind
        StatusViewModel status = new StatusViewModel("", p -> "Reworded: something about " + p.area());

        status.report(new Problem.JournalBehind());
        assertThat(status.troubledProperty().get()).isTrue();
        assertThat(status.journalProperty().get()).isEqualTo("Reworded: something about JOURNAL");

        status.report(new Problem.JournalCaughtUp());
        assertThat(status.troubledProperty().get()).isFalse();
        assertThat(status.journalProperty().get()).isEqualTo("Journal: writing again");

        status.report(new Problem.CannotWrite(Area.SESSIONS, "the chat 'Plans'", "Input/output error"));
        assertThat(status.troubledProperty().get()).isTrue();
        status.report(new Problem.WritingAgain(Area.SESSIONS));
        assertThat(status.troubledProperty().get()).isFalse();
        assertThat(status.lastProblemProperty().get()).isEqualTo("Reworded: something about SESSIONS");
    }

    @Test
    void recoveredRepliesAreMentionedUntilSomethingHappens() {
        StatusViewModel status = new StatusViewModel("Recovered 2 interrupted replies from the journal.");
        assertThat(status.journalProperty().get())
                .isEqualTo("Recovered 2 interrupted replies from the journal. Journal: saved");
    }

    @Test
    void readOnlySaysWhyForGood() {
        StatusViewModel status = StatusViewModel.readOnly("Another Tidemark is using /data.");
        assertThat(status.journalProperty().get()).isEqualTo("Another Tidemark is using /data.");
        assertThat(status.troubledProperty().get()).isTrue();
    }
}
