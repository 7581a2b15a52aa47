package dev.tidemark.app;

import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.settings.ProviderPreset;
import dev.tidemark.settings.ProviderPresets;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Optional;

/**
 * The providers the tool bar offers — the demo, the configured providers and presets whose key
 * is in the environment — with their labels and default models. FX thread.
 */
final class ProviderChoices {

    private final ProviderCatalog providers;
    private final ObservableList<String> ids = FXCollections.observableArrayList();

    ProviderChoices(ProviderCatalog providers) {
        this.providers = providers;
    }

    /** The ids offered, in the catalog's order. */
    ObservableList<String> ids() {
        return ids;
    }

    /** Reads the choices again (after the settings were saved); {@code chosen} keeps its value. */
    void refresh(StringProperty chosen) {
        List<String> now = providers.choices().stream().map(ProviderCatalog.Choice::id).toList();
        String current = chosen.get();
        ids.setAll(now);
        chosen.set(current); // setAll may have cleared a combo box's value bound to it
    }

    String labelOf(String id) {
        return providers.choices().stream().filter(c -> c.id().equals(id)).map(ProviderCatalog.Choice::label)
                .findFirst().orElse(id);
    }

    /** The model a provider uses when none is named: its configured one, else its preset's. */
    Optional<String> defaultModelOf(String id) {
        if (id == null || ProviderCatalog.DEMO_ID.equals(id)) {
            return Optional.empty();
        }
        try {
            return providers.configFor(id, null).map(c -> c.model() != null ? c.model()
                    : ProviderPresets.find(c.preset()).flatMap(ProviderPreset::defaultModelName).orElse(null));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * "OpenAI · gpt-4o-mini": the provider and the model the next reply will use — the one typed
     * on the tool bar, else the chat's own, else the provider's default.
     */
    String describe(String id, String typedModel, String chatModel) {
        String model = typedModel != null && !typedModel.isBlank() ? typedModel.strip()
                : chatModel != null ? chatModel : defaultModelOf(id).orElse("default model");
        return (id == null ? "no provider" : labelOf(id)) + " · " + model;
    }
}
