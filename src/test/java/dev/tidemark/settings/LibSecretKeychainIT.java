package dev.tidemark.settings;

import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.testing.TidemarkProcess;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Linux keychain through libsecret (ADR 9) against a real Secret Service: a private D-Bus session
 * ({@code dbus-run-session}) with its own GNOME Keyring, unlocked with a throwaway password, its
 * keyrings in a temporary home, so no real entry of the machine is ever touched. Keys are written and
 * read by separate child JVMs, the reading one the packaged {@code tidemark chat}. Needs the packages
 * {@code libsecret-1-0 gnome-keyring dbus} ({@code .ci/run} installs them).
 */
class LibSecretKeychainIT {

    private static final String KEY = "sk-libsecret-SECRET-0123456789abcdef";
    private static final String OLD_KEY = "sk-javakeyring-SECRET-9876543210fedcba";
    private static final String HEADER = "hdr-SECRET-token-55aa";

    @TempDir
    Path dataDir;
    @TempDir
    Path keyringHome;

    private final MockWebServer server = new MockWebServer();
    private SecretService service;

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aKeySavedInSettingsGoesToTheSecretServiceAndTheNextRunReadsItFromThere() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("from ", "the keychain"), Duration.ZERO).response());
        server.start();
        service = SecretService.start(keyringHome);

        Child save = child(Map.of("TEST_KEY", KEY, "TEST_HEADER", HEADER), "save", server.url("/v1").toString());
        assertThat(save.out).as(save.err).isEqualTo("saved in KEYCHAIN\n");
        assertThat(save.err).doesNotContain(KEY).doesNotContain(HEADER);
        // written through libsecret: the item carries Tidemark's schema name, which java-keyring never wrote
        assertThat(child(Map.of("TEST_KEY", KEY), "schema-lookup").out).isEqualTo("found the key\n");

        TidemarkProcess chat = TidemarkProcess.start(service.env(), List.of(),
                "--data-dir", dataDir.toString(), "chat", "--provider", "work", "hi");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        assertThat(chat.out()).isEqualTo("from the keychain\n");
        assertThat(chat.err()).doesNotContain(KeyFile.FILE_NAME).doesNotContain(KEY).doesNotContain(HEADER);
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getHeaders().get("X-Auth-Token")).isEqualTo(HEADER);

        assertThat(dataDir.resolve(KeyFile.FILE_NAME)).doesNotExist();
        String settings = Files.readString(dataDir.resolve("settings.json"));
        assertThat(settings).contains("\"work\"").doesNotContain(KEY).doesNotContain(HEADER);
    }

    @Test
    void aKeySavedByJavaKeyringIsReadAndASaveReplacesItWithOneItem() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("old key"), Duration.ZERO).response());
        server.enqueue(SlowSseBody.openAi(List.of("new key"), Duration.ZERO).response());
        server.start();
        service = SecretService.start(keyringHome);
        Settings.load(dataDir, p -> { }).withProviders(List.of(new ProviderConfig("work", "Work gateway", "custom",
                Protocol.OPENAI_COMPATIBLE, server.url("/v1").toString(), AuthStyle.BEARER, null, "m-1", Map.of(),
                ProxyChoice.DIRECT))).save(dataDir);

        // the route before ADR 9: java-keyring writes the attributes service and account, and no schema name
        Child legacy = child(Map.of("TEST_KEY", OLD_KEY), "legacy-save");
        // GNOME_KEYRING: java-keyring's name for its Secret Service backend (FreedesktopKeyringBackend)
        assertThat(legacy.out).as(legacy.err).isEqualTo("saved by GNOME_KEYRING\n");
        assertThat(child(Map.of("TEST_KEY", OLD_KEY), "schema-lookup").out).isEqualTo("none\n");

        assertThat(chatAuthorization()).isEqualTo("Bearer " + OLD_KEY);

        // saving through Settings leaves one item, the new one: the old one must not shadow it
        Child save = child(Map.of("TEST_KEY", KEY, "TEST_HEADER", HEADER), "save", server.url("/v1").toString());
        assertThat(save.out).as(save.err).isEqualTo("saved in KEYCHAIN\n");
        assertThat(child(Map.of("TEST_KEY", KEY), "schema-lookup").out).isEqualTo("found the key\n");
        // java-keyring refuses an account with two items: it reads exactly one, the new key
        assertThat(child(Map.of("TEST_KEY", KEY), "legacy-read").out).isEqualTo("found the key\n");
        assertThat(chatAuthorization()).isEqualTo("Bearer " + KEY);
        assertThat(dataDir.resolve(KeyFile.FILE_NAME)).doesNotExist();
    }

    @Test
    void withNoSecretServiceTheKeyGoesToTheOwnerOnlyFileAndChatSaysSo() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("from the file"), Duration.ZERO).response());
        server.start();
        Map<String, String> noBus = Map.of("DBUS_SESSION_BUS_ADDRESS",
                "unix:path=" + keyringHome.resolve("no-bus-here"));

        Child save = child(noBus, Map.of("TEST_KEY", KEY, "TEST_HEADER", HEADER), "save",
                server.url("/v1").toString());
        assertThat(save.out).as(save.err).isEqualTo("saved in FILE\n");
        assertThat(save.err).doesNotContain(KEY);
        Path file = dataDir.resolve(KeyFile.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        TidemarkProcess chat = TidemarkProcess.start(noBus, List.of(),
                "--data-dir", dataDir.toString(), "chat", "--provider", "work", "hi");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        assertThat(chat.out()).isEqualTo("from the file\n");
        assertThat(chat.err()).contains("the key for 'work' is read from " + file)
                .contains("no system keychain here").doesNotContain(KEY);
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
                .isEqualTo("Bearer " + KEY);
    }

    private String chatAuthorization() throws Exception {
        TidemarkProcess chat = TidemarkProcess.start(service.env(), List.of(),
                "--data-dir", dataDir.toString(), "chat", "--provider", "work", "hi");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        assertThat(chat.err()).doesNotContain(KeyFile.FILE_NAME).doesNotContain(KEY).doesNotContain(OLD_KEY);
        return server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization");
    }

    private Child child(Map<String, String> secrets, String... args) throws Exception {
        return child(service.env(), secrets, args);
    }

    private record Child(String out, String err) { }

    /** Runs {@link KeychainChild} with this test's class path; the secrets go in its environment. */
    private Child child(Map<String, String> env, Map<String, String> secrets, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), KeychainChild.class.getName(), args[0],
                dataDir.toString()));
        command.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("DBUS_SESSION_BUS_ADDRESS");
        builder.environment().putAll(env);
        builder.environment().putAll(secrets);
        Path outFile = Files.createTempFile(keyringHome, "child", ".out");
        Path errFile = Files.createTempFile(keyringHome, "child", ".err");
        builder.redirectOutput(outFile.toFile());
        builder.redirectError(errFile.toFile());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the keychain child did not finish: " + Files.readString(errFile));
        }
        String out = Files.readString(outFile);
        String err = Files.readString(errFile);
        assertThat(process.exitValue()).as(err).isZero();
        return new Child(out, err);
    }

    /**
     * A private session bus with GNOME Keyring's Secret Service on it, its login keyring unlocked. It
     * lives until {@link #close} closes its standard input; the keyring daemon is then stopped by its id.
     */
    static final class SecretService implements AutoCloseable {
        private static final String SCRIPT = """
                printf throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1
                pid=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                  org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk '{print $2}')
                echo "bus=$DBUS_SESSION_BUS_ADDRESS"
                cat >/dev/null
                kill "$pid"
                """;

        private final Process process;
        private final String address;

        private SecretService(Process process, String address) {
            this.process = process;
            this.address = address;
        }

        static SecretService start(Path home) throws IOException {
            Path runtime = Files.createDirectories(home.resolve("run"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ProcessBuilder builder = new ProcessBuilder("dbus-run-session", "--", "sh", "-c", SCRIPT);
            builder.environment().remove("DBUS_SESSION_BUS_ADDRESS");
            builder.environment().remove("DISPLAY");
            builder.environment().put("HOME", home.toString());
            builder.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
            builder.environment().put("XDG_RUNTIME_DIR", runtime.toString());
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = lines.readLine();
            if (first == null || !first.startsWith("bus=unix:")) {
                process.destroyForcibly();
                throw new AssertionError("no Secret Service started (are dbus, gnome-keyring and libsecret-1-0"
                        + " installed?): " + first);
            }
            return new SecretService(process, first.substring("bus=".length()));
        }

        Map<String, String> env() {
            return Map.of("DBUS_SESSION_BUS_ADDRESS", address);
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
