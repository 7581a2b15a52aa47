package dev.tidemark.ui.search;

import dev.tidemark.history.SearchHit;
import dev.tidemark.ui.theme.Icons;
import dev.tidemark.ui.theme.SideBarStyles;
import dev.tidemark.ui.theme.Styles;
import javafx.animation.PauseTransition;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.textfield.CustomTextField;
import org.controlsfx.control.textfield.TextFields;
import org.kordamp.ikonli.feather.Feather;


/**
 * Search in every message: a field, the number of matches, and the matches with the found words
 * highlighted. Typing searches after a short pause; Enter or a click opens a match; Esc closes.
 */
public final class MessageSearchPane extends VBox {

    public static final String FIELD_ID = "message-search";
    public static final String RESULTS_ID = "search-results";
    public static final String SUMMARY_ID = "search-summary";
    public static final String CLOSE_ID = "close-message-search";
    /** Long enough to skip the words in between while typing, short enough to feel immediate. */
    static final Duration DEBOUNCE = Duration.millis(150);

    private final CustomTextField field;
    private final ListView<SearchHit> results;

    /** @param close hides the pane (the session list comes back) */
    public MessageSearchPane(MessageSearchViewModel model, Runnable close) {
        getStyleClass().addAll(SideBarStyles.SESSIONS_PANE, SearchStyles.PANE);
        getStylesheets().addAll(SideBarStyles.STYLESHEET, SearchStyles.STYLESHEET);

        Label heading = new Label("Search messages");
        heading.getStyleClass().add(SideBarStyles.SIDE_PANE_TITLE);
        Button closeButton = new Button(null, Icons.of(Feather.X));
        closeButton.setId(CLOSE_ID);
        closeButton.getStyleClass().add(Styles.ICON_BUTTON);
        closeButton.setTooltip(new Tooltip("Back to the chats (Esc)"));
        closeButton.setOnAction(e -> close.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(6, heading, spacer, closeButton);
        header.getStyleClass().add(SearchStyles.HEADER);

        field = (CustomTextField) TextFields.createClearableTextField();
        field.setId(FIELD_ID);
        field.setLeft(Icons.of(Feather.SEARCH));
        field.setPromptText("Words in titles and messages");
        field.textProperty().bindBidirectional(model.queryProperty());
        PauseTransition pause = new PauseTransition(DEBOUNCE);
        pause.setOnFinished(e -> model.search());
        field.textProperty().addListener((obs, old, now) -> pause.playFromStart());

        Label summary = new Label();
        summary.setId(SUMMARY_ID);
        summary.getStyleClass().add(SideBarStyles.SESSION_META);
        summary.textProperty().bind(model.summaryProperty());

        results = new ListView<>(model.results());
        results.setId(RESULTS_ID);
        results.getStyleClass().add(SideBarStyles.SESSION_LIST);
        results.setCellFactory(SearchHitCell::new);
        Label placeholder = new Label("Type to search every chat.");
        placeholder.setWrapText(true);
        results.setPlaceholder(placeholder);
        model.stateProperty().addListener((obs, old, now) -> placeholder.setText(switch (now) {
            case EMPTY -> "Type to search every chat.";
            case SEARCHING -> "Searching…";
            case NOTHING, FOUND -> "Nothing found.";
        }));
        results.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                model.open(results.getSelectionModel().getSelectedItem());
            }
        });
        results.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                model.open(results.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });
        field.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && !model.results().isEmpty()) {
                model.open(model.results().get(0));
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN && !model.results().isEmpty()) {
                results.requestFocus();
                results.getSelectionModel().selectFirst();
                e.consume();
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                close.run();
                e.consume();
            }
        });
        VBox top = new VBox(6, header, field, summary);
        top.getStyleClass().add(SideBarStyles.SESSION_SEARCH);
        VBox.setVgrow(results, Priority.ALWAYS);
        getChildren().setAll(top, results);
    }

    /** Puts the caret in the field with its text selected. */
    public void focusField() {
        field.requestFocus();
        field.selectAll();
    }

    public TextField field() {
        return field;
    }

    public ListView<SearchHit> results() {
        return results;
    }
}
