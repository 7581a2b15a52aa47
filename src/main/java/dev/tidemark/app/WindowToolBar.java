package dev.tidemark.app;

import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.shell.ShellActions;
import dev.tidemark.ui.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;
import org.controlsfx.control.action.ActionUtils;

/**
 * The window's tool bar: New chat on the left; the provider and model the next reply uses, then
 * Regenerate, the chat settings, the theme and the settings on the right. Every button is a
 * {@link ShellActions} action.
 */
final class WindowToolBar {

    private final ShellActions actions;
    private final ConversationViewModel conversation;
    private final ProviderChoices choices;

    private WindowToolBar(ShellActions actions, ConversationViewModel conversation, ProviderChoices choices) {
        this.actions = actions;
        this.conversation = conversation;
        this.choices = choices;
    }

    static ToolBar create(ShellActions actions, ConversationViewModel conversation, ProviderChoices choices) {
        return new WindowToolBar(actions, conversation, choices).build();
    }

    private ToolBar build() {
        Button newSession = ActionUtils.createButton(actions.newChat);
        newSession.setId(MainWindow.NEW_SESSION_ID);
        newSession.getStyleClass().add(Styles.PRIMARY_BUTTON);
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(newSession, spacer, label("Provider"), providerChooser(), label("Model"),
                modelField(), new Separator());
        bar.getItems().addAll(trailingButtons());
        return bar;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TOOLBAR_LABEL);
        return label;
    }

    private ComboBox<String> providerChooser() {
        ComboBox<String> provider = new ComboBox<>(choices.ids());
        provider.setId(MainWindow.PROVIDER_ID);
        provider.setConverter(new StringConverter<>() {
            @Override
            public String toString(String id) {
                return id == null ? "" : choices.ids().isEmpty() ? id : choices.labelOf(id);
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        choices.refresh(conversation.providerIdProperty());
        provider.valueProperty().bindBidirectional(conversation.providerIdProperty());
        return provider;
    }

    /** The model typed for the next reply; its prompt names the provider's default. */
    private TextField modelField() {
        TextField model = new TextField();
        model.setId(MainWindow.MODEL_ID);
        model.setPrefColumnCount(16);
        model.textProperty().bindBidirectional(conversation.modelProperty());
        model.promptTextProperty().bind(Bindings.createStringBinding(
                () -> choices.defaultModelOf(conversation.providerIdProperty().get()).map(m -> "default: " + m)
                        .orElse("provider default"), conversation.providerIdProperty()));
        return model;
    }

    private Node[] trailingButtons() {
        Button regenerate = ActionUtils.createButton(actions.regenerate, ActionUtils.ActionTextBehavior.HIDE);
        var chatSettings = ActionUtils.createToggleButton(actions.chatSettings, ActionUtils.ActionTextBehavior.HIDE);
        chatSettings.setId(MainWindow.CHAT_SETTINGS_ID);
        var theme = actions.themeButton();
        theme.setId(MainWindow.THEME_ID);
        Button settings = ActionUtils.createButton(actions.settings, ActionUtils.ActionTextBehavior.HIDE);
        settings.setId(MainWindow.SETTINGS_ID);
        return new Node[] {regenerate, chatSettings, theme, settings};
    }
}
