package dev.tidemark.health;

import dev.tidemark.health.Problem.Area;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTest {

    @Test
    void aFullDiskIsToldApartFromOtherWriteFailures() {
        Problem full = Problem.cannotWrite(Area.JOURNAL, "its journal",
                new FileSystemException("/data/journal/00000001.jsonl", null, "No space left on device"));
        Problem other = Problem.cannotWrite(Area.JOURNAL, "its journal", new IOException("Input/output error"));

        assertThat(full).isInstanceOf(Problem.DiskFull.class);
        assertThat(other).isEqualTo(new Problem.CannotWrite(Area.JOURNAL, "its journal", "Input/output error"));
    }

    @Test
    void onlyTheNewsThatTroubleIsOverIsAllClear() {
        assertThat(new Problem.WritingAgain(Area.SESSIONS).isAllClear()).isTrue();
        assertThat(new Problem.JournalCaughtUp().isAllClear()).isTrue();
        assertThat(new Problem.JournalBehind().isAllClear()).isFalse();
        assertThat(new Problem.Note(Area.SETTINGS, "The journal is writing to disk again.").isAllClear())
                .as("words that sound like good news do not make a note good news").isFalse();
    }

    @Test
    void everyKindHasWordsThatNameWhatAndWhy() {
        assertThat(new Problem.DiskFull(Area.JOURNAL, "its journal", "No space left on device").message())
                .contains("disk is full").contains("its journal").contains("kept in memory");
        assertThat(new Problem.CannotWrite(Area.SESSIONS, "the chat 'Plans'", "Input/output error").message())
                .contains("the chat 'Plans'").contains("Input/output error").contains("in the journal");
        assertThat(new Problem.Unreadable(Area.SETTINGS, "settings.json", "unexpected end").message())
                .contains("settings.json").contains("unexpected end").contains("default settings");
        assertThat(new Problem.WritingAgain(Area.JOURNAL).message()).contains("writing to disk again");
        assertThat(new Problem.JournalBehind().message()).contains("falling behind").contains("Nothing is lost");
        assertThat(new Problem.ReadOnly(Area.SESSIONS, "The chat 'Plans'", "a newer Tidemark wrote it").message())
                .contains("read-only").contains("newer Tidemark");
        assertThat(new Problem.Note(Area.KEYS, "The key file was tightened.").message())
                .isEqualTo("The key file was tightened.");
    }
}
