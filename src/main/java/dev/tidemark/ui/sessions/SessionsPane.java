package dev.tidemark.ui.sessions;

import dev.tidemark.ui.theme.Icons;
import dev.tidemark.ui.theme.SideBarStyles;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.CustomTextField;
import org.controlsfx.control.textfield.TextFields;
import org.kordamp.ikonli.feather.Feather;

/** The left side: a search field over the session list. The field filters the list as one types. */
public final class SessionsPane extends VBox {

    public static final String SEARCH_ID = "session-search";

    private final CustomTextField search;
    private final SessionListView list;

    public SessionsPane(SessionListViewModel model) {
        getStyleClass().add(SideBarStyles.SESSIONS_PANE);
        getStylesheets().addAll(SideBarStyles.STYLESHEET, SessionStyles.STYLESHEET);
        search = (CustomTextField) TextFields.createClearableTextField();
        search.setId(SEARCH_ID);
        search.setLeft(Icons.of(Feather.SEARCH));
        search.textProperty().bindBidirectional(model.filterProperty());
        // Enter opens the first match; Down moves into the list
        search.addEventHandler(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER && !model.shown().isEmpty()) {
                model.selectedIdProperty().set(model.shown().get(0).id());
                event.consume();
            } else if (event.getCode() == KeyCode.DOWN && !model.shown().isEmpty()) {
                listView().requestFocus();
                event.consume();
            }
        });
        StackPane searchBox = new StackPane(search);
        searchBox.getStyleClass().add(SideBarStyles.SESSION_SEARCH);
        list = new SessionListView(model);
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().setAll(searchBox, list);
    }

    /** Puts the caret in the search field with its text selected, ready to type over. */
    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    /** Sets the hint shown in the empty search field (e.g. with the shortcut that focuses it). */
    public void setSearchPrompt(String prompt) {
        search.setPromptText(prompt);
    }

    public TextField searchField() {
        return search;
    }

    public SessionListView listView() {
        return list;
    }
}
