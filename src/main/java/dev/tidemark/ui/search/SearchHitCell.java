package dev.tidemark.ui.search;

import dev.tidemark.history.SearchHit;
import dev.tidemark.history.Snippet;
import dev.tidemark.model.Role;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.util.ArrayList;
import java.util.List;

/** One search hit: the session's title and where in it, then the snippet with each match in its own styled Text. */
final class SearchHitCell extends ListCell<SearchHit> {

    private final Label title = new Label();
    private final Label where = new Label();
    private final TextFlow snippet = new TextFlow();
    private final VBox box = new VBox(2, title, where, snippet);

    SearchHitCell(ListView<SearchHit> list) {
        getStyleClass().add(SearchStyles.CELL);
        title.getStyleClass().add(SearchStyles.TITLE);
        where.getStyleClass().add(SearchStyles.WHERE);
        snippet.getStyleClass().add(SearchStyles.SNIPPET);
        // wrap inside the list, leaving room for its scroll bar
        snippet.prefWidthProperty().bind(list.widthProperty().subtract(36));
        snippet.maxWidthProperty().bind(list.widthProperty().subtract(36));
        box.setMinWidth(0);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(SearchHit hit, boolean empty) {
        super.updateItem(hit, empty);
        setText(null);
        if (empty || hit == null) {
            setGraphic(null);
            return;
        }
        title.setText(hit.sessionTitle());
        where.setText(hit.isTitle() ? "in the title"
                : (hit.role() == Role.USER ? "you" : "assistant") + " · message " + (hit.messageIndex() + 1));
        snippet.getChildren().setAll(texts(hit.snippet()));
        setGraphic(box);
    }

    /** Plain runs and matches, each a Text; matches carry {@link SearchStyles#MATCH}. */
    static List<Text> texts(Snippet s) {
        List<Text> texts = new ArrayList<>();
        int at = 0;
        for (Snippet.Mark m : s.marks()) {
            if (m.start() > at) {
                texts.add(text(s.text().substring(at, m.start()), SearchStyles.TEXT));
            }
            texts.add(text(s.text().substring(m.start(), m.end()), SearchStyles.MATCH));
            at = m.end();
        }
        if (at < s.text().length()) {
            texts.add(text(s.text().substring(at), SearchStyles.TEXT));
        }
        return texts;
    }

    private static Text text(String content, String style) {
        Text t = new Text(content);
        t.getStyleClass().add(style);
        return t;
    }
}
