package dev.tidemark.session;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.JournalScan;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chat in the trash keeps its attachments; emptied for good (at the owner's start, after
 * {@link SessionStore#KEPT}), its files go, unless another chat, an unsaved one or the live journal
 * still names them, or some chat's attachments are unknown. Real workspaces on real files.
 */
class TrashAttachmentsTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dataDir;

    private final List<String> problems = new CopyOnWriteArrayList<>();
    private Attachment own;
    private Attachment shared;

    private Workspace open(Instant at) throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.fixed(at, ZoneOffset.UTC),
                p -> problems.add(p.message()));
    }

    private Path stored(Attachment a) {
        return dataDir.resolve(AttachmentStore.FOLDER).resolve(a.sha256());
    }

    /** Chat "gone" (in the trash since an hour before NOW) with its own file and a shared one; chat "stays" with the shared one. */
    private void twoChats() throws Exception {
        AttachmentStore attachments = new AttachmentStore(dataDir);
        own = attachments.store("only in the trashed chat".getBytes(StandardCharsets.UTF_8), "own.txt");
        shared = attachments.store("in both chats".getBytes(StandardCharsets.UTF_8), "shared.txt");
        try (Workspace w = open(NOW)) {
            w.store().put(new Session("gone", "Gone", NOW, NOW,
                    List.of(Message.user("goneq1", "files", NOW, List.of(own, shared)))).withDeletedAt(NOW.minusSeconds(3600)));
            w.store().put(new Session("stays", "Stays", NOW, NOW,
                    List.of(Message.user("staysq1", "file", NOW, List.of(shared)))));
            w.store().flush().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTrashedChatKeepsItsFilesAndEmptiedTheyGoButNotOneAnotherChatShares() throws Exception {
        twoChats();
        try (Workspace w = open(NOW.plus(Duration.ofDays(29)))) {
            assertThat(w.store().trash()).extracting(SessionSummary::id).containsExactly("gone");
        }
        assertThat(stored(own)).exists();
        assertThat(stored(shared)).exists();

        try (Workspace w = open(NOW.plus(SessionStore.KEPT))) {
            assertThat(w.store().summary("gone")).isEmpty();
            assertThat(w.store().get("stays")).isPresent();
        }
        assertThat(dataDir.resolve("sessions").resolve("gone.json")).doesNotExist();
        assertThat(stored(own)).as("referred to by nothing any more").doesNotExist();
        assertThat(stored(shared)).as("the other chat still refers to it").hasContent("in both chats");
        assertThat(problems).isEmpty();
    }

    @Test
    void aDamagedChatBlocksEveryDeletionAndSaysSo() throws Exception {
        twoChats();
        Files.writeString(dataDir.resolve("sessions").resolve("broken.json"), "{\"format\":5,\"id\":\"broken\",\"ti");
        try (Workspace w = open(NOW.plus(SessionStore.KEPT))) {
            assertThat(w.store().summary("gone")).isEmpty();
        }
        assertThat(stored(own)).as("whether the damaged chat refers to it is not known").exists();
        assertThat(problems).anyMatch(p -> p.contains("The attachments of chats emptied from the trash were kept")
                && p.contains("(broken)") && p.contains("fsck --repair"));
    }

    @Test
    void theOwnersStartRemovesPartsLeftByAStoreCutShortAReadersDoesNot() throws Exception {
        twoChats();
        Path folder = dataDir.resolve(AttachmentStore.FOLDER);
        Path part = Files.writeString(folder.resolve("incoming-cut.part"), "half");
        try (Workspace owner = open(NOW)) {
            assertThat(owner.isReadOnly()).isFalse();
            assertThat(part).doesNotExist();
            Path another = Files.writeString(folder.resolve("incoming-2.part"), "half");
            try (Workspace reader = open(NOW)) {
                assertThat(reader.isReadOnly()).isTrue();
            }
            assertThat(another).as("a reader removes none: the owner may be storing it").exists();
        }
        assertThat(stored(own)).exists();
        assertThat(stored(shared)).exists();
    }

    @Test
    void theHashesOfAChatTheLiveJournalNamesAreKeptAndSoAreThoseReferencedOrUnsaved() throws Exception {
        AttachmentStore attachments = new AttachmentStore(dataDir);
        Attachment a = attachments.store("a".getBytes(StandardCharsets.UTF_8), "a.txt");
        Attachment b = attachments.store("b".getBytes(StandardCharsets.UTF_8), "b.txt");
        Attachment c = attachments.store("c".getBytes(StandardCharsets.UTF_8), "c.txt");
        AttachmentCleanup cleanup = new AttachmentCleanup(dataDir, p -> problems.add(p.message()));
        cleanup.emptied("named", Set.of(a.sha256()));
        cleanup.emptied("free", Set.of(b.sha256(), c.sha256()));
        JournalScan live = new JournalScan(List.of(new JournalRecord.SessionRenamed("named", "T", NOW),
                new JournalRecord.UserMessage("other", "m1", "hi", NOW)), List.of());
        Set<String> named = AttachmentCleanup.sessionsNamedBy(live);
        assertThat(named).containsExactlyInAnyOrder("named", "other");

        Set<String> deleted = cleanup.deleteUnreferenced(Set.of(c.sha256()), List.of(), named);
        assertThat(deleted).containsExactly(b.sha256());
        assertThat(attachments.check(a)).isEqualTo(AttachmentStore.State.INTACT);
        assertThat(attachments.check(b)).isEqualTo(AttachmentStore.State.MISSING);
        assertThat(attachments.check(c)).isEqualTo(AttachmentStore.State.INTACT);
        assertThat(cleanup.deleteUnreferenced(Set.of(), List.of(), Set.of())).as("handed over once").isEmpty();
    }

    @Test
    void aHashNamedByADamagedFileSetAsideIsKept() throws Exception {
        AttachmentStore attachments = new AttachmentStore(dataDir);
        Attachment a = attachments.store("a".getBytes(StandardCharsets.UTF_8), "a.txt");
        Attachment b = attachments.store("b".getBytes(StandardCharsets.UTF_8), "b.txt");
        Path damaged = Files.createDirectories(dataDir.resolve("sessions").resolve("damaged"));
        // as recovery moves one aside: cut short, it does not parse
        Files.writeString(damaged.resolve("old.json.1765000000000"), "{\"format\":5,\"messages\":[{\"attachments\" :"
                + " [ { \"name\" : \"a.txt\", \"sha256\" : \"" + a.sha256() + "\", \"si");
        AttachmentCleanup cleanup = new AttachmentCleanup(dataDir, p -> problems.add(p.message()));
        cleanup.emptied("gone", Set.of(a.sha256(), b.sha256()));
        assertThat(cleanup.deleteUnreferenced(Set.of(), List.of(), Set.of())).containsExactly(b.sha256());
        assertThat(attachments.check(a)).isEqualTo(AttachmentStore.State.INTACT);
    }
}
