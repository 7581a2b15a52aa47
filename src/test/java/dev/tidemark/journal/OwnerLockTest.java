package dev.tidemark.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerLockTest {

    @TempDir
    Path dataDir;

    @Test
    void onlyOneOwnerAtATimeAndThePidIsReadable() throws Exception {
        Optional<OwnerLock> first = OwnerLock.tryAcquire(dataDir);
        assertThat(first).isPresent();
        assertThat(OwnerLock.tryAcquire(dataDir)).isEmpty();
        assertThat(OwnerLock.ownerPid(dataDir)).contains(ProcessHandle.current().pid());
        first.get().close();
        Optional<OwnerLock> again = OwnerLock.tryAcquire(dataDir);
        assertThat(again).isPresent();
        again.get().close();
    }
}
