package dev.tidemark.tools;

import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a data directory holding one conversation whose reply has three versions (the second
 * chosen) and whose question was edited once, for the README's screenshot of the version
 * switcher: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tidemark.tools.SampleVersions -Dexec.args=DIR}.
 */
public final class SampleVersions {

    private SampleVersions() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/sample-versions");
        Instant at = Instant.parse("2026-11-26T10:02:00Z");
        String first = Ids.next();
        String edited = Ids.next();
        String chosen = Ids.next();
        List<Message> tree = List.of(
                Message.user(first, "Suggest a name for a small sailing boat.", at),
                reply(Ids.next(), first, "How about **Tern**? Small, quick, and at home over the water.", at),
                Message.user(edited, "Suggest a name for a small wooden sailing boat, and say why.", at.plusSeconds(40))
                        .withParent(null),
                reply(Ids.next(), edited, "**Driftwood**: it is made of wood, and it goes where the wind takes it.",
                        at.plusSeconds(42)),
                reply(chosen, edited, "**Slack Water** — the quiet moment between two tides, which is when a small"
                        + " wooden boat is happiest to leave the harbour.\n\nOther ideas:\n\n- *Curlew*\n- *Neap*\n"
                        + "- *Half Tide*", at.plusSeconds(50)),
                reply(Ids.next(), edited, "**Oakum** — the tarred fibre that keeps a wooden hull tight.",
                        at.plusSeconds(58)),
                Message.user(Ids.next(), "Slack Water it is. How do I paint it on the transom?", at.plusSeconds(70))
                        .withParent(chosen),
                reply(Ids.next(), null, "Mask two guide lines with tape, draw the letters in chalk, then paint with"
                        + " a one-shot sign enamel and a fine lettering brush.", at.plusSeconds(75)));
        List<Message> placed = new java.util.ArrayList<>(tree);
        placed.set(7, tree.get(7).withParent(tree.get(6).id()));
        try (SessionStore store = SessionStore.open(dir, true, System.err::println)) {
            store.put(new Session(Ids.next(), "Naming the boat", at, at.plusSeconds(75), placed,
                    Map.of(edited, chosen), null, false, null));
            store.flush().join();
        }
        System.out.println("sample conversation with versions written to " + dir.toAbsolutePath());
    }

    private static Message reply(String id, String parent, String text, Instant at) {
        return new Message(id, Role.ASSISTANT, text, MessageStatus.COMPLETE, at, "openai/gpt-4o-mini", null, "",
                List.of(), false, new ReplyStats(40L, 38L, 420L, 1_300L), parent);
    }
}
