package dev.tidemark.app;

import com.sun.jna.platform.unix.LibC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * On a Linux machine without a GPU device (nothing in {@code /dev/dri}, no {@code /dev/nvidia*}),
 * OpenGL can only be Mesa's software renderer, which JavaFX turns down ("System GPU doesn't meet
 * the es2 pipe requirement") before it draws in software anyway. Looking for it is not free: GTK
 * asks for OpenGL visuals when it opens the display, and JavaFX tries its OpenGL pipeline first;
 * both load Mesa and LLVM, about 60 MB of memory for as long as the window is open, and time at
 * start. On such a machine Tidemark asks JavaFX for its software pipeline at once and tells GTK not
 * to look for OpenGL ({@code GDK_GL=disable}). A choice the user made ({@code -Dprism.order},
 * {@code GDK_GL}) is left alone, and machines with a GPU device are not touched.
 */
final class SoftwareRendering {

    private SoftwareRendering() {
    }

    /** True when this is Linux, nothing was chosen by the user, and {@code dev} holds no GPU device. */
    static boolean applies(String osName, Path dev, Map<String, String> env, String prismOrder) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux") || prismOrder != null || env.containsKey("GDK_GL")) {
            return false;
        }
        if (Files.isDirectory(dev.resolve("dri"))) {
            return false; // a DRM device: Intel, AMD, nouveau, a virtual GPU…
        }
        try (Stream<Path> devices = Files.list(dev)) {
            return devices.noneMatch(p -> p.getFileName().toString().startsWith("nvidia"));
        } catch (IOException | RuntimeException e) {
            return false; // cannot tell: let JavaFX look as it always does
        }
    }

    /**
     * Before JavaFX starts: on a machine without a GPU device, the software pipeline and no OpenGL
     * in GTK. Returns whether it did so.
     */
    static boolean chooseForThisMachine() {
        if (!applies(System.getProperty("os.name", ""), Path.of("/dev"), System.getenv(),
                System.getProperty("prism.order"))) {
            return false;
        }
        System.setProperty("prism.order", "sw");
        try {
            LibC.INSTANCE.setenv("GDK_GL", "disable", 0);
        } catch (LinkageError | RuntimeException e) {
            // JavaFX still draws in software; only GTK's look for OpenGL is not avoided
        }
        return true;
    }
}
