package dev.tidemark.ui.settings;

import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ProviderException;
import dev.tidemark.provider.Secrets;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderPreset;
import dev.tidemark.settings.ProviderSettings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The providers part of the settings: the configured providers as editable forms, the local servers
 * found running, where keys are kept, fetching a provider's models. Properties live on the FX thread;
 * key storage and network work run elsewhere and come back through the FX executor.
 */
public final class ProvidersViewModel {

    /** Whether a provider is being edited; the view binds the editor's visibility to it. */
    public enum State { EMPTY, EDITING }

    private final ProviderCatalog catalog;
    private final LocalServerDetector detector;
    private final Executor fx;
    private final Executor background;
    private final Consumer<Problem> problems;

    private final ObservableList<ProviderForm> providers = FXCollections.observableArrayList();
    private final ObjectProperty<ProviderForm> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.EMPTY);
    private final ObservableList<LocalServerDetector.Found> detected = FXCollections.observableArrayList();
    private final StringProperty keyStorage = new SimpleStringProperty(this, "keyStorage", "");
    private final BooleanProperty keysInFile = new SimpleBooleanProperty(this, "keysInFile", false);
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final Set<String> removedIds = new HashSet<>();

    /**
     * @param background runs key-storage lookups (keychain calls, file reads)
     * @param problems   where a failed save is reported (the status bar), FX thread
     */
    public ProvidersViewModel(ProviderCatalog catalog, LocalServerDetector detector, Executor fx, Executor background,
                              Consumer<Problem> problems) {
        this.catalog = catalog;
        this.detector = detector;
        this.fx = fx;
        this.background = background;
        this.problems = problems;
        for (ProviderConfig config : catalog.settings().providers()) {
            ProviderForm form = ProviderForm.of(config);
            providers.add(form);
            describeKey(form);
        }
        selected.addListener((obs, old, now) -> state.set(now == null ? State.EMPTY : State.EDITING));
        if (!providers.isEmpty()) {
            selected.set(providers.get(0));
        }
    }

    /** Looks up where keys are kept and which local servers run; both off the FX thread. */
    public void start() {
        ApiKeys keys = catalog.settings().keys();
        CompletableFuture.supplyAsync(() -> new Object[] {keys.storageDescription(), keys.usesKeychain()}, background)
                .thenAccept(r -> fx.execute(() -> {
                    keysInFile.set(!(Boolean) r[1] && catalog.settings().persistent());
                    keyStorage.set("API keys are saved in " + r[0] + ". They are never written to settings.json,"
                            + " the journal or logs.");
                }));
        detector.detect().thenAccept(found -> fx.execute(() -> {
            detected.setAll(found.stream().filter(f -> providers.stream()
                    .noneMatch(p -> sameServer(p.baseUrlProperty().get(), f.baseUrl()))).toList());
        }));
    }

    /** Adds a provider from a preset and selects it. */
    public ProviderForm add(ProviderPreset preset) {
        ProviderForm form = ProviderForm.of(preset, freeId(preset.id()));
        removedIds.remove(form.id()); // removed and added again in one go: the same service, its key stays
        providers.add(form);
        describeKey(form);
        selected.set(form);
        error.set("");
        return form;
    }

    /** Adds a detected local server with the models it listed, and selects it. */
    public ProviderForm add(LocalServerDetector.Found found) {
        ProviderForm form = add(found.preset());
        form.baseUrlProperty().set(found.baseUrl());
        form.models().setAll(found.models());
        if (!found.models().isEmpty() && form.modelProperty().get().isBlank()) {
            form.modelProperty().set(found.models().get(0));
        }
        form.fetchStateProperty().set(ProviderForm.FetchState.FETCHED);
        form.fetchMessageProperty().set(found.models().size() + " models");
        detected.remove(found);
        return form;
    }

    public void remove(ProviderForm form) {
        int index = providers.indexOf(form);
        if (index < 0) {
            return;
        }
        providers.remove(index);
        removedIds.add(form.id());
        selected.set(providers.isEmpty() ? null : providers.get(Math.min(index, providers.size() - 1)));
    }

    /** Lists the selected provider's models with what the form says now (key typed or saved). */
    public void fetchModels() {
        ProviderForm form = selected.get();
        if (form == null || form.fetchStateProperty().get() == ProviderForm.FetchState.FETCHING) {
            return;
        }
        ProviderConfig config;
        try {
            config = form.toConfig();
        } catch (IllegalArgumentException e) {
            form.fetchStateProperty().set(ProviderForm.FetchState.FAILED);
            form.fetchMessageProperty().set(e.getMessage());
            return;
        }
        String key = keyFor(form, config);
        ChatProvider provider = catalog.build(config, key);
        form.fetchStateProperty().set(ProviderForm.FetchState.FETCHING);
        form.fetchMessageProperty().set("Asking " + config.baseUrl() + " for its models…");
        provider.listModels().whenComplete((models, failure) -> fx.execute(() -> {
            if (failure != null) {
                form.fetchStateProperty().set(ProviderForm.FetchState.FAILED);
                form.fetchMessageProperty().set(Secrets.redact(plainMessage(failure), key));
                return;
            }
            form.models().setAll(models);
            String current = form.modelProperty().get();
            if ((current == null || current.isBlank()) && !models.isEmpty()) {
                form.modelProperty().set(models.get(0));
            }
            form.fetchStateProperty().set(ProviderForm.FetchState.FETCHED);
            form.fetchMessageProperty().set(models.isEmpty() ? "The server lists no models."
                    : models.size() == 1 ? "1 model" : models.size() + " models");
        }));
    }

    /**
     * Checks every form and applies them: in memory at once, on disk in the background (a failure
     * there goes to the problems sink).
     *
     * @return the id of the selected provider, or empty when a form is wrong ({@link #errorProperty()} says why)
     */
    public Optional<String> save() {
        List<ProviderConfig> configs = new ArrayList<>();
        Map<String, String> newKeys = new LinkedHashMap<>();
        Set<String> forget = new HashSet<>(removedIds);
        for (ProviderForm form : providers) {
            try {
                configs.add(form.toConfig());
            } catch (IllegalArgumentException e) {
                selected.set(form);
                error.set(form + ": " + e.getMessage());
                return Optional.empty();
            }
            String typed = form.keyProperty().get();
            if (typed != null && !typed.isBlank()) {
                newKeys.put(form.id(), typed.strip());
            } else if (form.forgetKeyProperty().get()) {
                forget.add(form.id());
            }
        }
        ProviderSettings settings = catalog.settings();
        try {
            settings.update(configs, newKeys, forget).whenComplete((ok, failure) -> {
                if (failure != null) {
                    String message = plainMessage(failure);
                    for (String key : newKeys.values()) {
                        message = Secrets.redact(message, key);
                    }
                    Problem shown = new Problem.CannotWrite(Area.PROVIDERS, "the provider settings", message);
                    fx.execute(() -> problems.accept(shown));
                }
            });
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return Optional.empty();
        }
        error.set("");
        return Optional.ofNullable(selected.get()).map(ProviderForm::id);
    }

    private String keyFor(ProviderForm form, ProviderConfig config) {
        String typed = form.keyProperty().get();
        if (typed != null && !typed.isBlank()) {
            return typed.strip();
        }
        if (form.forgetKeyProperty().get()) {
            return catalog.settings().keys().fromEnvironment(config.keyVariable())
                    .map(ApiKeys.Resolved::value).orElse(null);
        }
        return catalog.keyFor(config).map(ApiKeys.Resolved::value).orElse(null);
    }

    /** Says where the form's key would come from; a saved key's lookup may do I/O, so it runs in the background. */
    private void describeKey(ProviderForm form) {
        if (!form.needsKey()) {
            form.keyStatusProperty().set("No key needed for a local server (paste one if yours was started with one).");
            return;
        }
        ApiKeys keys = catalog.settings().keys();
        String id = form.id();
        String variable = form.keyVariable();
        CompletableFuture.supplyAsync(() -> keys.resolve(id, variable), background)
                .thenAccept(found -> fx.execute(() -> form.keyStatusProperty().set(found
                        .map(ProvidersViewModel::describe)
                        .orElse(variable == null ? "No key saved; paste one."
                                : "No key saved and " + variable + " is not set; paste one."))));
    }

    private static String describe(ApiKeys.Resolved key) {
        return switch (key.source()) {
            case KEYCHAIN -> "A key is saved in the system keychain; paste another to replace it.";
            case FILE -> "A key is saved in " + key.where() + " (no keychain here); paste another to replace it.";
            case ENVIRONMENT -> "Using the key in " + key.where() + "; a key pasted here is saved and used instead.";
            case MEMORY -> "A key is set for this session; paste another to replace it.";
        };
    }

    static String plainMessage(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.io.UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ProviderException || t instanceof java.io.IOException) {
            return t.getMessage();
        }
        return "Something went wrong (" + (t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName())
                + ").";
    }

    private String freeId(String base) {
        Set<String> taken = new HashSet<>();
        providers.forEach(p -> taken.add(p.id()));
        String id = base;
        for (int n = 2; taken.contains(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private static boolean sameServer(String a, String b) {
        return a != null && b != null && strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String url) {
        String u = url.strip().replace("127.0.0.1", "localhost");
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    public ObservableList<ProviderForm> providers() {
        return providers;
    }

    public ObjectProperty<ProviderForm> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public ObservableList<LocalServerDetector.Found> detected() {
        return detected;
    }

    public ReadOnlyStringProperty keyStorageProperty() {
        return keyStorage;
    }

    public BooleanProperty keysInFileProperty() {
        return keysInFile;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }
}
