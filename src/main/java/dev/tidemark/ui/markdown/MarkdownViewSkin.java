package dev.tidemark.ui.markdown;

import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SkinBase;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link MarkdownView}: parses the markdown into top-level blocks, keeps the views of
 * blocks whose source did not change, and hands the rest to the {@link BlockColumn}, which updates
 * or replaces only those. Owns the text selection and its mouse, keyboard and menu handling.
 */
final class MarkdownViewSkin extends SkinBase<MarkdownView> {

    static final String COPY = "Copy";
    static final String SELECT_ALL = "Select All";
    private static final KeyCombination COPY_KEYS = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination SELECT_ALL_KEYS =
            new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN);

    private final IncrementalParser parser = new IncrementalParser();
    private final BlockColumn content;
    private final TextSelection selection;
    private ContextMenu menu; // made on the first request: a menu is a window of its own, and every reply has a view
    private List<SourceBlock> blocks = List.of();
    private String definitions = "";
    private String previousText = "";
    private boolean dragging;

    private final EventHandler<MouseEvent> pressed = this::onPressed;
    private final EventHandler<MouseEvent> dragged = this::onDragged;
    private final EventHandler<MouseEvent> released = event -> dragging = false;
    private final EventHandler<KeyEvent> keys = this::onKey;
    private final EventHandler<ContextMenuEvent> menuRequested = event -> {
        MarkdownView view = getSkinnable();
        if (menu == null && view.getContextMenu() == null) {
            // a filter runs before the control's own handler, which shows the menu set here
            view.setContextMenu(newMenu());
        }
    };

    MarkdownViewSkin(MarkdownView view) {
        super(view);
        content = new BlockColumn(new BlockViews(view.linkOpener()), MarkdownStyles.CONTENT);
        getChildren().add(content);
        selection = new TextSelection(content);

        view.addEventFilter(ContextMenuEvent.CONTEXT_MENU_REQUESTED, menuRequested);
        view.addEventHandler(MouseEvent.MOUSE_PRESSED, pressed);
        view.addEventHandler(MouseEvent.MOUSE_DRAGGED, dragged);
        view.addEventHandler(MouseEvent.MOUSE_RELEASED, released);
        view.addEventHandler(KeyEvent.KEY_PRESSED, keys);
        registerChangeListener(view.markdownProperty(), observable -> render(view.getMarkdown()));
        // one selection at a time across messages: it goes when another node takes the focus
        registerChangeListener(view.focusedProperty(), observable -> {
            if (!view.isFocused() && (menu == null || !menu.isShowing())) {
                selection.clear();
            }
        });
        render(view.getMarkdown());
    }

    @Override
    public void dispose() {
        MarkdownView view = getSkinnable();
        if (view != null) {
            view.removeEventFilter(ContextMenuEvent.CONTEXT_MENU_REQUESTED, menuRequested);
            view.removeEventHandler(MouseEvent.MOUSE_PRESSED, pressed);
            view.removeEventHandler(MouseEvent.MOUSE_DRAGGED, dragged);
            view.removeEventHandler(MouseEvent.MOUSE_RELEASED, released);
            view.removeEventHandler(KeyEvent.KEY_PRESSED, keys);
            if (menu != null && view.getContextMenu() == menu) {
                view.setContextMenu(null);
            }
        }
        super.dispose();
    }

    private ContextMenu newMenu() {
        MenuItem copyItem = new MenuItem(COPY);
        copyItem.setOnAction(event -> copySelection());
        MenuItem selectAllItem = new MenuItem(SELECT_ALL);
        selectAllItem.setOnAction(event -> selection.selectAll());
        menu = new ContextMenu(copyItem, selectAllItem);
        menu.setOnShowing(event -> copyItem.setDisable(selection.isEmpty()));
        return menu;
    }

    String selectedText() {
        return selection.selectedText();
    }

    /** The column of top-level block views (for tests and the benchmark). */
    BlockColumn content() {
        return content;
    }

    /** How often the whole text was parsed (for tests and the benchmark). */
    int fullParses() {
        return parser.fullParses();
    }

    private void render(String markdown) {
        String text = markdown == null ? "" : markdown;
        if (!text.startsWith(previousText)) {
            selection.clear();        // another text (a reused list cell, an edit): the selection meant the old one
        }
        previousText = text;
        List<SourceBlock> next = parser.parse(text);
        if (next == blocks) {
            return;
        }
        // a changed link definition can change any block's links: then every block is converted again
        boolean sameDefinitions = parser.definitions().equals(definitions);
        definitions = parser.definitions();
        List<BlockModel> current = content.models();
        List<BlockModel> models = new ArrayList<>(next.size());
        for (int i = 0; i < next.size(); i++) {
            SourceBlock block = next.get(i);
            boolean unchanged = sameDefinitions && i < blocks.size() && i < current.size()
                    && (blocks.get(i) == block || blocks.get(i).source().equals(block.source()));
            models.add(unchanged ? current.get(i) : BlockConverter.convert(block.block()));
        }
        blocks = next;
        content.show(models);
        selection.contentChanged();
    }

    // ---- selection input ----

    private void onPressed(MouseEvent event) {
        if (event.getButton() != MouseButton.PRIMARY || onButton(event)) {
            return;
        }
        getSkinnable().requestFocus();
        selection.press(event.getSceneX(), event.getSceneY(), event.isShiftDown(), event.getClickCount());
        dragging = true;
        // a press on the text belongs to the text, as in a text area: a list around the view does not
        // also select its cell or take the focus. A link still gets its click (a separate event).
        event.consume();
    }

    private void onDragged(MouseEvent event) {
        if (dragging && event.isPrimaryButtonDown()) {
            selection.drag(event.getSceneX(), event.getSceneY());
            event.consume();
        }
    }

    private boolean onButton(MouseEvent event) {
        Node node = event.getPickResult().getIntersectedNode();
        while (node != null && node != getSkinnable()) {
            if (node instanceof ButtonBase) {
                return true;
            }
            node = node.getParent();
        }
        return false;
    }

    private void onKey(KeyEvent event) {
        if (COPY_KEYS.match(event) || event.getCode() == KeyCode.COPY) {
            copySelection();
            event.consume();
        } else if (SELECT_ALL_KEYS.match(event)) {
            selection.selectAll();
            event.consume();
        }
    }

    private void copySelection() {
        String text = selection.selectedText();
        if (!text.isEmpty()) {
            ClipboardContent clip = new ClipboardContent();
            clip.putString(text);
            Clipboard.getSystemClipboard().setContent(clip);
        }
    }

    // ---- size: the content wraps, so its height depends on the width it is given ----

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        return top + content.prefHeight(width < 0 ? -1 : Math.max(0, width - left - right)) + bottom;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        return top + content.minHeight(width < 0 ? -1 : Math.max(0, width - left - right)) + bottom;
    }
}
