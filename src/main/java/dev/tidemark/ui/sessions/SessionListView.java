package dev.tidemark.ui.sessions;

import dev.tidemark.session.SessionSummary;
import dev.tidemark.ui.theme.Icons;
import dev.tidemark.ui.theme.SideBarStyles;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/**
 * The list of sessions on the left, under group headers. Selection is two-way bound to the view
 * model's selected id. F2 (or the context menu) renames in place, Delete moves to the trash.
 */
public final class SessionListView extends ListView<SessionRow> {

    public static final String ID = "sessions";
    public static final String RENAME_ITEM_ID = "session-rename-item";
    public static final String PIN_ITEM_ID = "session-pin-item";
    public static final String DELETE_ITEM_ID = "session-delete-item";
    public static final String SET_ASIDE_ITEM_ID = "session-set-aside-item";
    public static final KeyCodeCombination RENAME_KEY = new KeyCodeCombination(KeyCode.F2);
    public static final KeyCodeCombination DELETE_KEY = new KeyCodeCombination(KeyCode.DELETE);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
            .withZone(ZoneId.systemDefault());

    private final SessionListViewModel model;
    private boolean syncing; // FX thread only
    private String renaming; // FX thread only: the id whose title is being edited, if any

    public SessionListView(SessionListViewModel model) {
        this.model = model;
        setId(ID);
        getStyleClass().add(SideBarStyles.SESSION_LIST);
        // while the rows are replaced, the list's own selection model moves the selection about; none
        // of that is the user's choice. Listeners run in the order added: this one before the list's.
        model.rows().addListener((ListChangeListener<SessionRow>) change -> syncing = true);
        setItems(model.rows());
        setCellFactory(list -> new SessionCell());
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(
                () -> model.filterProperty().get() == null || model.filterProperty().get().isBlank()
                        ? "No chats yet" : "No chat title matches", model.filterProperty()));
        setPlaceholder(placeholder);

        getSelectionModel().selectedIndexProperty().addListener((obs, old, now) -> {
            if (syncing || now.intValue() < 0 || now.intValue() >= getItems().size()) {
                return;
            }
            SessionRow row = getItems().get(now.intValue());
            if (row instanceof SessionRow.Item item) {
                model.selectedIdProperty().set(item.id());
            } else {
                // a header is never selected: step over it the way the selection was going
                int step = old.intValue() > now.intValue() ? -1 : 1;
                int next = now.intValue() + step;
                if (next < 0 || next >= getItems().size()) {
                    next = now.intValue() - step;
                }
                int target = next;
                syncing = true;
                try {
                    getSelectionModel().clearAndSelect(target);
                } finally {
                    syncing = false;
                }
                if (target >= 0 && target < getItems().size() && getItems().get(target) instanceof SessionRow.Item i) {
                    model.selectedIdProperty().set(i.id());
                }
            }
        });
        model.selectedIdProperty().addListener((obs, old, now) -> select(now));
        // reloads and searches replace the items; keep the selection on the same session
        model.rows().addListener((ListChangeListener<SessionRow>) change -> {
            syncing = false;
            select(model.selectedIdProperty().get());
        });
        addEventHandler(KeyEvent.KEY_PRESSED, event -> {
            String id = model.selectedIdProperty().get();
            if (id == null || renaming != null) {
                return;
            }
            if (RENAME_KEY.match(event)) {
                startRename(id);
                event.consume();
            } else if (DELETE_KEY.match(event)) {
                model.delete(id);
                event.consume();
            }
        });
    }

    /** Puts an editable title in the session's row (Enter keeps it, Esc or leaving the field drops it). */
    public void startRename(String id) {
        boolean changeable = model.summary(id).map(model::canChange).orElse(false);
        if (!changeable) {
            model.summary(id).ifPresent(s -> model.rename(id, s.title())); // says why not
            return;
        }
        int index = indexOf(id);
        if (index < 0) {
            return;
        }
        renaming = id;
        scrollTo(index);
        setEditable(true);
        edit(index);
    }

    private int indexOf(String id) {
        for (int i = 0; i < getItems().size(); i++) {
            if (getItems().get(i) instanceof SessionRow.Item item && item.id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private void select(String id) {
        syncing = true;
        try {
            int index = id == null ? -1 : indexOf(id);
            if (index < 0) {
                getSelectionModel().clearSelection();
            } else if (getSelectionModel().getSelectedIndex() != index) {
                getSelectionModel().select(index);
            }
        } finally {
            syncing = false;
        }
    }

    private final class SessionCell extends ListCell<SessionRow> {
        private final Label title = new Label();
        private final Label meta = new Label();
        private final Label damaged = new Label(null, Icons.of(Feather.ALERT_TRIANGLE));
        private final Label pin = new Label(null, Icons.of(Feather.STAR));
        private final HBox top = new HBox(4, title, pin);
        private final VBox box = new VBox(2, top, meta, damaged);
        private final Label header = new Label();
        private final HBox headerBox = new HBox(header);
        private final Tooltip preview = new Tooltip();
        private final MenuItem rename = new MenuItem("Rename…");
        private final MenuItem pinItem = new MenuItem();
        private final MenuItem delete = new MenuItem("Move to trash");
        private final MenuItem setAside = new MenuItem("Set aside damaged file");
        private final ContextMenu menu = new ContextMenu(rename, pinItem, delete, setAside);
        private TextField editor;

        SessionCell() {
            getStyleClass().add(SessionStyles.SESSION_CELL);
            setPrefWidth(0); // follow the list's width and cut long titles with an ellipsis, no sideways scrolling
            title.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(title, Priority.ALWAYS);
            title.getStyleClass().add(SessionStyles.SESSION_TITLE);
            meta.getStyleClass().add(SideBarStyles.SESSION_META);
            damaged.getStyleClass().add(SessionStyles.SESSION_DAMAGED);
            pin.getGraphic().getStyleClass().add(SessionStyles.SESSION_PINNED);
            headerBox.getStyleClass().add(SessionStyles.SESSION_GROUP);
            rename.setId(RENAME_ITEM_ID);
            rename.setAccelerator(RENAME_KEY);
            pinItem.setId(PIN_ITEM_ID);
            delete.setId(DELETE_ITEM_ID);
            delete.setAccelerator(DELETE_KEY);
            rename.setOnAction(e -> summary().ifPresent(s -> startRename(s.id())));
            pinItem.setOnAction(e -> summary().ifPresent(s -> model.togglePinned(s.id())));
            delete.setOnAction(e -> summary().ifPresent(s -> model.delete(s.id())));
            // a damaged file is never changed; this takes it out of the list, kept with a note
            setAside.setId(SET_ASIDE_ITEM_ID);
            setAside.setOnAction(e -> summary().ifPresent(s -> model.setAside(s.id())));
        }

        private java.util.Optional<SessionSummary> summary() {
            return getItem() instanceof SessionRow.Item item ? java.util.Optional.of(item.summary())
                    : java.util.Optional.empty();
        }

        @Override
        protected void updateItem(SessionRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().remove(SessionStyles.SESSION_GROUP);
            setMouseTransparent(false);
            if (empty || row == null) {
                setGraphic(null);
                setContextMenu(null);
                setTooltip(null);
                return;
            }
            if (row instanceof SessionRow.Header h) {
                header.setText(h.label());
                getStyleClass().add(SessionStyles.SESSION_GROUP);
                setMouseTransparent(true);
                setContextMenu(null);
                setTooltip(null);
                setGraphic(headerBox);
                return;
            }
            SessionSummary s = ((SessionRow.Item) row).summary();
            if (isEditing() && editor != null) {
                return;
            }
            title.setText(s.title());
            int count = s.messageCount();
            meta.setText(WHEN.format(s.updatedAt()) + " · " + count + (count == 1 ? " message" : " messages"));
            pin.setVisible(s.pinned());
            pin.setManaged(s.pinned());
            boolean readOnly = s.readOnly();
            damaged.setText(s.damaged() ? "Damaged file, read-only" : "From a newer Tidemark, read-only");
            damaged.setVisible(readOnly);
            damaged.setManaged(readOnly);
            if (s.preview().isEmpty()) {
                setTooltip(null);
            } else {
                preview.setText(s.preview());
                setTooltip(preview);
            }
            boolean changeable = model.canChange(s);
            rename.setDisable(!changeable);
            pinItem.setDisable(!changeable);
            delete.setDisable(!changeable);
            pinItem.setText(s.pinned() ? "Unpin" : "Pin to top");
            setAside.setVisible(s.damaged());
            setContextMenu(model.isReadOnly() ? null : menu);
            setGraphic(box);
        }

        @Override
        public void startEdit() {
            if (!(getItem() instanceof SessionRow.Item item) || !item.id().equals(renaming)) {
                return;
            }
            super.startEdit();
            if (!isEditing()) {
                return;
            }
            editor = new TextField(item.summary().title());
            editor.getStyleClass().add(SessionStyles.SESSION_RENAME);
            editor.setOnAction(e -> {
                String text = editor.getText();
                finishRename();
                model.rename(item.id(), text);
            });
            editor.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
                if (e.getCode() == KeyCode.ESCAPE) {
                    finishRename();
                    e.consume();
                }
            });
            editor.focusedProperty().addListener((obs, was, is) -> {
                if (!is && editor != null) {
                    finishRename();
                }
            });
            setGraphic(editor);
            editor.requestFocus();
            editor.selectAll();
        }

        private void finishRename() {
            renaming = null;
            editor = null;
            if (isEditing()) {
                cancelEdit();
            }
            SessionListView.this.setEditable(false);
            SessionListView.this.requestFocus();
        }

        @Override
        public void cancelEdit() {
            super.cancelEdit();
            editor = null;
            renaming = null;
            updateItem(getItem(), getItem() == null);
        }
    }
}
