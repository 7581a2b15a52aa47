package dev.tidemark.cli;

import dev.tidemark.chat.ToolPolicy.Decision;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's {@code --allow TOOL} / {@code --allow-all}: it always decides, denying what they do not cover. */
class FlagToolPolicyTest {

    private static final ToolCall ECHO = new ToolCall("c1", "files__echo", "{\"text\":\"hi\"}").requested("files", "echo");

    @Test
    void allowsByTheToolsOwnNameOrServerSlashTool() {
        assertThat(new FlagToolPolicy(List.of("echo"), false).decide(ECHO)).contains(Decision.ALLOWED_BY_RULE);
        assertThat(new FlagToolPolicy(List.of("files/echo"), false).decide(ECHO)).contains(Decision.ALLOWED_BY_RULE);
        assertThat(new FlagToolPolicy(List.of(), true).decide(ECHO)).contains(Decision.ALLOWED_BY_RULE);
    }

    @Test
    void deniesWhatTheFlagsDoNotCoverAndNeverLeavesACallWaiting() {
        assertThat(new FlagToolPolicy(List.of("add", "other/echo"), false).decide(ECHO)).isEqualTo(Optional.of(Decision.DENY));
        assertThat(new FlagToolPolicy(List.of(), false).decide(ECHO)).isEqualTo(Optional.of(Decision.DENY));
    }

    @Test
    void stderrLinesNameTheServerToolAndHowTheCallEnded() {
        assertThat(ReplyPrinter.toolLine(ECHO.with(ToolCallState.DONE, ToolResult.text("hi"))))
                .isEqualTo("tool files/echo {\"text\":\"hi\"} done");
        assertThat(ReplyPrinter.toolLine(ECHO.with(ToolCallState.ERROR, ToolResult.failure("It broke.\nBadly."))))
                .isEqualTo("tool files/echo {\"text\":\"hi\"} error: It broke. | Badly.");
        assertThat(ReplyPrinter.toolLine(ECHO.with(ToolCallState.DENIED, ToolResult.failure("denied"))))
                .startsWith("tool files/echo {\"text\":\"hi\"} denied: echo is not allowed (--allow echo or --allow-all");
    }
}
