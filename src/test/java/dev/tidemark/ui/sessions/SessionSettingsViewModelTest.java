package dev.tidemark.ui.sessions;

import dev.tidemark.model.SessionSettings;
import dev.tidemark.ui.sessions.SessionSettingsViewModel.State;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat settings form, without a toolkit, against an in-memory store. */
class SessionSettingsViewModelTest {

    private final Map<String, SessionSettings> store = new HashMap<>();
    private final SessionSettingsViewModel.Storage storage = new SessionSettingsViewModel.Storage() {
        @Override
        public Optional<SessionSettings> load(String sessionId) {
            return Optional.ofNullable(store.get(sessionId));
        }

        @Override
        public void save(String sessionId, SessionSettings settings) {
            store.put(sessionId, settings);
        }
    };

    @Test
    void showsWhatTheSessionHasAndSavesWhatIsApplied() {
        store.put("s1", new SessionSettings("groq", "llama", "Be brief.", 0.4, 300));
        SessionSettingsViewModel vm = new SessionSettingsViewModel(storage, false);
        assertThat(vm.stateProperty().get()).isEqualTo(State.NO_SESSION);

        vm.showSession("s1");
        assertThat(vm.modelProperty().get()).isEqualTo("llama");
        assertThat(vm.systemPromptProperty().get()).isEqualTo("Be brief.");
        assertThat(vm.temperatureSetProperty().get()).isTrue();
        assertThat(vm.temperatureProperty().get()).isEqualTo(0.4);
        assertThat(vm.maxTokensProperty().get()).isEqualTo("300");
        assertThat(vm.stateProperty().get()).isEqualTo(State.SAVED);

        vm.systemPromptProperty().set("Answer in French.");
        vm.temperatureSetProperty().set(false);
        vm.maxTokensProperty().set(" 1,024 ");
        assertThat(vm.stateProperty().get()).isEqualTo(State.EDITED);
        assertThat(vm.apply()).isTrue();
        assertThat(store.get("s1")).isEqualTo(new SessionSettings("groq", "llama", "Answer in French.", null, 1024));
        assertThat(vm.stateProperty().get()).isEqualTo(State.SAVED);
    }

    @Test
    void aWrongNumberIsSaidAndNothingIsSaved() {
        SessionSettingsViewModel vm = new SessionSettingsViewModel(storage, false);
        vm.showSession("s1");
        vm.maxTokensProperty().set("lots");
        assertThat(vm.stateProperty().get()).isEqualTo(State.INVALID);
        assertThat(vm.errorProperty().get()).contains("whole number");
        assertThat(vm.apply()).isFalse();
        vm.maxTokensProperty().set("0");
        assertThat(vm.errorProperty().get()).contains("at least 1");
        assertThat(store).isEmpty();

        vm.revert();
        assertThat(vm.maxTokensProperty().get()).isEmpty();
        assertThat(vm.stateProperty().get()).isEqualTo(State.SAVED);
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void switchingSessionsKeepsValidEditsAndDefaultsEmptyTheForm() {
        store.put("s2", new SessionSettings(null, "gpt-x", null, null, null));
        SessionSettingsViewModel vm = new SessionSettingsViewModel(storage, false);
        vm.showSession("s1");
        vm.systemPromptProperty().set("Never lose a word.");
        vm.temperatureSetProperty().set(true);
        vm.temperatureProperty().set(0.7000001);
        vm.showSession("s2");
        assertThat(store.get("s1")).isEqualTo(new SessionSettings(null, null, "Never lose a word.", 0.7, null));
        assertThat(vm.modelProperty().get()).isEqualTo("gpt-x");
        assertThat(vm.systemPromptProperty().get()).isEmpty();

        vm.useDefaults();
        assertThat(vm.stateProperty().get()).isEqualTo(State.EDITED);
        vm.apply();
        assertThat(store.get("s2")).isEqualTo(SessionSettings.DEFAULTS);
    }

    @Test
    void aReadOnlyWorkspaceShowsButNeverSaves() {
        store.put("s1", new SessionSettings(null, "m", null, null, null));
        SessionSettingsViewModel vm = new SessionSettingsViewModel(storage, true);
        vm.showSession("s1");
        assertThat(vm.stateProperty().get()).isEqualTo(State.READ_ONLY);
        vm.modelProperty().set("other");
        assertThat(vm.apply()).isFalse();
        assertThat(store.get("s1").model()).isEqualTo("m");
    }

    @Test
    void aStoreThatRefusesIsSaidInWords() {
        SessionSettingsViewModel vm = new SessionSettingsViewModel(new SessionSettingsViewModel.Storage() {
            @Override
            public Optional<SessionSettings> load(String sessionId) {
                return Optional.empty();
            }

            @Override
            public void save(String sessionId, SessionSettings settings) {
                throw new IllegalStateException("the disk is full");
            }
        }, false);
        vm.showSession("s1");
        vm.modelProperty().set("m");
        assertThat(vm.apply()).isFalse();
        assertThat(vm.errorProperty().get()).isEqualTo("Could not save the chat settings: the disk is full");
        assertThat(vm.stateProperty().get()).isEqualTo(State.EDITED);
    }
}
