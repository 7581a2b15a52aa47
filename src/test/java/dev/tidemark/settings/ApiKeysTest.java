package dev.tidemark.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where keys are kept: the keychain when there is one, else a file only the user can read; and the environment. */
class ApiKeysTest {

    private static final String KEY = "sk-or-SECRETkey0123456789abcdefXYZ";
    private static final String ENV_KEY = "sk-or-ENVIRONMENTkey0123456789";

    @TempDir
    Path dataDir;

    private final List<String> problems = new ArrayList<>();

    /** A keychain in memory, standing in for the OS one (which this headless machine does not have). */
    static class FakeKeychain implements KeyStorage {
        final Map<String, String> entries = new HashMap<>();
        boolean refuseWrites;
        boolean failReads;

        @Override
        public Optional<String> read(String providerId) throws IOException {
            if (failReads) { // what LibSecretKeychain throws when the service has gone from the bus
                throw new IOException("The system keychain could not be read (The name org.freedesktop.secrets"
                        + " was not provided by any .service files).");
            }
            return Optional.ofNullable(entries.get(providerId));
        }

        @Override
        public void write(String providerId, String key) throws IOException {
            if (refuseWrites) {
                throw new IOException("The system keychain refused to save the key (locked).");
            }
            entries.put(providerId, key);
        }

        @Override
        public void delete(String providerId) {
            entries.remove(providerId);
        }

        @Override
        public String describe() {
            return "the fake keychain";
        }

        @Override
        public boolean isKeychain() {
            return true;
        }
    }

    @Test
    void withoutAKeychainKeysGoToAFileOnlyTheUserCanRead() throws Exception {
        ApiKeys keys = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        ApiKeys.Resolved saved = keys.save("openrouter", KEY);

        Path file = dataDir.resolve(KeyFile.FILE_NAME);
        assertThat(saved.source()).isEqualTo(ApiKeys.Source.FILE);
        assertThat(saved.where()).isEqualTo(file.toString());
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(keys.usesKeychain()).isFalse();
        assertThat(keys.storageDescription()).contains(file.toString()).contains("no system keychain")
                .contains("readable only by you");

        ApiKeys reopened = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        assertThat(reopened.saved("openrouter")).get().extracting(ApiKeys.Resolved::value).isEqualTo(KEY);
        assertThat(problems).isEmpty();
    }

    @Test
    void theFileStaysOwnerOnlyAcrossRewritesAndNoTemporaryCopyIsLeft() throws Exception {
        ApiKeys keys = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        keys.save("a", KEY);
        keys.save("b", KEY + "2");
        keys.forget("a");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(KeyFile.FILE_NAME))))
                .isEqualTo("rw-------");
        try (var listing = Files.list(dataDir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly(KeyFile.FILE_NAME);
        }
        ApiKeys reopened = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        assertThat(reopened.saved("a")).isEmpty();
        assertThat(reopened.saved("b")).isPresent();
    }

    @Test
    void aKeyFileOthersCanReadIsClosedAgainAndTheUserTold() throws Exception {
        ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message())).save("groq", KEY);
        Path file = dataDir.resolve(KeyFile.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        ApiKeys reopened = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        assertThat(reopened.saved("groq")).isPresent();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).contains("was readable by others")
                .doesNotContain(KEY));
    }

    @Test
    void aDamagedKeyFileIsReportedWithoutQuotingItsContent() throws Exception {
        Files.writeString(dataDir.resolve(KeyFile.FILE_NAME), "{\"keys\": {\"groq\": \"" + KEY + "\"");
        Files.setPosixFilePermissions(dataDir.resolve(KeyFile.FILE_NAME), PosixFilePermissions.fromString("rw-------"));
        ApiKeys keys = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        assertThatThrownBy(() -> keys.saved("groq"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not valid JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("SECRET"));
        assertThat(keys.resolve("groq", "GROQ_API_KEY")).isEmpty();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).doesNotContain(KEY));
    }

    @Test
    void withAKeychainKeysGoThereAndNotToTheFile() throws Exception {
        FakeKeychain keychain = new FakeKeychain();
        ApiKeys keys = ApiKeys.with(Optional.of(keychain), dataDir, Map.of(), p -> problems.add(p.message()));
        ApiKeys.Resolved saved = keys.save("anthropic", KEY);

        assertThat(saved.source()).isEqualTo(ApiKeys.Source.KEYCHAIN);
        assertThat(keychain.entries).containsEntry("anthropic", KEY);
        assertThat(dataDir.resolve(KeyFile.FILE_NAME)).doesNotExist();
        assertThat(keys.usesKeychain()).isTrue();
        assertThat(keys.storageDescription()).isEqualTo("the fake keychain");

        keys.forget("anthropic");
        assertThat(keychain.entries).isEmpty();
    }

    @Test
    void aKeyFromTheFileMovesToTheKeychainWhenOneAppearsAndIsSavedAgain() throws Exception {
        ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message())).save("groq", KEY);
        FakeKeychain keychain = new FakeKeychain();
        ApiKeys keys = ApiKeys.with(Optional.of(keychain), dataDir, Map.of(), p -> problems.add(p.message()));
        assertThat(keys.saved("groq")).get().extracting(ApiKeys.Resolved::source).isEqualTo(ApiKeys.Source.FILE);

        keys.save("groq", KEY);
        assertThat(keychain.entries).containsEntry("groq", KEY);
        assertThat(Files.readString(dataDir.resolve(KeyFile.FILE_NAME))).doesNotContain(KEY);
    }

    @Test
    void aKeychainThatRefusesFallsBackToTheFileAndSaysSo() throws Exception {
        FakeKeychain keychain = new FakeKeychain();
        keychain.refuseWrites = true;
        ApiKeys keys = ApiKeys.with(Optional.of(keychain), dataDir, Map.of(), p -> problems.add(p.message()));
        assertThat(keys.save("groq", KEY).source()).isEqualTo(ApiKeys.Source.FILE);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).contains("refused").contains("instead")
                .doesNotContain(KEY));
    }

    @Test
    void aKeychainThatFailsToReadFallsBackToTheKeyFileAndSaysSoOnce() throws Exception {
        ApiKeys withoutKeychain = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        withoutKeychain.save("groq", KEY);
        withoutKeychain.save("openrouter", KEY + "2");
        FakeKeychain keychain = new FakeKeychain();
        keychain.failReads = true;
        ApiKeys keys = ApiKeys.with(Optional.of(keychain), dataDir, Map.of("GROQ_API_KEY", ENV_KEY),
                p -> problems.add(p.message()));

        ApiKeys.Resolved groq = keys.resolve("groq", "GROQ_API_KEY").orElseThrow();
        assertThat(groq.value()).isEqualTo(KEY);
        assertThat(groq.source()).isEqualTo(ApiKeys.Source.FILE);
        assertThat(groq.where()).isEqualTo(dataDir.resolve(KeyFile.FILE_NAME).toString());
        assertThat(keys.saved("openrouter")).get().extracting(ApiKeys.Resolved::value).isEqualTo(KEY + "2");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p)
                .contains("The system keychain could not be read")
                .contains(dataDir.resolve(KeyFile.FILE_NAME).toString()).contains("instead")
                .doesNotContain(KEY).doesNotContain("Exception").doesNotContain("\tat "));
    }

    @Test
    void aKeychainThatFailsToReadAKeyTheFileLacksSaysWhyAndTheEnvironmentStillServes() throws Exception {
        FakeKeychain keychain = new FakeKeychain();
        keychain.failReads = true;
        ApiKeys keys = ApiKeys.with(Optional.of(keychain), dataDir, Map.of("GROQ_API_KEY", ENV_KEY),
                p -> problems.add(p.message()));

        assertThat(keys.resolve("groq", "GROQ_API_KEY")).get().extracting(ApiKeys.Resolved::source)
                .isEqualTo(ApiKeys.Source.ENVIRONMENT);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p)
                .startsWith("The system keychain could not be read").doesNotContain(ENV_KEY));
    }

    @Test
    void aSavedKeyWinsOverTheEnvironmentVariableWhichIsTheFallback() throws Exception {
        ApiKeys keys = ApiKeys.with(Optional.empty(), dataDir, Map.of("OPENROUTER_API_KEY", ENV_KEY), p -> problems.add(p.message()));
        ApiKeys.Resolved fromEnv = keys.resolve("openrouter", "OPENROUTER_API_KEY").orElseThrow();
        assertThat(fromEnv.value()).isEqualTo(ENV_KEY);
        assertThat(fromEnv.source()).isEqualTo(ApiKeys.Source.ENVIRONMENT);
        assertThat(fromEnv.where()).isEqualTo("OPENROUTER_API_KEY");

        keys.save("openrouter", KEY);
        assertThat(keys.resolve("openrouter", "OPENROUTER_API_KEY").orElseThrow().value()).isEqualTo(KEY);

        keys.forget("openrouter");
        assertThat(keys.resolve("openrouter", "OPENROUTER_API_KEY").orElseThrow().value()).isEqualTo(ENV_KEY);
        assertThat(keys.resolve("openrouter", null)).isEmpty();
    }

    @Test
    void aResolvedKeyNeverPrintsItself() {
        ApiKeys.Resolved key = new ApiKeys.Resolved(KEY, ApiKeys.Source.ENVIRONMENT, "GROQ_API_KEY");
        assertThat(key.toString()).doesNotContain(KEY).contains("key hidden").contains("GROQ_API_KEY");
        assertThat(String.valueOf(java.util.List.of(key))).doesNotContain(KEY);
    }

    @Test
    void afterPreloadLookupsDoNoIo() throws Exception {
        ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message())).save("groq", KEY);
        ApiKeys keys = ApiKeys.with(Optional.empty(), dataDir, Map.of(), p -> problems.add(p.message()));
        keys.preload(List.of("groq", "other"));
        Files.delete(dataDir.resolve(KeyFile.FILE_NAME)); // a lookup that read the disk now would find nothing
        assertThat(keys.resolve("groq", null)).get().extracting(ApiKeys.Resolved::value).isEqualTo(KEY);
        assertThat(keys.resolve("other", null)).isEmpty();
    }

    @Test
    void aProviderAddedWithoutAKeyIsLookedUpWithoutTouchingTheKeychain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        FakeKeychain keychain = new FakeKeychain() {
            @Override
            public Optional<String> read(String providerId) throws IOException {
                reads.incrementAndGet();
                return super.read(providerId);
            }
        };
        ApiKeys keys = ApiKeys.with(Optional.of(keychain), dataDir, Map.of(), p -> problems.add(p.message()));
        ProviderSettings settings = ProviderSettings.of(dataDir, Settings.defaults(), keys, Runnable::run);
        settings.update(List.of(ProviderConfig.fromPreset(ProviderPresets.OLLAMA, "ollama", null)), Map.of(),
                java.util.Set.of()).get();
        assertThat(keys.resolve("ollama", null)).isEmpty();
        assertThat(reads).as("keychain reads on the way to the FX thread").hasValue(0);
    }

    @Test
    void theRealKeychainIsLookedForOnlyWhenAllowedAndItsAbsenceMeansTheFile() throws Exception {
        String before = System.getProperty(ApiKeys.KEYCHAIN_PROPERTY);
        System.setProperty(ApiKeys.KEYCHAIN_PROPERTY, "off");
        try {
            ApiKeys keys = ApiKeys.open(dataDir, Map.of(), p -> problems.add(p.message()));
            assertThat(keys.usesKeychain()).isFalse();
            assertThat(keys.save("x", KEY).source()).isEqualTo(ApiKeys.Source.FILE);
        } finally {
            if (before == null) {
                System.clearProperty(ApiKeys.KEYCHAIN_PROPERTY);
            } else {
                System.setProperty(ApiKeys.KEYCHAIN_PROPERTY, before);
            }
        }
    }
}
