package dev.tidemark.session;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for {@link SessionSaveKillTest}: saves one session over and over, alternating two
 * contents of different sizes, and renames a second one each round (so the index is rewritten
 * often too), until it is killed. Prints "saving" once the store is open and the second session saved.
 */
public final class SessionSaveChild {

    static final String SESSION = "alternating";
    static final String OTHER = "renamed";

    private SessionSaveChild() {
    }

    /** The two contents: A is longer than B, and every message differs. */
    static Session content(boolean a) {
        Instant t0 = Instant.parse("2026-11-26T07:00:00Z");
        List<Message> messages = new ArrayList<>();
        int count = a ? 60 : 45;
        for (int i = 0; i < count; i++) {
            String text = (a ? "A" : "B") + i + " " + (a ? "alpha " : "beta ").repeat(a ? 900 : 700);
            messages.add(i % 2 == 0 ? Message.user("m" + i, text, t0.plusSeconds(i))
                    : new Message("m" + i, Role.ASSISTANT, text, MessageStatus.COMPLETE, t0.plusSeconds(i), "demo",
                    null, "", List.of(), false, null));
        }
        return new Session(SESSION, a ? "Content A" : "Content B", t0, t0.plusSeconds(count), messages);
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Session a = content(true);
        Session b = content(false);
        try (SessionStore store = SessionStore.open(dataDir, true, p -> System.err.println("problem: " + p))) {
            if (store.get(OTHER).isEmpty()) {
                store.put(Session.empty(OTHER, "round 0", Instant.parse("2026-11-26T07:00:00Z")));
                store.flush().get(30, TimeUnit.SECONDS);
            }
            System.out.println("saving");
            System.out.flush();
            for (long round = 1; ; round++) {
                store.put(round % 2 == 0 ? a : b);
                long r = round;
                store.update(OTHER, s -> s.withTitle("round " + r, s.updatedAt()));
                store.flush().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
