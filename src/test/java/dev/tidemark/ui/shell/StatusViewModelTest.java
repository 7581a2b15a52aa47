package dev.tidemark.ui.shell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusViewModelTest {

    @Test
    void savedThenTheProblemThenWritingAgain() {
        StatusViewModel status = new StatusViewModel("");
        assertThat(status.journalProperty().get()).isEqualTo("Journal: saved");
        assertThat(status.troubledProperty().get()).isFalse();

        status.report("Tidemark cannot write its journal (No space left on device); it keeps the text in memory.");
        assertThat(status.journalProperty().get()).startsWith("Tidemark cannot write its journal");
        assertThat(status.troubledProperty().get()).isTrue();

        status.report("The journal is writing to disk again.");
        assertThat(status.journalProperty().get()).isEqualTo("Journal: writing again");
        assertThat(status.troubledProperty().get()).isFalse();
        assertThat(status.lastProblemProperty().get()).contains("No space left");
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
