package dev.tidemark.journal.crash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kill test's injection layer stops exactly where it says, leaving the files as described. */
class KillStorageTest {

    /** Thrown where the child would print AT and block. */
    static final class Stopped extends RuntimeException {
        final KillProtocol.Point point;

        Stopped(KillProtocol.Point point) {
            super("stopped at " + point);
            this.point = point;
        }
    }

    @TempDir
    Path dir;

    private static KillStorage stoppingAt(KillProtocol.Point point, int count) {
        return new KillStorage(point, count, (p, n) -> {
            throw new Stopped(p);
        });
    }

    private static void write(FileChannel channel, String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Test
    void withoutAPointItIsThePlainFileSystem() throws IOException {
        KillStorage storage = new KillStorage(null, 0, (p, n) -> {
            throw new AssertionError("no point chosen");
        });
        Path segment = dir.resolve("00000001.jsonl");
        try (FileChannel channel = storage.create(segment)) {
            write(channel, "one\ntwo\n");
            channel.force(false);
        }
        storage.replace(dir.resolve("checkpoint.json"), "c\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(segment)).isEqualTo("one\ntwo\n");
        storage.delete(segment);
        assertThat(segment).doesNotExist();
        assertThat(dir.resolve("checkpoint.json")).hasContent("c");
    }

    @Test
    void splitWriteLeavesATornLineAtTheChosenWrite() throws IOException {
        KillStorage storage = stoppingAt(KillProtocol.Point.SPLIT_WRITE, 2);
        Path segment = dir.resolve("00000001.jsonl");
        try (FileChannel channel = storage.create(segment)) {
            write(channel, "header\n");
            assertThatThrownBy(() -> write(channel, "aaaa\nbbbb\n")).isInstanceOf(Stopped.class);
        }
        String content = Files.readString(segment);
        assertThat(content).startsWith("header\naaaa").doesNotEndWith("\n");
        assertThat(content.length()).isBetween("header\n".length() + 1, "header\naaaa\nbbbb".length() - 1);
    }

    @Test
    void beforeWriteStopsWithNothingOfTheBufferWritten() throws IOException {
        KillStorage storage = stoppingAt(KillProtocol.Point.BEFORE_WRITE, 1);
        Path segment = dir.resolve("00000001.jsonl");
        try (FileChannel channel = storage.create(segment)) {
            assertThatThrownBy(() -> write(channel, "line\n")).isInstanceOf(Stopped.class);
        }
        assertThat(segment).isEmptyFile();
    }

    @Test
    void afterWriteBeforeForceCountsOnlyForcesOfWrittenData() throws IOException {
        KillStorage storage = stoppingAt(KillProtocol.Point.AFTER_WRITE_BEFORE_FORCE, 1);
        Path segment = dir.resolve("00000001.jsonl");
        try (FileChannel channel = storage.create(segment)) {
            channel.force(false); // nothing written: not an occurrence
            write(channel, "line\n");
            assertThatThrownBy(() -> channel.force(false)).isInstanceOf(Stopped.class);
        }
        assertThat(segment).hasContent("line");
    }

    @Test
    void rotationPointsLeaveNoFileAnEmptyFileOrALoneHeader() throws IOException {
        assertThatThrownBy(() -> stoppingAt(KillProtocol.Point.ROTATION_CREATE, 1).create(dir.resolve("00000001.jsonl")))
                .isInstanceOf(Stopped.class);
        assertThat(dir.resolve("00000001.jsonl")).doesNotExist();

        assertThatThrownBy(() -> stoppingAt(KillProtocol.Point.ROTATION_EMPTY, 1).create(dir.resolve("00000002.jsonl")))
                .isInstanceOf(Stopped.class);
        assertThat(dir.resolve("00000002.jsonl")).isEmptyFile();

        KillStorage storage = stoppingAt(KillProtocol.Point.ROTATION_HEADER, 1);
        storage.forceDirectory(dir); // not after a create: not an occurrence
        try (FileChannel channel = storage.create(dir.resolve("00000003.jsonl"))) {
            write(channel, "header\n");
            channel.force(true);
        }
        assertThatThrownBy(() -> storage.forceDirectory(dir)).isInstanceOf(Stopped.class);
        assertThat(dir.resolve("00000003.jsonl")).hasContent("header");
    }

    @Test
    void checkpointPointsLeaveTheOldCheckpointATempFileOrTheNewCheckpoint() throws IOException {
        Path checkpoint = dir.resolve("checkpoint.json");
        Files.writeString(checkpoint, "old\n");
        byte[] updated = "new\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> stoppingAt(KillProtocol.Point.CHECKPOINT_REPLACE, 1).replace(checkpoint, updated))
                .isInstanceOf(Stopped.class);
        assertThat(checkpoint).hasContent("old");

        assertThatThrownBy(() -> stoppingAt(KillProtocol.Point.CHECKPOINT_TMP, 1).replace(checkpoint, updated))
                .isInstanceOf(Stopped.class);
        assertThat(checkpoint).hasContent("old");
        assertThat(dir.resolve("checkpoint.json.tmp")).hasContent("new");

        KillStorage storage = stoppingAt(KillProtocol.Point.CHECKPOINT_RENAMED, 2);
        storage.replace(dir.resolve("quarantine-file"), updated); // not the checkpoint: not an occurrence
        storage.replace(checkpoint, "first\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> storage.replace(checkpoint, updated)).isInstanceOf(Stopped.class);
        assertThat(checkpoint).hasContent("new");
    }

    @Test
    void checkpointDeletePointsStopBeforeOrAfterDeletingASegment() throws IOException {
        Path first = Files.createFile(dir.resolve("00000001.jsonl"));
        Path second = Files.createFile(dir.resolve("00000002.jsonl"));
        assertThatThrownBy(() -> stoppingAt(KillProtocol.Point.CHECKPOINT_DELETE, 1).delete(first))
                .isInstanceOf(Stopped.class);
        assertThat(first).exists();

        KillStorage storage = stoppingAt(KillProtocol.Point.CHECKPOINT_DELETED, 2);
        storage.delete(first);
        assertThatThrownBy(() -> storage.delete(second)).isInstanceOf(Stopped.class);
        assertThat(first).doesNotExist();
        assertThat(second).doesNotExist();
    }
}
