package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.session.Workspace;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The child JVM of {@link DeleteUndoKillTest}: deletes the question {@code q2} with its reply, undoes
 * it, says "undone" and waits to be killed.
 */
public final class DeleteUndoChild {

    private DeleteUndoChild() {
    }

    public static void main(String[] args) throws Exception {
        Workspace workspace = Workspace.open(Path.of(args[0]), Journal.Options.defaults(), Clock.systemUTC(),
                p -> System.err.println("problem: " + p));
        ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
        ConversationEdits.Deleted deleted = chat.edits().deleteWithVersions(DeleteUndoKillTest.SESSION, "q2");
        chat.edits().undo(deleted);
        System.out.println("undone");
        System.out.flush();
        Thread.sleep(120_000);
        Runtime.getRuntime().halt(3); // not killed: the parent is gone
    }
}
