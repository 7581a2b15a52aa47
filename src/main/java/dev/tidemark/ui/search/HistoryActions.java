package dev.tidemark.ui.search;

import dev.tidemark.history.ExportFormat;
import dev.tidemark.ui.theme.Actions;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.action.Action;
import org.controlsfx.control.action.ActionUtils;
import org.kordamp.ikonli.feather.Feather;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The history's commands for the menu bar: search in messages (Ctrl/Cmd+Shift+F), export the chat
 * or all chats, import. FX thread.
 */
public final class HistoryActions {

    public static final KeyCombination SEARCH_MESSAGES_KEY = new KeyCodeCombination(KeyCode.F,
            KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);

    /** Asks the user for a file: to save an export to, or to import. Empty when they cancel. */
    public interface FileChoices {
        Optional<Path> exportTo(Window owner, String suggestedName);

        Optional<Path> importFrom(Window owner);

        /** The system's file dialogs. */
        static FileChoices system() {
            return new FileChoices() {
                @Override
                public Optional<Path> exportTo(Window owner, String suggestedName) {
                    FileChooser chooser = new FileChooser();
                    chooser.setTitle("Export");
                    FileChooser.ExtensionFilter markdown = new FileChooser.ExtensionFilter("Markdown (*.md)", "*.md");
                    FileChooser.ExtensionFilter tidemark = new FileChooser.ExtensionFilter(
                            "Tidemark export, for import (*.tidemark.json)", "*.tidemark.json");
                    chooser.getExtensionFilters().setAll(markdown, tidemark);
                    chooser.setInitialFileName(suggestedName + ExportFormat.MARKDOWN.extension());
                    File file = chooser.showSaveDialog(owner);
                    if (file == null) {
                        return Optional.empty();
                    }
                    String name = file.getName();
                    boolean wantsJson = chooser.getSelectedExtensionFilter() == tidemark;
                    if (wantsJson && !name.endsWith(ExportFormat.JSON.extension())) {
                        name = (name.endsWith(".md") ? name.substring(0, name.length() - 3) : name)
                                + ExportFormat.JSON.extension();
                    }
                    return Optional.of(file.toPath().resolveSibling(name));
                }

                @Override
                public Optional<Path> importFrom(Window owner) {
                    FileChooser chooser = new FileChooser();
                    chooser.setTitle("Import chats");
                    chooser.getExtensionFilters().setAll(new FileChooser.ExtensionFilter(
                            "Tidemark export or ChatGPT conversations.json", "*.json"));
                    return Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
                }
            };
        }
    }

    public final Action searchMessages;
    public final Action exportChat;
    public final Action exportAll;
    public final Action importChats;

    /**
     * @param openSearch     shows the message search
     * @param selectedId     the chat on screen (null when none)
     * @param titleOf        a chat's title by id, for the suggested file name
     * @param owner          the window the dialogs belong to
     */
    public HistoryActions(Runnable openSearch, ObservableStringValue selectedId, Function<String, String> titleOf,
                          HistoryTransfer transfer, FileChoices files, Supplier<Window> owner) {
        searchMessages = Actions.create("Search messages…", Feather.SEARCH, SEARCH_MESSAGES_KEY,
                "Find words in every chat's messages", e -> openSearch.run());
        exportChat = Actions.create("Export chat…", Feather.DOWNLOAD, null,
                "Save this chat as Markdown or a Tidemark export", e -> {
                    String id = selectedId.get();
                    if (id != null) {
                        files.exportTo(owner.get(), fileName(titleOf.apply(id)))
                                .ifPresent(path -> transfer.exportSession(id, path));
                    }
                });
        exportChat.setDisabled(selectedId.get() == null);
        selectedId.addListener((obs, old, now) -> exportChat.setDisabled(now == null));
        exportAll = Actions.create("Export all chats…", null, null, "Save every chat in one file",
                e -> files.exportTo(owner.get(), "tidemark-chats").ifPresent(transfer::exportAll));
        importChats = Actions.create("Import…", Feather.UPLOAD, null,
                "Add chats from a Tidemark export or ChatGPT's conversations.json",
                e -> files.importFrom(owner.get()).ifPresent(transfer::importFile));
        importChats.setDisabled(!transfer.canImport());
    }

    /** Adds the export and import items to the File menu and the search to the Edit menu. */
    public void addTo(MenuBar bar) {
        for (Menu menu : bar.getMenus()) {
            if (menu.getText().equals("File")) {
                int at = Math.min(menu.getItems().size(), 2); // after New chat and Chat settings
                menu.getItems().addAll(at, List.of(new SeparatorMenuItem(), item(exportChat), item(exportAll),
                        item(importChats)));
            } else if (menu.getText().equals("Edit")) {
                menu.getItems().add(item(searchMessages));
            }
        }
    }

    public List<Action> all() {
        return List.of(searchMessages, exportChat, exportAll, importChats);
    }

    /** A title as a file name: letters, digits, spaces and a few marks; at most 60 characters. */
    static String fileName(String title) {
        String name = title == null ? "" : title.replaceAll("[^\\p{L}\\p{N} ._-]", "").strip();
        if (name.length() > 60) {
            name = name.substring(0, 60).strip();
        }
        return name.isEmpty() ? "chat" : name;
    }

    private static MenuItem item(Action action) {
        return ActionUtils.createMenuItem(action);
    }
}
