package dev.tidemark.session;

import dev.tidemark.model.Attachment;
import dev.tidemark.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stores under SIGKILL: a child JVM stores big files in a loop and is killed after a random number
 * of them, many times over one data directory. After every kill the folder holds only files named
 * by their hash whose bytes match it, and at most the {@code *.part} of the store that was cut.
 */
class AttachmentStoreKillTest {

    private static final int KILLS = 8;

    @TempDir
    Path dataDir;

    @Test
    void aKilledStoreLeavesOnlyWholeFilesNamedByTheirHashAndAtMostAPart() throws Exception {
        Random random = new Random(20261206);
        int parts = 0;
        int whole = 0;
        Path folder = dataDir.resolve(AttachmentStore.FOLDER);
        for (int kill = 0; kill < KILLS; kill++) {
            try (ChildJvm child = ChildJvm.start(AttachmentStoreChild.class, dataDir.toString(),
                    String.valueOf(random.nextLong()))) {
                child.waitForLine("stored " + (1 + random.nextInt(3)));
                child.kill(); // somewhere in the next store: copying, forcing, renaming
            }
            String where = "after kill " + (kill + 1);
            List<Path> files;
            try (Stream<Path> list = Files.list(folder)) {
                files = list.toList();
            }
            int partsNow = 0;
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(AttachmentStore.PART)) {
                    partsNow++;
                    continue;
                }
                assertThat(Attachment.isHash(name)).as(where + ": " + name + " is named by a hash").isTrue();
                assertThat(AttachmentStore.hash(Files.readAllBytes(file))).as(where + ": " + name + "'s bytes")
                        .isEqualTo(name);
                whole++;
            }
            assertThat(partsNow).as(where + ": parts left since the previous kill's were counted").isLessThanOrEqualTo(kill + 1);
            parts = partsNow;
        }
        System.out.printf("attachment store kill test: %d kills, %d parts left, %d whole files checked%n", KILLS,
                parts, whole);
        assertThat(whole).isPositive();
    }
}
