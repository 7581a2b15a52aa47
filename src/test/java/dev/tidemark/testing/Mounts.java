package dev.tidemark.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Small real file systems for the tests of full and read-only disks: a tmpfs mounted on a test's
 * folder (the tests and CI run as root), filled up, remounted read-only, always unmounted in
 * {@code finally}.
 */
public final class Mounts {

    private Mounts() {
    }

    /** Mounts a tmpfs of {@code size} (e.g. "300k") on {@code dir}. */
    public static void tmpfs(Path dir, String size) throws IOException, InterruptedException {
        run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tidemark-test", dir.toString());
    }

    /** Unmounts {@code dir} (lazily, should a child still hold a file open). */
    public static void unmount(Path dir) throws IOException, InterruptedException {
        run("umount", "-l", dir.toString());
    }

    /** Writes {@code file} until the file system has no room left; returns how many bytes it took. */
    public static long fill(Path file) throws IOException {
        long written = 0;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) { // the last bytes of a page
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException full) {
            return written;
        }
    }

    /** Runs a command and fails with its output when it fails. */
    public static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
