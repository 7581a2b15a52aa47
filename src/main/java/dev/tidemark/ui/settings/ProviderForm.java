package dev.tidemark.ui.settings;

import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderPreset;
import dev.tidemark.settings.ProviderPresets;
import dev.tidemark.settings.AttachmentSupport;
import dev.tidemark.settings.ProxyChoice;
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
        return new ProviderConfig(id, name.get(), preset.id(), p, baseUrl.get(), auth, keyVariable, model.get(),
                parseHeaders(headers.get()), proxy(), attachments.get());
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
