package dev.tidemark.ui.sessions;

import dev.tidemark.model.SessionSettings;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Objects;
import java.util.Optional;

/**
 * The chat settings of the session on screen — model, system prompt, temperature and longest
 * reply — as a form: edited freely, saved with {@link #apply()}. Edits that are valid are never
 * thrown away: switching to another session saves them first. FX thread only.
 */
public final class SessionSettingsViewModel {

    /** Where a session's settings are read and written (the chat service, in the app). */
    public interface Storage {
        Optional<SessionSettings> load(String sessionId);

        /** @throws RuntimeException with a message for the user when the settings cannot be saved */
        void save(String sessionId, SessionSettings settings);
    }

    /** What the form can do now; the view binds its enable flags to it. */
    public enum State { NO_SESSION, READ_ONLY, SAVED, EDITED, INVALID }

    public static final double DEFAULT_TEMPERATURE = 1.0;

    private final Storage storage;
    private final boolean readOnly;
    private final ReadOnlyStringWrapper sessionId = new ReadOnlyStringWrapper(this, "sessionId");
    private final StringProperty model = new SimpleStringProperty(this, "model", "");
    private final StringProperty systemPrompt = new SimpleStringProperty(this, "systemPrompt", "");
    private final BooleanProperty temperatureSet = new SimpleBooleanProperty(this, "temperatureSet");
    private final DoubleProperty temperature = new SimpleDoubleProperty(this, "temperature", DEFAULT_TEMPERATURE);
    private final StringProperty maxTokens = new SimpleStringProperty(this, "maxTokens", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.NO_SESSION);
    private SessionSettings loaded = SessionSettings.DEFAULTS;
    private boolean loading;

    public SessionSettingsViewModel(Storage storage, boolean readOnly) {
        this.storage = storage;
        this.readOnly = readOnly;
        for (Observable field : new Observable[] {model, systemPrompt, temperatureSet, temperature, maxTokens}) {
            field.addListener(o -> {
                if (!loading) {
                    updateState();
                }
            });
        }
    }

    /** Shows the settings of another session (null: none); valid edits of the one before are saved first. */
    public void showSession(String id) {
        if (Objects.equals(id, sessionId.get())) {
            return;
        }
        if (state.get() == State.EDITED) {
            apply();
        }
        sessionId.set(id);
        load();
    }

    /** Saves the form; false (with {@link #errorProperty()} saying why) when it is not valid or not saved. */
    public boolean apply() {
        if (sessionId.get() == null || readOnly) {
            return false;
        }
        SessionSettings wanted;
        try {
            wanted = formValue();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            state.set(State.INVALID);
            return false;
        }
        try {
            storage.save(sessionId.get(), wanted);
        } catch (RuntimeException e) {
            error.set("Could not save the chat settings: " + e.getMessage());
            return false;
        }
        loaded = wanted;
        updateState();
        return true;
    }

    /** Puts back what is saved. */
    public void revert() {
        load();
    }

    /** Empties the form: every setting back to the provider's default (saved on {@link #apply()}). */
    public void useDefaults() {
        model.set("");
        systemPrompt.set("");
        temperatureSet.set(false);
        temperature.set(DEFAULT_TEMPERATURE);
        maxTokens.set("");
    }

    /** The settings the form describes. @throws IllegalArgumentException saying what is wrong */
    public SessionSettings formValue() {
        Integer tokens = null;
        String tokenText = maxTokens.get() == null ? "" : maxTokens.get().strip().replace("_", "").replace(",", "");
        if (!tokenText.isEmpty()) {
            try {
                tokens = Integer.valueOf(tokenText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The longest reply is a whole number of tokens, like 1024.");
            }
        }
        Double temp = temperatureSet.get() ? Math.round(temperature.get() * 100) / 100.0 : null;
        return new SessionSettings(loaded.provider(), model.get(), systemPrompt.get(), temp, tokens);
    }

    private void load() {
        String id = sessionId.get();
        loaded = id == null ? SessionSettings.DEFAULTS : storage.load(id).orElse(SessionSettings.DEFAULTS);
        loading = true;
        try {
            model.set(Objects.requireNonNullElse(loaded.model(), ""));
            systemPrompt.set(Objects.requireNonNullElse(loaded.systemPrompt(), ""));
            temperatureSet.set(loaded.temperature() != null);
            temperature.set(loaded.temperature() != null ? loaded.temperature() : DEFAULT_TEMPERATURE);
            maxTokens.set(loaded.maxTokens() != null ? String.valueOf(loaded.maxTokens()) : "");
        } finally {
            loading = false;
        }
        updateState();
    }

    private void updateState() {
        if (sessionId.get() == null) {
            error.set("");
            state.set(State.NO_SESSION);
            return;
        }
        if (readOnly) {
            error.set("");
            state.set(State.READ_ONLY);
            return;
        }
        try {
            SessionSettings wanted = formValue();
            error.set("");
            state.set(wanted.equals(loaded) ? State.SAVED : State.EDITED);
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            state.set(State.INVALID);
        }
    }

    /** The model saved for this session; null for the provider's default. */
    public String savedModel() {
        return loaded.model();
    }

    public ReadOnlyStringProperty sessionIdProperty() {
        return sessionId.getReadOnlyProperty();
    }

    /** The model name; blank for the provider's default. */
    public StringProperty modelProperty() {
        return model;
    }

    /** Sent before the conversation; blank for none. */
    public StringProperty systemPromptProperty() {
        return systemPrompt;
    }

    /** False: the provider's default temperature. */
    public BooleanProperty temperatureSetProperty() {
        return temperatureSet;
    }

    /** 0 to 2, used when {@link #temperatureSetProperty()} is true. */
    public DoubleProperty temperatureProperty() {
        return temperature;
    }

    /** The longest reply in tokens, as typed; blank for the provider's default. */
    public StringProperty maxTokensProperty() {
        return maxTokens;
    }

    /** What is wrong with the form or its saving; empty when nothing is. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }
}
