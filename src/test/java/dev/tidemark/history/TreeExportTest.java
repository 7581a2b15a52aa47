package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Markdown export writes the active path, and with every version the whole tree, each version followed by its branch. */
class TreeExportTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private SessionStore store;

    @AfterEach
    void close() {
        store.close();
    }

    private static Message reply(String id, String text) {
        return new Message(id, Role.ASSISTANT, text, MessageStatus.COMPLETE, T, "demo/demo", null);
    }

    private String export(ExportFormat format) throws Exception {
        store = store != null ? store : SessionStore.open(dir, true, p -> { });
        Session tree = new Session("tree", "Branches", T, T, List.of(Message.user("q1", "QUESTION ONE", T),
                reply("a1", "ANSWER ONE"), Message.user("q2", "QUESTION TWO", T), reply("a2", "ANSWER TWO")))
                .withChild("q2", reply("a2b", "ANSWER TWO AGAIN"), T)
                .withChild("a1", Message.user("q2b", "QUESTION TWO EDITED", T), T)
                .withMessage(reply("a3", "ANSWER TO THE EDIT"), T)
                .withActive("a2b");
        store.put(tree);
        StringWriter out = new StringWriter();
        new Exporter(new StoreLibrary(store), Clock.fixed(T, ZoneOffset.UTC)).exportSession("tree", format, out);
        return out.toString();
    }

    @Test
    void markdownIsTheActivePath() throws Exception {
        String md = export(ExportFormat.MARKDOWN);
        assertThat(md).contains("QUESTION ONE", "ANSWER ONE", "QUESTION TWO", "ANSWER TWO AGAIN")
                .doesNotContain("ANSWER TWO\n", "EDITED", "ANSWER TO THE EDIT", "version");
    }

    @Test
    void withEveryVersionEachVersionIsFollowedByItsBranch() throws Exception {
        String md = export(ExportFormat.MARKDOWN_ALL_VERSIONS);
        assertThat(md).containsSubsequence(
                "## You\n\nQUESTION ONE", "## Assistant\n\nANSWER ONE",
                "## You (version 1 of 2, shown)\n\nQUESTION TWO\n",
                "## Assistant (version 1 of 2)\n\nANSWER TWO\n",
                "## Assistant (version 2 of 2, shown)\n\nANSWER TWO AGAIN",
                "## You (version 2 of 2)\n\nQUESTION TWO EDITED",
                "## Assistant\n\nANSWER TO THE EDIT");
    }
}
