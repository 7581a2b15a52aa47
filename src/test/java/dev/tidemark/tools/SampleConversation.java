package dev.tidemark.tools;

import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.session.SessionStore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes a data directory holding a few conversations that show what the conversation view draws
 * (markdown, code, a table, reasoning, a tool call, a recovered reply), for the README's
 * screenshots: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tidemark.tools.SampleConversation -Dexec.args=DIR}.
 */
public final class SampleConversation {

    private SampleConversation() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/sample-data");
        Instant at = Instant.parse("2026-11-26T09:12:00Z");
        try (SessionStore store = SessionStore.open(dir, true, System.err::println)) {
            store.put(new Session(Ids.next(), "Packing list for a sailing weekend", at.minusSeconds(86_400 * 3),
                    at.minusSeconds(86_400 * 3), List.of(Message.user(Ids.next(), "What should I pack?", at))));
            store.put(new Session(Ids.next(), "Why are there two tides a day?", at.minusSeconds(7_200),
                    at.minusSeconds(7_200), List.of(Message.user(Ids.next(), "Why two tides?", at))));
            store.put(new Session(Ids.next(), "A long answer (drawn in several rows)", at.minusSeconds(3_600),
                    at.minusSeconds(3_600), List.of(Message.user(Ids.next(), "Tell me everything.", at),
                    new Message(Ids.next(), Role.ASSISTANT,
                            String.join("", dev.tidemark.bench.RenderBenchmark.reply(3_000)),
                            MessageStatus.COMPLETE, at, "demo/demo", null))));
            String question = "How do I read a tide table, and can you give me code to interpolate between entries?";
            String answer = """
                    A tide table lists the **high and low waters** for each day, with the time and the height \
                    above *chart datum*. Between two entries the water follows roughly a cosine curve — the \
                    [rule of twelfths](https://en.wikipedia.org/wiki/Rule_of_twelfths) is the sailor's shortcut.

                    | Time  | Event      | Height |
                    |-------|------------|-------:|
                    | 04:12 | Low water  | 0.8 m  |
                    | 10:31 | High water | 4.6 m  |
                    | 16:40 | Low water  | 0.9 m  |

                    To estimate the height at any moment:

                    1. Find the low and high water on either side of it.
                    2. Work out the fraction of the interval that has passed.
                    3. Apply the cosine curve below.

                    ```java
                    static double heightAt(double t, Tide low, Tide high) {
                        double f = (t - low.time()) / (high.time() - low.time());
                        double curve = (1 - Math.cos(Math.PI * f)) / 2; // 0 at low, 1 at high
                        return low.height() + curve * (high.height() - low.height());
                    }
                    ```

                    > Always add a safety margin: weather and pressure can move the water by tens of centimetres.
                    """;
            String recovered = """
                    Here is the rule of twelfths as a table of hours after low water:

                    - hour 1: 1/12 of the range
                    - hour 2: 2/12
                    - hour 3: 3/12 — the fastest flow
                    - hour 4: 3/12""";
            Message reply = new Message(Ids.next(), Role.ASSISTANT, answer, MessageStatus.COMPLETE, at.plusSeconds(2),
                    "anthropic/claude-sonnet-4-5", null,
                    "The user wants to read a tide table and interpolate. Explain the columns, then give a cosine"
                            + " interpolation and mention the rule of twelfths.",
                    List.of(new ToolCall("call_1", "get_tide_table", "{\"port\": \"Brest\", \"date\": \"2026-11-26\"}")),
                    false, new ReplyStats(412L, 386L, 640L, 5_200L));
            Message second = new Message(Ids.next(), Role.ASSISTANT, recovered, MessageStatus.RECOVERED,
                    at.plusSeconds(60), "anthropic/claude-sonnet-4-5",
                    "Recovered at 09:14 after Tidemark stopped while this reply was streaming (the app was killed).",
                    "", List.of(), false, ReplyStats.NONE);
            store.put(new Session(Ids.next(), "Reading a tide table", at, at.plusSeconds(60), List.of(
                    Message.user(Ids.next(), question, at), reply,
                    Message.user(Ids.next(), "And the rule of twelfths, hour by hour?", at.plusSeconds(58)),
                    second)));
            store.flush().join();
        }
        System.out.println("sample conversations written to " + dir.toAbsolutePath());
    }
}
