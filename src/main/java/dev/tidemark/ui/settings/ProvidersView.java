package dev.tidemark.ui.settings;

import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderPreset;
import dev.tidemark.settings.ProviderPresets;
import dev.tidemark.settings.AttachmentSupport;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.settings.WireApi;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;


/**
 * The providers pane: the configured providers on the left, the selected one's form on the right,
 * local servers found running on top, where keys are kept at the bottom. Builds nodes and binds them
 * to {@link ProvidersViewModel}; holds no logic of its own.
 */
public final class ProvidersView extends BorderPane {


    public static final String LIST_ID = "providers-list";
    public static final String ADD_ID = "add-provider";
    public static final String REMOVE_ID = "remove-provider";
    public static final String NAME_ID = "provider-name";
    public static final String PROTOCOL_ID = "provider-protocol";
    public static final String BASE_URL_ID = "base-url";
    public static final String KEY_ID = "api-key";
    public static final String FORGET_KEY_ID = "forget-key";
    public static final String KEY_STATUS_ID = "key-status";
    public static final String MODEL_ID = "model-choice";
    public static final String FETCH_ID = "fetch-models";
    public static final String FETCH_MESSAGE_ID = "fetch-message";
    public static final String HEADERS_ID = "headers";
    public static final String ADD_HEADER_ID = HeadersEditor.ADD_ID;
    public static final String PROXY_MODE_ID = "proxy-mode";
    public static final String PROXY_HOST_ID = "proxy-host";
    public static final String PROXY_PORT_ID = "proxy-port";
    public static final String ATTACHMENTS_ID = "attachments-choice";
    public static final String API_ID = "wire-api";
    public static final String BACKGROUND_ID = "background-runs";
    public static final String BACKGROUND_HELP_ID = "background-runs-help";
    public static final String DETECTED_ID = "detected-servers";
    public static final String KEY_STORAGE_ID = "key-storage";
    public static final String ERROR_ID = "settings-error";

    private final ProvidersViewModel model;
    private final javafx.beans.value.ChangeListener<Object> fetchListener = (obs, old, now) -> markFetch(selected());

    private final TextField name = new TextField();
    private final Label id = new Label();
    private final ChoiceBox<Protocol> protocol = new ChoiceBox<>();
    private final TextField baseUrl = new TextField();
    private final PasswordField key = new PasswordField();
    private final CheckBox forgetKey = new CheckBox("Forget the saved key");
    private final Label keyStatus = new Label();
    private final ComboBox<String> modelChoice = new ComboBox<>();
    private final Button fetch = new Button("Fetch models");
    private final Label fetchMessage = new Label();
    private final HeadersEditor headers = new HeadersEditor();
    private final ChoiceBox<ProxyChoice.Mode> proxyMode = new ChoiceBox<>();
    private final TextField proxyHost = new TextField();
    private final TextField proxyPort = new TextField();
    private final ComboBox<AttachmentSupport> attachments = new ComboBox<>();
    private final ChoiceBox<WireApi> api = new ChoiceBox<>();
    private final CheckBox background = new CheckBox("Run replies in the background");
    private final Label apiLabel = new Label("API");
    private final Label backgroundHelp = new Label("The service keeps the reply running, and stored for about ten"
            + " minutes, so that Tidemark can pick it up after a crash or a dropped connection. Some accounts cannot"
            + " use it (not with Zero Data Retention).");

    public ProvidersView(ProvidersViewModel model) {
        this.model = model;
        getStyleClass().add(SettingsStyles.PANE);
        getStylesheets().add(SettingsStyles.STYLESHEET);
        setLeft(providerList());
        setCenter(editor());
        setTop(detectedServers());
        setBottom(footer());
        model.selectedProperty().addListener((obs, old, now) -> show(old, now));
        show(null, model.selectedProperty().get());
    }

    private VBox providerList() {
        ListView<ProviderForm> list = new ListView<>(model.providers());
        list.setId(LIST_ID);
        list.setPrefWidth(200);
        list.setPlaceholder(new Label("No providers yet"));
        // a form's name can change while it is shown
        list.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(ProviderForm item, boolean empty) {
                super.updateItem(item, empty);
                textProperty().unbind();
                if (empty || item == null) {
                    setText(null);
                } else {
                    textProperty().bind(item.nameProperty());
                }
            }
        });
        SettingsForms.bindSelection(list, model.selectedProperty());

        MenuButton add = new MenuButton("Add");
        add.setId(ADD_ID);
        for (ProviderPreset preset : ProviderPresets.ALL) {
            if (preset.isCustom()) {
                add.getItems().add(new SeparatorMenuItem());
            }
            MenuItem item = new MenuItem(preset.displayName() + (preset.local() ? " (local)" : ""));
            item.setId("add-" + preset.id());
            item.setOnAction(e -> model.add(preset));
            add.getItems().add(item);
        }
        Button remove = new Button("Remove");
        remove.setId(REMOVE_ID);
        remove.disableProperty().bind(model.stateProperty().isEqualTo(ProvidersViewModel.State.EMPTY));
        remove.setOnAction(e -> model.remove(model.selectedProperty().get()));
        HBox buttons = new HBox(6, add, remove);
        VBox box = new VBox(6, list, buttons);
        box.setPadding(new Insets(0, 12, 0, 0));
        return box;
    }

    private StackPane editor() {
        GridPane grid = SettingsForms.grid();

        name.setId(NAME_ID);
        id.getStyleClass().add(SettingsStyles.HINT);
        protocol.setId(PROTOCOL_ID);
        protocol.getItems().setAll(Protocol.values());
        protocol.setConverter(converter(Protocol::label));
        baseUrl.setId(BASE_URL_ID);
        baseUrl.setPromptText("https://host/v1");
        key.setId(KEY_ID);
        key.setPromptText("paste an API key");
        forgetKey.setId(FORGET_KEY_ID);
        keyStatus.setId(KEY_STATUS_ID);
        keyStatus.getStyleClass().add(SettingsStyles.HINT);
        keyStatus.setWrapText(true);
        modelChoice.setId(MODEL_ID);
        modelChoice.setEditable(true);
        modelChoice.setMaxWidth(Double.MAX_VALUE);
        modelChoice.setPromptText("fetch, pick or type a model");
        HBox.setHgrow(modelChoice, Priority.ALWAYS);
        fetch.setId(FETCH_ID);
        fetch.setOnAction(e -> model.fetchModels());
        fetchMessage.setId(FETCH_MESSAGE_ID);
        fetchMessage.getStyleClass().add(SettingsStyles.HINT);
        fetchMessage.setWrapText(true);
        headers.setId(HEADERS_ID);
        proxyMode.setId(PROXY_MODE_ID);
        proxyMode.getItems().setAll(ProxyChoice.Mode.values());
        proxyMode.setConverter(converter(ProxyChoice.Mode::label));
        proxyHost.setId(PROXY_HOST_ID);
        proxyHost.setPromptText("host");
        proxyPort.setId(PROXY_PORT_ID);
        proxyPort.setPromptText("port");
        proxyPort.setPrefColumnCount(6);
        proxyHost.disableProperty().bind(Bindings.createBooleanBinding(
                () -> proxyMode.getValue() == null || !proxyMode.getValue().needsAddress(), proxyMode.valueProperty()));
        proxyPort.disableProperty().bind(proxyHost.disableProperty());
        HBox.setHgrow(proxyHost, Priority.ALWAYS);

        attachments.setId(ATTACHMENTS_ID);
        attachments.getItems().setAll(AttachmentSupport.values());
        attachments.setConverter(converter(AttachmentSupport::label));
        Label attachmentsHelp = new Label("What its models take as attachments; a guess goes by each model's name"
                + " and tries the ones it does not know.");
        attachmentsHelp.getStyleClass().add(SettingsStyles.HINT);
        attachmentsHelp.setWrapText(true);

        api.setId(API_ID);
        api.getItems().setAll(WireApi.values());
        api.setConverter(converter(ProvidersView::apiLabel));
        background.setId(BACKGROUND_ID);
        backgroundHelp.setId(BACKGROUND_HELP_ID);
        backgroundHelp.getStyleClass().add(SettingsStyles.HINT);
        backgroundHelp.setWrapText(true);
        // only an OpenAI-compatible provider chooses between OpenAI's APIs
        javafx.beans.binding.BooleanBinding openAi = Bindings.createBooleanBinding(
                () -> protocol.getValue() == Protocol.OPENAI_COMPATIBLE, protocol.valueProperty());
        for (Node node : new Node[] {apiLabel, api, background, backgroundHelp}) {
            node.visibleProperty().bind(openAi);
            node.managedProperty().bind(openAi);
        }

        int row = 0;
        grid.addRow(row++, new Label("Name"), name);
        grid.add(id, 1, row++);
        grid.addRow(row++, new Label("Protocol"), protocol);
        grid.addRow(row++, new Label("Base URL"), baseUrl);
        grid.addRow(row++, new Label("API key"), new HBox(8, key, forgetKey));
        HBox.setHgrow(key, Priority.ALWAYS);
        grid.add(keyStatus, 1, row++);
        grid.addRow(row++, new Label("Model"), new HBox(8, modelChoice, fetch));
        grid.add(fetchMessage, 1, row++);
        grid.addRow(row++, new Label("Headers"), headers);
        grid.addRow(row++, new Label("Proxy"), new HBox(8, proxyMode, proxyHost, proxyPort));
        grid.addRow(row++, new Label("Attachments"), attachments);
        grid.add(attachmentsHelp, 1, row++);
        grid.addRow(row++, apiLabel, api);
        grid.add(background, 1, row++);
        grid.add(backgroundHelp, 1, row++);

        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.visibleProperty().bind(model.stateProperty().isEqualTo(ProvidersViewModel.State.EDITING));
        Label empty = new Label("Add a provider: pick a service, a local server or any OpenAI-compatible URL.");
        empty.getStyleClass().add(SettingsStyles.HINT);
        empty.visibleProperty().bind(scroll.visibleProperty().not());
        return new StackPane(empty, scroll);
    }

    private VBox detectedServers() {
        VBox box = new VBox(4);
        box.setId(DETECTED_ID);
        box.setPadding(new Insets(0, 0, 10, 0));
        Runnable refresh = () -> {
            box.getChildren().clear();
            for (LocalServerDetector.Found found : model.detected()) {
                Label text = new Label(found.preset().displayName() + " is running at " + found.baseUrl() + " ("
                        + found.models().size() + (found.models().size() == 1 ? " model)" : " models)"));
                Button add = new Button("Add " + found.preset().displayName());
                add.setId("add-detected-" + found.preset().id());
                add.setOnAction(e -> model.add(found));
                HBox line = new HBox(10, text, add);
                line.setAlignment(Pos.CENTER_LEFT);
                line.getStyleClass().add(SettingsStyles.DETECTED);
                box.getChildren().add(line);
            }
            box.setManaged(!model.detected().isEmpty());
            box.setVisible(!model.detected().isEmpty());
        };
        model.detected().addListener((ListChangeListener<LocalServerDetector.Found>) c -> refresh.run());
        refresh.run();
        return box;
    }

    private VBox footer() {
        Label error = new Label();
        error.setId(ERROR_ID);
        error.getStyleClass().add(SettingsStyles.ERROR);
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        Label storage = new Label();
        storage.setId(KEY_STORAGE_ID);
        storage.setWrapText(true);
        storage.textProperty().bind(model.keyStorageProperty());
        storage.getStyleClass().add(SettingsStyles.HINT);
        model.keysInFileProperty().addListener((obs, old, now) -> {
            storage.getStyleClass().remove(SettingsStyles.WARNING);
            if (now) {
                storage.getStyleClass().add(SettingsStyles.WARNING);
            }
        });
        VBox box = new VBox(6, error, storage);
        box.setPadding(new Insets(10, 0, 0, 0));
        return box;
    }

    /** Moves the form's fields from one provider to another. */
    private void show(ProviderForm old, ProviderForm now) {
        if (old != null) {
            name.textProperty().unbindBidirectional(old.nameProperty());
            protocol.valueProperty().unbindBidirectional(old.protocolProperty());
            baseUrl.textProperty().unbindBidirectional(old.baseUrlProperty());
            key.textProperty().unbindBidirectional(old.keyProperty());
            forgetKey.selectedProperty().unbindBidirectional(old.forgetKeyProperty());
            modelChoice.valueProperty().unbindBidirectional(old.modelProperty());
            headers.show(null);
            proxyMode.valueProperty().unbindBidirectional(old.proxyModeProperty());
            proxyHost.textProperty().unbindBidirectional(old.proxyHostProperty());
            proxyPort.textProperty().unbindBidirectional(old.proxyPortProperty());
            attachments.valueProperty().unbindBidirectional(old.attachmentsProperty());
            api.valueProperty().unbindBidirectional(old.apiProperty());
            background.selectedProperty().unbindBidirectional(old.backgroundProperty());
            background.disableProperty().unbind();
            keyStatus.textProperty().unbind();
            fetchMessage.textProperty().unbind();
            fetch.disableProperty().unbind();
            old.fetchStateProperty().removeListener(fetchListener);
        }
        if (now == null) {
            return;
        }
        name.textProperty().bindBidirectional(now.nameProperty());
        id.setText("Id: " + now.id() + "   (tidemark chat --provider " + now.id() + ")");
        protocol.valueProperty().bindBidirectional(now.protocolProperty());
        protocol.setDisable(!now.protocolEditable());
        baseUrl.textProperty().bindBidirectional(now.baseUrlProperty());
        key.textProperty().bindBidirectional(now.keyProperty());
        forgetKey.selectedProperty().bindBidirectional(now.forgetKeyProperty());
        keyStatus.textProperty().bind(now.keyStatusProperty());
        modelChoice.setItems(now.models());
        modelChoice.valueProperty().bindBidirectional(now.modelProperty());
        fetchMessage.textProperty().bind(now.fetchMessageProperty());
        fetch.disableProperty().bind(now.fetchStateProperty().isEqualTo(ProviderForm.FetchState.FETCHING));
        now.fetchStateProperty().addListener(fetchListener);
        markFetch(now);
        headers.show(now.headersProperty());
        proxyMode.valueProperty().bindBidirectional(now.proxyModeProperty());
        proxyHost.textProperty().bindBidirectional(now.proxyHostProperty());
        proxyPort.textProperty().bindBidirectional(now.proxyPortProperty());
        attachments.valueProperty().bindBidirectional(now.attachmentsProperty());
        api.valueProperty().bindBidirectional(now.apiProperty());
        background.selectedProperty().bindBidirectional(now.backgroundProperty());
        background.disableProperty().bind(now.responsesInUse().not());
    }

    private static String apiLabel(WireApi choice) {
        return choice == WireApi.AUTO
                ? "Automatic — the Responses API on OpenAI's own URL, Chat Completions elsewhere" : choice.label();
    }

    private ProviderForm selected() {
        return model.selectedProperty().get();
    }

    private void markFetch(ProviderForm form) {
        if (form == null) {
            return;
        }
        fetchMessage.getStyleClass().remove(SettingsStyles.FETCH_FAILED);
        if (form.fetchStateProperty().get() == ProviderForm.FetchState.FAILED) {
            fetchMessage.getStyleClass().add(SettingsStyles.FETCH_FAILED);
        }
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : label.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
