package dev.tidemark.journal.crash;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.StreamListener;
import dev.tidemark.session.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the kill test ({@link KillRecoveryCrashIT}), reproduced here without any crash.
 *
 * <p>A checkpoint may cover the segment where a reply started once the reply has ended, while the
 * reply's later records (its last pieces and its end) sit in a segment the checkpoint does not
 * cover yet, because another reply is still streaming there. On the next start the scan begins
 * after the checkpoint, finds those records without their {@code stream.start}, and recovery
 * reports them as "records belong to replies whose start is missing" and quarantines them —
 * although nothing is damaged and the store holds the reply in full. docs/recovery.md says
 * unplaced records come only from a damaged start line. Users see a problem after a clean exit,
 * {@code fsck} reports a healthy directory as damaged, and {@code journal/quarantine/} fills with
 * {@code unplaced-*.jsonl} files.
 *
 * <p>Fixed in 19ae964 (recovery leaves alone the unplaced records of replies the store holds); kept
 * as a regression test. The kill test checks the same thing after every kill.
 */
class CheckpointedReplyTailTest {

    @TempDir
    Path dataDir;

    @Test
    void aCleanRestartAfterACheckpointThatSplitAReplyReportsNoProblem() throws Exception {
        AtomicLong ids = new AtomicLong();
        String first;
        String sessionA;
        try (Workspace workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            Journal journal = workspace.journal().orElseThrow();
            ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(),
                    () -> "t" + ids.incrementAndGet());
            SyntheticProvider provider = new SyntheticProvider();
            String a = chat.createSession().id();
            sessionA = a;
            String b = chat.createSession().id();

            Reply replyA = chat.send(a, "first question", provider, null);
            StreamListener streamA = provider.take();
            first = replyA.streamId();
            streamA.onEvent(new StreamEvent.TextDelta("part one, "));
            long sealed = journal.rotate().get(10, TimeUnit.SECONDS); // reply A started in this segment

            Reply replyB = chat.send(b, "second question", provider, null);
            StreamListener streamB = provider.take();
            streamB.onEvent(new StreamEvent.TextDelta("B streams on"));
            streamA.onEvent(new StreamEvent.TextDelta("part two"));
            streamA.onEvent(new StreamEvent.Done("stop")); // A ends in the next segment, B is still streaming
            replyA.finished().get(10, TimeUnit.SECONDS);

            // closes the segment holding A's end and B's start; only A's first segment may be checkpointed
            workspace.checkpoint().get(10, TimeUnit.SECONDS);
            assertThat(Journal.readOnly(dataDir).records())
                    .as("precondition: the checkpoint covered segment %s, where A started", sealed)
                    .noneMatch(r -> r instanceof dev.tidemark.journal.JournalRecord.StreamStarted s
                            && s.streamId().equals(first));

            streamB.onEvent(new StreamEvent.Done("stop"));
            replyB.finished().get(10, TimeUnit.SECONDS);
        } // a clean exit: nothing was killed, nothing is damaged

        List<String> problems = new ArrayList<>();
        try (Workspace again = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> problems.add(p.message()))) {
            assertThat(again.store().get(sessionA).orElseThrow().message(first).orElseThrow().status())
                    .as("the store holds reply A in full").isEqualTo(MessageStatus.COMPLETE);
            assertThat(again.recovery().problems()).as("problems reported after a clean restart").isEmpty();
            assertThat(again.recovery().unplaced()).as("records reported unplaced after a clean restart").isEmpty();
        }
        assertThat(problems).isEmpty();
        try (Stream<Path> kept = Files.list(dataDir.resolve("journal/quarantine")).filter(Files::isRegularFile)) {
            assertThat(kept.toList()).as("quarantined after a clean restart").isEmpty();
        } catch (java.nio.file.NoSuchFileException none) {
            // no quarantine folder at all: nothing kept
        }
    }
}
