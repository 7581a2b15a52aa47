package dev.tidemark.session;

import dev.tidemark.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file the store reads or writes goes through the {@link SessionFiles} it was given. */
class SessionStoreFilesTest {

    @TempDir
    Path dataDir;

    private final List<String> problems = new ArrayList<>();

    private void save(int sessions) throws Exception {
        try (SessionStore store = SessionStore.open(dataDir, true, p -> problems.add(p.message()))) {
            for (int i = 0; i < sessions; i++) {
                store.put(SessionStoreTest.session("s" + i, "Session " + i, 3));
            }
            store.flush().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDecoratorSeesEveryReadOfASessionFile() throws Exception {
        save(SessionStore.CACHE_SIZE + 2);
        CountingFiles files = new CountingFiles();
        try (SessionStore store = SessionStore.open(dataDir, false, p -> problems.add(p.message()), Clock.systemUTC(), files)) {
            files.reads.clear();
            store.get("s1").orElseThrow();
            assertThat(files.readNames()).containsExactly("s1.json");
            store.get("s1").orElseThrow(); // cached now
            assertThat(files.readNames()).containsExactly("s1.json");
            store.findMessage("s5-m2").orElseThrow();
            assertThat(files.readNames()).contains("s5.json");
        }
    }

    @Test
    void workspaceOpenPassesTheDecoratorToTheStore() throws Exception {
        save(3);
        CountingFiles[] decorator = new CountingFiles[1];
        try (Workspace workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(),
                p -> problems.add(p.message()), real -> decorator[0] = new CountingFiles(real))) {
            assertThat(decorator[0].readNames()).contains(SessionIndex.FILE_NAME);
            decorator[0].reads.clear();
            workspace.store().get("s2").orElseThrow();
            assertThat(decorator[0].readNames()).containsExactly("s2.json");
            workspace.store().update("s2", s -> s.withPinned(true));
            workspace.store().flush().get(10, TimeUnit.SECONDS);
            assertThat(decorator[0].writes).extracting(p -> p.getFileName().toString()).contains("s2.json");
        }
    }
}
