package dev.tidemark.ui.settings;

import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderPreset;
import dev.tidemark.settings.ProviderPresets;
import dev.tidemark.settings.AttachmentSupport;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.settings.WireApi;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One provider as the settings dialog edits it. The key field holds only a key typed in this
 * dialog; a saved key stays in the key storage and is described by {@link #keyStatusProperty()}.
 * FX thread.
 */
public final class ProviderForm {

    /** Where the model list stands. */
    public enum FetchState { NOT_FETCHED, FETCHING, FETCHED, FAILED }

    private final String id;
    private final ProviderPreset preset;
    private final String keyVariable;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty baseUrl = new SimpleStringProperty(this, "baseUrl", "");
    private final ObjectProperty<Protocol> protocol = new SimpleObjectProperty<>(this, "protocol");
    private final StringProperty key = new SimpleStringProperty(this, "key", "");
    private final BooleanProperty forgetKey = new SimpleBooleanProperty(this, "forgetKey", false);
    private final StringProperty keyStatus = new SimpleStringProperty(this, "keyStatus", "");
    private final StringProperty model = new SimpleStringProperty(this, "model", "");
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObjectProperty<FetchState> fetchState =
            new SimpleObjectProperty<>(this, "fetchState", FetchState.NOT_FETCHED);
    private final StringProperty fetchMessage = new SimpleStringProperty(this, "fetchMessage", "");
    private final StringProperty headers = new SimpleStringProperty(this, "headers", "");
    private final ObjectProperty<ProxyChoice.Mode> proxyMode =
            new SimpleObjectProperty<>(this, "proxyMode", ProxyChoice.Mode.SYSTEM);
    private final StringProperty proxyHost = new SimpleStringProperty(this, "proxyHost", "");
    private final StringProperty proxyPort = new SimpleStringProperty(this, "proxyPort", "");
    private final ObjectProperty<AttachmentSupport> attachments =
            new SimpleObjectProperty<>(this, "attachments", AttachmentSupport.GUESS);
    private final ObjectProperty<WireApi> api = new SimpleObjectProperty<>(this, "api", WireApi.AUTO);
    private final BooleanProperty background = new SimpleBooleanProperty(this, "background", false);
    /** True while the form's protocol, URL and API choice mean the Responses API. */
    private final BooleanBinding responses = Bindings.createBooleanBinding(this::usesResponses, protocol, baseUrl, api);

    ProviderForm(String id, ProviderPreset preset, String keyVariable) {
        this.id = id;
        this.preset = preset;
        this.keyVariable = keyVariable;
    }

    /** A form showing a saved configuration. */
    static ProviderForm of(ProviderConfig config) {
        ProviderForm form = new ProviderForm(config.id(),
                ProviderPresets.find(config.preset()).orElse(ProviderPresets.CUSTOM), config.keyVariable());
        form.name.set(config.name());
        form.baseUrl.set(config.baseUrl());
        form.protocol.set(config.protocol());
        form.model.set(config.model() == null ? "" : config.model());
        form.headers.set(config.headers().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n")));
        form.proxyMode.set(config.proxy().mode());
        form.attachments.set(config.attachments());
        form.api.set(config.api());
        form.background.set(config.background());
        if (config.proxy().mode().needsAddress()) {
            form.proxyHost.set(config.proxy().host());
            form.proxyPort.set(Integer.toString(config.proxy().port()));
        }
        return form;
    }

    /** A new form from a preset (a custom one starts with an empty URL). */
    static ProviderForm of(ProviderPreset preset, String id) {
        ProviderForm form = new ProviderForm(id, preset, preset.keyVariable());
        form.name.set(preset.isCustom() ? "OpenAI-compatible server" : preset.displayName());
        form.baseUrl.set(preset.isCustom() ? "" : preset.baseUrl());
        form.protocol.set(preset.protocol());
        form.model.set(preset.defaultModelName().orElse(""));
        form.proxyMode.set(preset.local() ? ProxyChoice.Mode.DIRECT : ProxyChoice.Mode.SYSTEM);
        return form;
    }

    /**
     * The configuration the form describes.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public ProviderConfig toConfig() {
        Protocol p = protocol.get() == null ? preset.protocol() : protocol.get();
        AuthStyle auth = preset.local() ? AuthStyle.NONE : AuthStyle.of(p);
        ProviderConfig config = new ProviderConfig(id, name.get(), preset.id(), p, baseUrl.get(), auth, keyVariable,
                model.get(), parseHeaders(headers.get()), proxy(), attachments.get(), apiChoice(), false);
        // background runs only where the Responses API is spoken (the switch is off elsewhere)
        return background.get() && config.usesResponses() ? config.withApi(config.api(), true) : config;
    }

    private WireApi apiChoice() {
        return api.get() == null ? WireApi.AUTO : api.get();
    }

    /** Whether what the form says now means the Responses API (as {@link ProviderConfig#usesResponses()}). */
    private boolean usesResponses() {
        Protocol p = protocol.get() == null ? preset.protocol() : protocol.get();
        if (p != Protocol.OPENAI_COMPATIBLE) {
            return false;
        }
        try {
            return new ProviderConfig(id, "x", preset.id(), p, baseUrl.get(), AuthStyle.NONE, null, null, Map.of(),
                    ProxyChoice.SYSTEM, AttachmentSupport.GUESS, apiChoice(), false).usesResponses();
        } catch (IllegalArgumentException e) {
            return apiChoice() == WireApi.RESPONSES; // a URL not finished yet
        }
    }

    private ProxyChoice proxy() {
        ProxyChoice.Mode mode = proxyMode.get() == null ? ProxyChoice.Mode.SYSTEM : proxyMode.get();
        if (!mode.needsAddress()) {
            return mode == ProxyChoice.Mode.DIRECT ? ProxyChoice.DIRECT : ProxyChoice.SYSTEM;
        }
        int port;
        try {
            port = Integer.parseInt(proxyPort.get() == null ? "" : proxyPort.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The proxy port must be a number from 1 to 65535.");
        }
        return ProxyChoice.manual(mode, proxyHost.get(), port);
    }

    /** {@code Name: value} per line; blank lines are skipped. */
    static Map<String, String> parseHeaders(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        int number = 0;
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            number++;
            int colon = line.indexOf(':');
            // the line is never quoted back: a header's value may be a credential
            if (colon < 0) {
                throw new IllegalArgumentException("Write each header as 'Name: value' (header " + number
                        + " has no ':').");
            }
            if (line.substring(0, colon).isBlank()) {
                throw new IllegalArgumentException("Header " + number + " has a value but no name: give it a"
                        + " name, or remove it. Write each header as 'Name: value'.");
            }
            out.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return out;
    }

    public String id() {
        return id;
    }

    public ProviderPreset preset() {
        return preset;
    }

    public String keyVariable() {
        return keyVariable;
    }

    /** True when the protocol may be changed (a custom URL); presets speak their own. */
    public boolean protocolEditable() {
        return preset.isCustom();
    }

    /** True when the service wants a key (local servers do not). */
    public boolean needsKey() {
        return !preset.local();
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty baseUrlProperty() {
        return baseUrl;
    }

    public ObjectProperty<Protocol> protocolProperty() {
        return protocol;
    }

    /** A key typed in this dialog; blank means "keep what is saved". Never shown in the clear. */
    public StringProperty keyProperty() {
        return key;
    }

    public BooleanProperty forgetKeyProperty() {
        return forgetKey;
    }

    public StringProperty keyStatusProperty() {
        return keyStatus;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public ObservableList<String> models() {
        return models;
    }

    public ObjectProperty<FetchState> fetchStateProperty() {
        return fetchState;
    }

    public StringProperty fetchMessageProperty() {
        return fetchMessage;
    }

    public StringProperty headersProperty() {
        return headers;
    }

    public ObjectProperty<ProxyChoice.Mode> proxyModeProperty() {
        return proxyMode;
    }

    /** What the provider's models take as attachments ({@link AttachmentSupport#GUESS}: by each model's name). */
    public ObjectProperty<AttachmentSupport> attachmentsProperty() {
        return attachments;
    }

    /** Which of OpenAI's APIs an OpenAI-compatible provider speaks ({@link WireApi#AUTO}: by its URL). */
    public ObjectProperty<WireApi> apiProperty() {
        return api;
    }

    /** Replies run in the background on the service (saved only while the Responses API is in use). */
    public BooleanProperty backgroundProperty() {
        return background;
    }

    /** True while the protocol, the URL and the API choice mean the Responses API: background runs can be chosen. */
    public BooleanBinding responsesInUse() {
        return responses;
    }

    public StringProperty proxyHostProperty() {
        return proxyHost;
    }

    public StringProperty proxyPortProperty() {
        return proxyPort;
    }

    @Override
    public String toString() {
        return name.get() == null || name.get().isBlank() ? id : name.get();
    }
}
