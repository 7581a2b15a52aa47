package dev.tidemark.ui.shell;

import dev.tidemark.settings.Appearance;
import dev.tidemark.ui.sessions.SessionListViewModel;
import dev.tidemark.ui.theme.Actions;
import dev.tidemark.ui.theme.AppearanceViewModel;
import dev.tidemark.ui.theme.ColorScheme;
import dev.tidemark.ui.theme.Icons;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import org.controlsfx.control.action.Action;
import org.controlsfx.control.action.ActionUtils;
import org.kordamp.ikonli.feather.Feather;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every command of the window as a ControlsFX {@link Action}: one object that the menu bar, the
 * tool bar and the keyboard shortcut share, so they always agree on text, icon, shortcut and
 * whether the command can run now. Shortcuts use {@link KeyCombination#SHORTCUT_DOWN}: Ctrl, or
 * Cmd on macOS. FX thread.
 */
public final class ShellActions {

    public static final KeyCombination NEW_CHAT_KEY = shortcut(KeyCode.N);
    public static final KeyCombination STOP_KEY = new KeyCodeCombination(KeyCode.ESCAPE);
    public static final KeyCombination SETTINGS_KEY = shortcut(KeyCode.COMMA);
    public static final KeyCombination CHAT_SETTINGS_KEY = new KeyCodeCombination(KeyCode.COMMA,
            KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    public static final KeyCombination SEARCH_KEY = shortcut(KeyCode.K);
    public static final KeyCombination REGENERATE_KEY = shortcut(KeyCode.R);
    public static final KeyCombination COPY_MESSAGE_KEY = shortcut(KeyCode.C);
    public static final KeyCombination COPY_REPLY_KEY = new KeyCodeCombination(KeyCode.C,
            KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    public static final KeyCombination TOGGLE_THEME_KEY = new KeyCodeCombination(KeyCode.L,
            KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    public static final KeyCombination LARGER_KEY = shortcut(KeyCode.PLUS);
    public static final KeyCombination SMALLER_KEY = shortcut(KeyCode.MINUS);
    public static final KeyCombination ACTUAL_SIZE_KEY = shortcut(KeyCode.DIGIT0);
    public static final KeyCombination QUIT_KEY = shortcut(KeyCode.Q);

    /** What the window itself does for the shell (the rest goes to the view models). */
    public record Window(Runnable focusSearch, Runnable toggleChatSettings, ObservableBooleanValue chatSettingsShowing,
                         Runnable openSettings, Runnable quit) {
    }

    public final Action newChat;
    public final Action stop;
    public final Action regenerate;
    public final Action copyMessage;
    public final Action copyLastReply;
    public final Action searchSessions;
    public final Action chatSettings;
    public final Action settings;
    public final Action themeLight;
    public final Action themeDark;
    public final Action themeSystem;
    public final Action toggleTheme;
    public final Action larger;
    public final Action smaller;
    public final Action actualSize;
    public final Action quit;

    private final AppearanceViewModel appearance;
    private final ConversationCommands conversation;
    private final Consumer<String> clipboard;
    private Scene scene; // set by install; FX thread

    /**
     * @param clipboard puts plain text on the system clipboard
     */
    public ShellActions(SessionListViewModel sessions, ConversationCommands conversation,
                        AppearanceViewModel appearance, Window window, Consumer<String> clipboard) {
        this.appearance = appearance;
        this.conversation = conversation;
        this.clipboard = clipboard;

        newChat = Actions.create("New chat", Feather.PLUS, NEW_CHAT_KEY, "Start a new chat",
                e -> {
                    sessions.newSession();
                    conversation.focusComposer(); // a person types at once
                });
        newChat.setDisabled(sessions.isReadOnly());
        stop = Actions.create("Stop", Feather.SQUARE, STOP_KEY, "Stop the reply; what arrived stays",
                e -> conversation.stop());
        bindEnabled(stop, conversation.canStop());
        regenerate = Actions.create("Regenerate reply", Feather.REFRESH_CW, REGENERATE_KEY,
                "Ask for the last reply again",
                e -> conversation.regenerate());
        bindEnabled(regenerate, conversation.canRegenerate());
        copyMessage = Actions.create("Copy message", Feather.COPY, COPY_MESSAGE_KEY,
                "Copy the selected message (or the selected text)", e -> copySelection());
        copyLastReply = Actions.create("Copy last reply", Feather.CLIPBOARD, COPY_REPLY_KEY, "Copy the newest reply",
                e -> conversation.lastReplyText().ifPresent(clipboard));
        bindEnabled(copyLastReply, conversation.hasReply());
        searchSessions = Actions.create("Search chats", Feather.SEARCH, SEARCH_KEY, "Find a chat by its title",
                e -> window.focusSearch().run());
        chatSettings = Actions.create("Chat settings…", Feather.SLIDERS, CHAT_SETTINGS_KEY,
                "Model, system prompt, temperature and longest reply for this chat",
                e -> window.toggleChatSettings().run());
        window.chatSettingsShowing().addListener((obs, was, is) -> chatSettings.setSelected(is));
        settings = Actions.create("Settings…", Feather.SETTINGS, SETTINGS_KEY, "Providers, keys and models",
                e -> window.openSettings().run());

        themeLight = themeAction("Light", Feather.SUN, Appearance.Theme.LIGHT);
        themeDark = themeAction("Dark", Feather.MOON, Appearance.Theme.DARK);
        themeSystem = themeAction("Follow system", Feather.MONITOR, Appearance.Theme.SYSTEM);
        appearance.themeProperty().addListener((obs, old, now) -> showThemeChoice());
        showThemeChoice();
        toggleTheme = Actions.create("Switch light/dark", Feather.MOON, TOGGLE_THEME_KEY,
                "Switch between light and dark",
                e -> appearance.themeProperty().set(appearance.schemeProperty().get() == ColorScheme.DARK
                        ? Appearance.Theme.LIGHT : Appearance.Theme.DARK));

        larger = Actions.create("Larger text", Feather.ZOOM_IN, LARGER_KEY, "Make the text larger",
                e -> appearance.larger());
        smaller = Actions.create("Smaller text", Feather.ZOOM_OUT, SMALLER_KEY, "Make the text smaller",
                e -> appearance.smaller());
        actualSize = Actions.create("Actual size", null, ACTUAL_SIZE_KEY, "Text at its normal size",
                e -> appearance.resetFontSize());
        appearance.fontSizeProperty().addListener((obs, old, now) -> showSizeLimits());
        showSizeLimits();
        quit = Actions.create("Quit", Feather.LOG_OUT, QUIT_KEY, "Close Tidemark", e -> window.quit().run());
    }

    /**
     * Makes the shortcuts work in {@code scene}. The menu bar installs the shortcuts of its items;
     * this adds the other keys for the same commands (Ctrl+=, the number pad), and lets Ctrl+C copy
     * text selected in a field before it copies the selected message.
     */
    public void install(Scene scene) {
        this.scene = scene;
        // Ctrl+= is Ctrl+Plus without Shift on most layouts; then the number pad
        Map<KeyCombination, Runnable> aliases = Map.of(
                new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_ANY),
                () -> fire(larger),
                new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN), () -> fire(larger),
                new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN), () -> fire(smaller),
                new KeyCodeCombination(KeyCode.NUMPAD0, KeyCombination.SHORTCUT_DOWN), () -> fire(actualSize));
        scene.getAccelerators().putAll(aliases);
        // Ctrl+C in a field with selected text is the field's own copy, whatever the menu says
        scene.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (COPY_MESSAGE_KEY.match(event) && focusedTextSelection().isEmpty()
                    && conversation.selectedMessageText().isPresent()) {
                copySelection();
                event.consume();
            }
        });
    }

    /** The menu bar: File, Edit, Chat, View. */
    public MenuBar menuBar() {
        Menu file = new Menu("File", null, item(newChat), item(chatSettings), new SeparatorMenuItem(),
                item(settings), new SeparatorMenuItem(), item(quit));
        Menu edit = new Menu("Edit", null, item(copyMessage), item(copyLastReply), new SeparatorMenuItem(),
                item(searchSessions));
        Menu chat = new Menu("Chat", null, item(stop), item(regenerate));
        Menu theme = new Menu("Theme", Icons.of(Feather.SUN));
        theme.getItems().setAll(themeItems());
        Menu view = new Menu("View", null, theme, item(toggleTheme), new SeparatorMenuItem(), item(larger),
                item(smaller), item(actualSize));
        MenuBar bar = new MenuBar(file, edit, chat, view);
        bar.setUseSystemMenuBar(true); // the global menu bar on macOS; in the window elsewhere
        return bar;
    }

    /** A tool-bar button for the theme: a menu of the three choices. */
    public MenuButton themeButton() {
        MenuButton button = new MenuButton(null, Icons.of(Feather.SUN));
        button.getItems().setAll(themeItems());
        button.setTooltip(new Tooltip("Theme: light, dark or follow the system ("
                + TOGGLE_THEME_KEY.getDisplayText() + " switches)"));
        Runnable showIcon = () -> button.setGraphic(Icons.of(
                appearance.schemeProperty().get() == ColorScheme.DARK ? Feather.MOON : Feather.SUN));
        appearance.schemeProperty().addListener((obs, old, now) -> showIcon.run());
        showIcon.run();
        return button;
    }

    /** All actions, for tests and for anyone who wants to list the shortcuts. */
    public List<Action> all() {
        return List.of(newChat, stop, regenerate, copyMessage, copyLastReply, searchSessions, chatSettings, settings,
                themeLight, themeDark, themeSystem, toggleTheme, larger, smaller, actualSize, quit);
    }

    private List<MenuItem> themeItems() {
        ToggleGroup group = new ToggleGroup();
        List<MenuItem> items = List.of(ActionUtils.createRadioMenuItem(themeLight),
                ActionUtils.createRadioMenuItem(themeDark), ActionUtils.createRadioMenuItem(themeSystem));
        items.forEach(i -> ((RadioMenuItem) i).setToggleGroup(group));
        return items;
    }

    private Action themeAction(String text, Feather icon, Appearance.Theme theme) {
        Action action = Actions.create(text, icon, null, null, e -> {
            appearance.themeProperty().set(theme);
            showThemeChoice(); // a radio item clicked twice must stay checked
        });
        action.getProperties().put(Appearance.Theme.class, theme);
        return action;
    }

    private void showThemeChoice() {
        if (themeLight == null || themeDark == null || themeSystem == null) {
            return;
        }
        Appearance.Theme now = appearance.themeProperty().get();
        themeLight.setSelected(now == Appearance.Theme.LIGHT);
        themeDark.setSelected(now == Appearance.Theme.DARK);
        themeSystem.setSelected(now == Appearance.Theme.SYSTEM);
    }

    private void showSizeLimits() {
        int size = appearance.fontSizeProperty().get();
        larger.setDisabled(size >= Appearance.MAX_FONT_SIZE);
        smaller.setDisabled(size <= Appearance.MIN_FONT_SIZE);
        actualSize.setDisabled(size == Appearance.DEFAULT_FONT_SIZE);
    }

    private void copySelection() {
        Optional<String> fieldText = focusedTextSelection();
        if (fieldText.isPresent()) {
            clipboard.accept(fieldText.get());
            return;
        }
        conversation.selectedMessageText().ifPresent(clipboard);
    }

    private Optional<String> focusedTextSelection() {
        Node focused = scene == null ? null : scene.getFocusOwner();
        if (focused instanceof TextInputControl field && !field.getSelectedText().isEmpty()) {
            return Optional.of(field.getSelectedText());
        }
        return Optional.empty();
    }

    private static void fire(Action action) {
        if (!action.isDisabled()) {
            action.handle(new ActionEvent());
        }
    }

    private static void bindEnabled(Action action, ObservableBooleanValue enabled) {
        action.disabledProperty().bind(Bindings.not(enabled));
    }

    private static MenuItem item(Action action) {
        return ActionUtils.createMenuItem(action);
    }

    private static KeyCombination shortcut(KeyCode code) {
        return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN);
    }
}
