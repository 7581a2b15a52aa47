package dev.tidemark.cli;

import dev.tidemark.testing.Mounts;
import dev.tidemark.testing.TidemarkProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data directory is private, and one that cannot be read is an error: on real files with
 * real modes, the command line as a child JVM, "another user" as a child run with setpriv as
 * nobody (65534), since the tests run as root and root's permission bits block nothing.
 */
class DataDirectoryIT {

    static final List<String> FAST_DEMO = List.of("-Dtidemark.demo.tokenMillis=1");
    static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");

    @TempDir
    Path temp;

    @Test
    void aFreshDataDirectoryAndEverythingInItAreReadableOnlyByTheOwner() throws Exception {
        Path dataDir = temp.resolve("new").resolve("tidemark");
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO,
                "--data-dir", dataDir.toString(), "chat", "hello");
        assertThat(chat.waitFor()).as(chat.err()).isZero();

        assertThat(mode(dataDir)).isEqualTo("rwx------");
        try (Stream<Path> all = Files.walk(dataDir)) {
            List<Path> entries = all.toList();
            assertThat(entries).anyMatch(p -> p.toString().endsWith(".json")).anyMatch(p -> p.toString().endsWith(".jsonl"));
            for (Path p : entries) {
                assertThat(mode(p)).as(dataDir.relativize(p).toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    @Test
    void anotherUserCannotReadASessionFile() throws Exception {
        openToOthers(temp);
        Path dataDir = temp.resolve("tidemark");
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO, "--data-dir", dataDir.toString(), "chat", "hi");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        Path session;
        try (Stream<Path> files = Files.list(dataDir.resolve("sessions"))) {
            session = files.filter(p -> p.getFileName().toString().matches("[0-9a-z]{12}\\.json")).findFirst()
                    .orElseThrow();
        }
        // the control: nobody can read a file that is open to others, so a refusal below is the modes' doing
        Path open = Files.writeString(temp.resolve("open.txt"), "open");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(runAsNobody("cat", open.toString())).isZero();

        assertThat(runAsNobody("cat", session.toString())).isNotZero();
        assertThat(runAsNobody("ls", dataDir.toString())).isNotZero();
    }

    @Test
    void anExistingDataDirectoryOpenToOthersIsClosedAndThePersonTold() throws Exception {
        Path dataDir = Files.createDirectory(temp.resolve("tidemark"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        TidemarkProcess sessions = TidemarkProcess.start("--data-dir", dataDir.toString(), "sessions");
        assertThat(sessions.waitFor()).as(sessions.err()).isZero();
        assertThat(mode(dataDir)).isEqualTo("rwx------");
        assertThat(sessions.err()).contains(dataDir + " was open to other users (rwxr-xr-x)")
                .contains("readable only by you");
    }

    @Test
    void aDataDirectoryOfAnotherUserIsWarnedAbout() throws Exception {
        Path dataDir = Files.createDirectory(temp.resolve("tidemark"));
        new ProcessBuilder("chown", "65534:65534", dataDir.toString()).inheritIO().start().waitFor();
        TidemarkProcess sessions = TidemarkProcess.start("--data-dir", dataDir.toString(), "sessions");
        sessions.waitFor();
        assertThat(sessions.err()).contains("The data directory " + dataDir + " belongs to another user (nobody)");
    }

    @Test
    void anUnreadableDataDirectoryIsAnErrorForEveryCommandNeverAnEmptyHistory() throws Exception {
        openToOthers(temp);
        Path dataDir = temp.resolve("tidemark");
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO, "--data-dir", dataDir.toString(), "chat", "hi");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        assertThat(mode(dataDir)).isEqualTo("rwx------");

        for (List<String> command : List.of(List.of("sessions"), List.of("fsck"), List.of("search", "hi"),
                List.of("show", "abc"), List.of("export", "--all"), List.of("chat", "hello"))) {
            TidemarkProcess p = asNobody(dataDir, command);
            assertThat(p.waitFor()).as(command + ": " + p.err()).isNotZero();
            assertThat(p.err()).as(command.toString()).contains("cannot read its data directory " + dataDir)
                    .doesNotContain("Exception");
            assertThat(p.out()).as(command.toString()).doesNotContain("No sessions").doesNotContain("clean");
        }
    }

    @Test
    void anUnreadablePartOfTheDataDirectoryIsNamed() throws Exception {
        openToOthers(temp);
        Path dataDir = temp.resolve("tidemark");
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO, "--data-dir", dataDir.toString(), "chat", "hi");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        openToOthers(dataDir); // the directory is open, its sessions folder still rwx------ and root's

        for (List<String> command : List.of(List.of("sessions"), List.of("fsck"))) {
            TidemarkProcess p = asNobody(dataDir, command);
            assertThat(p.waitFor()).as(command + ": " + p.err()).isNotZero();
            assertThat(p.err()).as(command.toString()).contains("cannot read " + dataDir.resolve("sessions"));
            assertThat(p.out()).as(command.toString()).doesNotContain("No sessions").doesNotContain("clean");
        }
    }

    @Test
    void importIntoAReadOnlyDataDirectorySaysReadOnly() throws Exception {
        Path source = temp.resolve("source");
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO, "--data-dir", source.toString(), "chat", "hi");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        Path export = temp.resolve("all.tidemark.json");
        TidemarkProcess exported = TidemarkProcess.start("--data-dir", source.toString(), "export", "--all", "--format", "json",
                "--out", export.toString());
        assertThat(exported.waitFor()).as(exported.err()).isZero();

        Path mount = Files.createDirectory(temp.resolve("mount"));
        Mounts.tmpfs(mount, "1m");
        try {
            Path dataDir = mount.resolve("tidemark");
            TidemarkProcess first = TidemarkProcess.start("--data-dir", dataDir.toString(), "sessions");
            assertThat(first.waitFor()).as(first.err()).isZero();
            Mounts.run("mount", "-o", "remount,ro", mount.toString());

            TidemarkProcess imported = TidemarkProcess.start("--data-dir", dataDir.toString(), "import",
                    export.toString());
            assertThat(imported.waitFor()).isEqualTo(1);
            assertThat(imported.err()).contains("read-only").contains("Nothing was imported")
                    .doesNotContain("another Tidemark").doesNotContain("Exception");
        } finally {
            Mounts.unmount(mount);
        }
    }

    private TidemarkProcess asNobody(Path dataDir, List<String> command) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--data-dir", dataDir.toString()));
        args.addAll(command);
        return TidemarkProcess.startWith(AS_NOBODY, Map.of(), FAST_DEMO, args.toArray(String[]::new));
    }

    private static int runAsNobody(String... command) throws Exception {
        List<String> all = new java.util.ArrayList<>(AS_NOBODY);
        all.addAll(List.of(command));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    /** The test's folders are rwx------ (JUnit's); here only the data directory's own mode may keep others out. */
    private static void openToOthers(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
