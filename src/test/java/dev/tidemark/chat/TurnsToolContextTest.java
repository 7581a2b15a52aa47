package dev.tidemark.chat;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.ChatRequest.ToolUse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Turns#context}: what the model is told of each tool call, by the call's state. */
class TurnsToolContextTest {

    private static final Instant AT = Instant.parse("2026-12-07T00:00:00Z");
    private static final String ARGS = "{\"text\":\"hi\"}";

    private static ToolCall call(String id, ToolCallState state, ToolResult result) {
        return new ToolCall(id, "tests__echo", ARGS, "tests", "echo", state, result);
    }

    private static Message reply(String text, ToolCall... calls) {
        return new Message("r", Role.ASSISTANT, text, MessageStatus.COMPLETE, AT, "m", null, "", List.of(calls), false);
    }

    private static List<ChatRequest.Turn> context(Message reply) {
        return Turns.context(List.of(Message.user("u", "Echo hi", AT), reply));
    }

    private static ToolUse only(Message reply) {
        List<ChatRequest.Turn> turns = context(reply);
        assertThat(turns).hasSize(2);
        assertThat(turns.get(1).toolCalls()).hasSize(1);
        return turns.get(1).toolCalls().get(0);
    }

    @Test
    void aDoneCallGoesWithItsResultAndTheReplyIsSentThoughItsTextIsBlank() {
        assertThat(only(reply("", call("c1", ToolCallState.DONE, ToolResult.text("hi")))))
                .isEqualTo(new ToolUse("c1", "tests__echo", ARGS, "hi", false));
    }

    @Test
    void aFailedCallGoesWithItsResultAsAnError() {
        assertThat(only(reply("Trying.", call("c1", ToolCallState.ERROR, ToolResult.failure("echo broke")))))
                .isEqualTo(new ToolUse("c1", "tests__echo", ARGS, "echo broke", true));
    }

    @Test
    void aDeniedCallIsAnErrorWithItsResultOrTheLoopsDenial() {
        assertThat(only(reply("", call("c1", ToolCallState.DENIED, ToolResult.failure("Denied by --allow.")))))
                .isEqualTo(new ToolUse("c1", "tests__echo", ARGS, "Denied by --allow.", true));
        assertThat(only(reply("", call("c1", ToolCallState.DENIED, null))))
                .isEqualTo(new ToolUse("c1", "tests__echo", ARGS, ToolLoop.DENIED_RESULT, true));
    }

    @Test
    void anInterruptedCallIsAnErrorWithItsResultWhenItHasOneElseTheInterruption() {
        assertThat(only(reply("", call("c1", ToolCallState.INTERRUPTED, null))))
                .isEqualTo(new ToolUse("c1", "tests__echo", ARGS, ToolLoop.INTERRUPTED_RESULT, true));
        assertThat(only(reply("", call("c1", ToolCallState.INTERRUPTED, ToolResult.failure(" ")))))
                .isEqualTo(new ToolUse("c1", "tests__echo", ARGS, ToolLoop.INTERRUPTED_RESULT, true));
        assertThat(only(reply("", call("c1", ToolCallState.INTERRUPTED, ToolResult.failure("Told the model it failed.")))))
                .isEqualTo(new ToolUse("c1", "tests__echo", ARGS, "Told the model it failed.", true));
    }

    @Test
    void callsStillRequestedOrRunningWhenANewMessageIsSentWereNotRun() {
        for (ToolCallState state : List.of(ToolCallState.REQUESTED, ToolCallState.RUNNING)) {
            assertThat(only(reply("", call("c1", state, null)))).as(state.name())
                    .isEqualTo(new ToolUse("c1", "tests__echo", ARGS, ToolLoop.NOT_RUN_RESULT, true));
        }
    }

    @Test
    void callsOnlyShownAreNotSentAsCallsAndABlankReplyWithOnlySuchCallsIsLeftOut() {
        Message shownOnly = reply("", new ToolCall("c1", "get_weather", "{}"));
        assertThat(context(shownOnly)).extracting(ChatRequest.Turn::role).containsExactly(Role.USER);

        Message mixed = reply("Here.", new ToolCall("c0", "get_weather", "{}"),
                call("c1", ToolCallState.DONE, ToolResult.text("hi")));
        List<ChatRequest.Turn> turns = context(mixed);
        assertThat(turns.get(1).text()).isEqualTo("Here.");
        assertThat(turns.get(1).toolCalls()).extracting(ToolUse::id).containsExactly("c1");
        assertThat(Turns.isSent(shownOnly)).isFalse();
        assertThat(Turns.isSent(mixed)).isTrue();
    }

    @Test
    void parallelCallsKeepTheirOrder() {
        Message reply = reply("", call("c1", ToolCallState.DONE, ToolResult.text("one")),
                call("c2", ToolCallState.DENIED, null), call("c3", ToolCallState.ERROR, ToolResult.failure("three")));
        assertThat(context(reply).get(1).toolCalls()).extracting(ToolUse::id, ToolUse::result, ToolUse::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c1", "one", false),
                        org.assertj.core.groups.Tuple.tuple("c2", ToolLoop.DENIED_RESULT, true),
                        org.assertj.core.groups.Tuple.tuple("c3", "three", true));
    }
}
