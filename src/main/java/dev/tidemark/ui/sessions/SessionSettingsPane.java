package dev.tidemark.ui.sessions;

import dev.tidemark.ui.theme.Icons;
import dev.tidemark.ui.theme.SideBarStyles;
import dev.tidemark.ui.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.Locale;

/** The chat settings of the session on screen, in a pane beside the conversation. Only binds to its view model. */
public final class SessionSettingsPane extends VBox {

    public static final String ID = "chat-settings";
    public static final String MODEL_ID = "chat-model";
    public static final String PROMPT_ID = "chat-system-prompt";
    public static final String TEMPERATURE_SET_ID = "chat-temperature-set";
    public static final String TEMPERATURE_ID = "chat-temperature";
    public static final String MAX_TOKENS_ID = "chat-max-tokens";
    public static final String APPLY_ID = "chat-settings-apply";
    public static final String REVERT_ID = "chat-settings-revert";
    public static final String DEFAULTS_ID = "chat-settings-defaults";
    public static final String CLOSE_ID = "chat-settings-close";
    public static final String ERROR_ID = "chat-settings-error";

    private final SessionSettingsViewModel vm;
    private final TextField model = new TextField();

    public SessionSettingsPane(SessionSettingsViewModel vm, Runnable onClose) {
        this.vm = vm;
        setId(ID);
        getStyleClass().add(SessionStyles.SIDE_PANE); // its width is in em there, so it grows with the text
        getStylesheets().addAll(SideBarStyles.STYLESHEET, SessionStyles.STYLESHEET);
        BooleanBinding unavailable = Bindings.createBooleanBinding(
                () -> vm.stateProperty().get() == SessionSettingsViewModel.State.NO_SESSION
                        || vm.stateProperty().get() == SessionSettingsViewModel.State.READ_ONLY,
                vm.stateProperty());
        VBox fields = new VBox(6,
                label("Model"), modelField(),
                label("System prompt"), promptField(),
                temperatureRow(), temperatureSlider(), hint("Lower is steadier; higher is more varied."),
                label("Longest reply (tokens)"), maxTokensField());
        fields.disableProperty().bind(unavailable);
        VBox.setVgrow(fields, Priority.ALWAYS);
        getChildren().setAll(header(onClose),
                hint("For this chat only, from its next reply on. Empty fields use the provider's defaults."),
                fields, errorLabel(), buttons(unavailable));
    }

    private HBox header(Runnable onClose) {
        Label title = new Label("Chat settings");
        title.getStyleClass().add(SideBarStyles.SIDE_PANE_TITLE);
        Button close = new Button(null, Icons.of(Feather.X));
        close.setId(CLOSE_ID);
        close.getStyleClass().add(Styles.ICON_BUTTON);
        close.setTooltip(new Tooltip("Close the chat settings"));
        close.setOnAction(e -> onClose.run());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox header = new HBox(title, grow, close);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private TextField modelField() {
        model.setId(MODEL_ID);
        model.setPromptText("provider default");
        model.textProperty().bindBidirectional(vm.modelProperty());
        model.setOnAction(e -> vm.apply());
        return model;
    }

    /** The system prompt: Ctrl+Enter (Cmd+Enter) applies, Enter is a new line. */
    private TextArea promptField() {
        TextArea prompt = new TextArea();
        prompt.setId(PROMPT_ID);
        prompt.setWrapText(true);
        prompt.setPrefRowCount(7);
        prompt.setPromptText("e.g. You are a concise assistant. Answer in British English.");
        prompt.textProperty().bindBidirectional(vm.systemPromptProperty());
        prompt.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                vm.apply();
                e.consume();
            }
        });
        VBox.setVgrow(prompt, Priority.ALWAYS);
        return prompt;
    }

    /** "Temperature" with its check box on the left, the value chosen (or "provider default") on the right. */
    private HBox temperatureRow() {
        CheckBox temperatureSet = new CheckBox("Temperature");
        temperatureSet.setId(TEMPERATURE_SET_ID);
        temperatureSet.getStyleClass().add(SessionStyles.FORM_LABEL);
        temperatureSet.selectedProperty().bindBidirectional(vm.temperatureSetProperty());
        Label temperatureValue = new Label();
        temperatureValue.textProperty().bind(Bindings.createStringBinding(() -> vm.temperatureSetProperty().get()
                ? String.format(Locale.ROOT, "%.2f", vm.temperatureProperty().get()) : "provider default",
                vm.temperatureProperty(), vm.temperatureSetProperty()));
        temperatureValue.getStyleClass().add(SessionStyles.FORM_HINT);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox temperatureRow = new HBox(temperatureSet, gap, temperatureValue);
        temperatureRow.setAlignment(Pos.CENTER_LEFT);
        return temperatureRow;
    }

    private Slider temperatureSlider() {
        Slider temperature = new Slider(0, 2, SessionSettingsViewModel.DEFAULT_TEMPERATURE);
        temperature.setId(TEMPERATURE_ID);
        temperature.setBlockIncrement(0.1);
        temperature.setMajorTickUnit(0.5);
        temperature.setMinorTickCount(4);
        temperature.setSnapToTicks(true);
        temperature.valueProperty().bindBidirectional(vm.temperatureProperty());
        temperature.disableProperty().bind(vm.temperatureSetProperty().not());
        return temperature;
    }

    private TextField maxTokensField() {
        TextField maxTokens = new TextField();
        maxTokens.setId(MAX_TOKENS_ID);
        maxTokens.setPromptText("provider default");
        maxTokens.textProperty().bindBidirectional(vm.maxTokensProperty());
        maxTokens.setOnAction(e -> vm.apply());
        return maxTokens;
    }

    private Label errorLabel() {
        Label error = new Label();
        error.setId(ERROR_ID);
        error.getStyleClass().add(SessionStyles.FORM_ERROR);
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        return error;
    }

    /** Apply and Revert while there are edits; Use defaults whenever the form can be changed. */
    private HBox buttons(BooleanBinding unavailable) {
        Button apply = new Button("Apply");
        apply.setId(APPLY_ID);
        apply.getStyleClass().add(Styles.PRIMARY_BUTTON);
        apply.setOnAction(e -> vm.apply());
        apply.disableProperty().bind(vm.stateProperty().isNotEqualTo(SessionSettingsViewModel.State.EDITED));
        Button revert = new Button("Revert");
        revert.setId(REVERT_ID);
        revert.setOnAction(e -> vm.revert());
        revert.disableProperty().bind(vm.stateProperty().isNotEqualTo(SessionSettingsViewModel.State.EDITED)
                .and(vm.stateProperty().isNotEqualTo(SessionSettingsViewModel.State.INVALID)));
        Button defaults = new Button("Use defaults");
        defaults.setId(DEFAULTS_ID);
        defaults.setOnAction(e -> vm.useDefaults());
        defaults.disableProperty().bind(unavailable);
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        for (Button b : new Button[] {apply, revert, defaults}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox buttons = new HBox(8, apply, revert, spring, defaults);
        buttons.setAlignment(Pos.CENTER_LEFT);
        return buttons;
    }

    /** Puts the caret in the model field. */
    public void focusFirstField() {
        model.requestFocus();
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(SessionStyles.FORM_LABEL);
        return label;
    }

    private static Label hint(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(SessionStyles.FORM_HINT);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }
}
