package dev.tidemark.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When Tidemark skips looking for OpenGL: decided from a directory laid out like /dev. */
class SoftwareRenderingTest {

    @TempDir
    Path dev;

    @Test
    void aLinuxMachineWithoutGpuDevicesDrawsInSoftwareAtOnce() throws Exception {
        Files.createFile(dev.resolve("null"));
        Files.createDirectory(dev.resolve("input"));
        assertThat(SoftwareRendering.applies("Linux", dev, Map.of(), null)).isTrue();
    }

    @Test
    void aDrmDeviceOrAnNvidiaDeviceLeavesJavaFxToLookForOpenGl() throws Exception {
        Files.createDirectories(dev.resolve("dri"));
        assertThat(SoftwareRendering.applies("Linux", dev, Map.of(), null)).as("/dev/dri").isFalse();
        Files.delete(dev.resolve("dri"));
        Files.createFile(dev.resolve("nvidia0"));
        assertThat(SoftwareRendering.applies("Linux", dev, Map.of(), null)).as("/dev/nvidia0").isFalse();
    }

    @Test
    void theUsersOwnChoiceAndOtherSystemsAreLeftAlone() {
        assertThat(SoftwareRendering.applies("Linux", dev, Map.of(), "es2")).as("-Dprism.order").isFalse();
        assertThat(SoftwareRendering.applies("Linux", dev, Map.of("GDK_GL", "always"), null)).as("GDK_GL").isFalse();
        assertThat(SoftwareRendering.applies("Mac OS X", dev, Map.of(), null)).isFalse();
        assertThat(SoftwareRendering.applies("Windows 11", dev, Map.of(), null)).isFalse();
        assertThat(SoftwareRendering.applies("Linux", dev.resolve("missing"), Map.of(), null))
                .as("a /dev that cannot be read").isFalse();
    }
}
