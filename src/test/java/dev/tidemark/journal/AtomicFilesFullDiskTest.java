package dev.tidemark.journal;

import dev.tidemark.testing.Mounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AtomicFiles} on a real, full file system: a tmpfs mounted for the test (tests run as root). */
class AtomicFilesFullDiskTest {

    @TempDir
    Path temp;

    @Test
    void replacingOnAFullDiskKeepsTheOldFileWholeAndLeavesNoTempFile() throws Exception {
        Path disk = Files.createDirectory(temp.resolve("disk"));
        Mounts.tmpfs(disk, "64k");
        try {
            Path target = disk.resolve("s.json");
            AtomicFiles.replace(target, "{\"old\":true}".getBytes());
            Mounts.fill(disk.resolve("filler"));

            assertThatThrownBy(() -> AtomicFiles.replace(target, new byte[16 * 1024]))
                    .isInstanceOf(IOException.class).hasMessageContaining("No space left");
            assertThat(Files.readString(target)).isEqualTo("{\"old\":true}");
            assertThat(disk.resolve("s.json.tmp")).doesNotExist();
        } finally {
            Mounts.unmount(disk);
        }
    }

    @Test
    void filesAndDirectoriesAreMadeReadableOnlyByTheOwner() throws Exception {
        Path dir = temp.resolve("a").resolve("b");
        AtomicFiles.createDirectory(dir);
        AtomicFiles.replace(dir.resolve("f.json"), new byte[] {1});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("f.json"))))
                .isEqualTo("rw-------");
    }
}
