package dev.tidemark.ui.sessions;

import dev.tidemark.model.Session;
import dev.tidemark.ui.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/** The list of sessions on the left. Selection is two-way bound to the view model's selected id. */
public final class SessionListView extends ListView<Session> {

    public static final String ID = "sessions";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
            .withZone(ZoneId.systemDefault());

    private boolean syncing; // FX thread only

    public SessionListView(SessionListViewModel model) {
        setId(ID);
        getStyleClass().add(Styles.SESSION_LIST);
        setItems(model.shown());
        setCellFactory(list -> new SessionCell());
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(
                () -> model.filterProperty().get() == null || model.filterProperty().get().isBlank()
                        ? "No chats yet" : "No chat title matches", model.filterProperty()));
        setPlaceholder(placeholder);

        getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (!syncing && now != null) {
                model.selectedIdProperty().set(now.id());
            }
        });
        model.selectedIdProperty().addListener((obs, old, now) -> select(now));
        // reloads and searches replace the items; keep the selection on the same session
        model.shown().addListener((ListChangeListener<Session>) change ->
                select(model.selectedIdProperty().get()));
    }

    private void select(String id) {
        syncing = true;
        try {
            for (int i = 0; i < getItems().size(); i++) {
                if (getItems().get(i).id().equals(id)) {
                    if (getSelectionModel().getSelectedIndex() != i) {
                        getSelectionModel().select(i);
                    }
                    return;
                }
            }
            getSelectionModel().clearSelection();
        } finally {
            syncing = false;
        }
    }

    private static final class SessionCell extends ListCell<Session> {
        private final Label title = new Label();
        private final Label meta = new Label();
        private final VBox box = new VBox(2, title, meta);

        SessionCell() {
            getStyleClass().add(Styles.SESSION_CELL);
            setPrefWidth(0); // follow the list's width and cut long titles with an ellipsis, no sideways scrolling
            title.setMaxWidth(Double.MAX_VALUE);
            title.getStyleClass().add(Styles.SESSION_TITLE);
            meta.getStyleClass().add(Styles.SESSION_META);
        }

        @Override
        protected void updateItem(Session session, boolean empty) {
            super.updateItem(session, empty);
            if (empty || session == null) {
                setGraphic(null);
                return;
            }
            title.setText(session.title());
            int count = session.messages().size();
            meta.setText(WHEN.format(session.updatedAt()) + " · " + count + (count == 1 ? " message" : " messages"));
            setGraphic(box);
        }
    }
}
