package dev.tidemark.app;

import dev.tidemark.session.Recovery;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status bar's words about what the start recovered: replies, and tool calls that may have run. */
class RecoveredNoteTest {

    private static final Recovery.RecoveredReply REPLY = new Recovery.RecoveredReply("s1", "m1", 12, false);
    private static final Recovery.InterruptedCall CALL = new Recovery.InterruptedCall("s1", "m1", "call_1", "append");

    @Test
    void nothingRecoveredSaysNothing() {
        assertThat(MainWindow.recoveredNote(Recovery.Report.nothing())).isEmpty();
    }

    @Test
    void repliesAndInterruptedToolCallsAreBothSaid() {
        Recovery.Report report = new Recovery.Report(List.of(REPLY), List.of(REPLY), 1, List.of(), List.of(),
                List.of(CALL, CALL));
        assertThat(MainWindow.recoveredNote(report)).isEqualTo("Recovered 1 interrupted reply from the journal."
                + " 2 tool calls were interrupted while running and may have run: their cards offer Retry and"
                + " Tell the model it failed.");
    }

    @Test
    void anInterruptedToolCallAloneIsSaid() {
        Recovery.Report report = new Recovery.Report(List.of(), List.of(), 0, List.of(), List.of(), List.of(CALL));
        assertThat(MainWindow.recoveredNote(report)).isEqualTo("1 tool call was interrupted while running and may"
                + " have run: its card offers Retry and Tell the model it failed.");
    }

    @Test
    void repliesTheServiceKeptRunningAreSaidAsBeingFinished() {
        dev.tidemark.model.Message m = new dev.tidemark.model.Message("m1", dev.tidemark.model.Role.ASSISTANT,
                "so far", dev.tidemark.model.MessageStatus.RECOVERED, java.time.Instant.EPOCH, "gpt", null, "",
                List.of(), false, null, "u1");
        Recovery.Reattachable carried = new Recovery.Reattachable("s1", "m1", "openai", "gpt", "responses",
                "https://api.openai.com/v1", "resp_1", 7, 9, java.time.Instant.EPOCH, m);
        Recovery.Report report = new Recovery.Report(List.of(REPLY), List.of(REPLY), 1, List.of(), List.of(),
                List.of(), List.of(carried));
        assertThat(MainWindow.recoveredNote(report)).isEqualTo("Recovered 1 interrupted reply from the journal."
                + " Finishing 1 reply the service kept running\u2026");
    }
}
