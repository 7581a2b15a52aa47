package dev.tidemark.ui.search;

import dev.tidemark.history.HistorySearch;
import dev.tidemark.history.SearchHit;
import dev.tidemark.history.SearchResults;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Search over every message as you type: the query runs on a background thread and only the
 * newest query's answer is shown. FX thread.
 */
public final class MessageSearchViewModel {

    /** What the results list shows now. */
    public enum State { EMPTY, SEARCHING, FOUND, NOTHING }

    private final HistorySearch search;
    private final Executor background;
    private final Executor fx;
    private final Consumer<SearchHit> opener;
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ObservableList<SearchHit> results = FXCollections.observableArrayList();
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.EMPTY);
    private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
    private long generation; // the newest query asked; older answers are dropped

    /**
     * @param background runs the searches (never the FX thread)
     * @param opener     opens a hit: its session, scrolled to its message
     */
    public MessageSearchViewModel(HistorySearch search, Executor background, Executor fx, Consumer<SearchHit> opener) {
        this.search = search;
        this.background = background;
        this.fx = fx;
        this.opener = opener;
    }

    /** Searches for what the query property holds now. */
    public void search() {
        long asked = ++generation;
        String text = query.get() == null ? "" : query.get().strip();
        if (text.isEmpty()) {
            results.clear();
            summary.set("");
            state.set(State.EMPTY);
            return;
        }
        state.set(State.SEARCHING);
        background.execute(() -> {
            SearchResults found;
            try {
                found = search.search(text, HistorySearch.FIRST_PAGE);
            } catch (RuntimeException e) {
                fx.execute(() -> failed(asked, e));
                return;
            }
            fx.execute(() -> show(asked, found));
        });
    }

    private void show(long asked, SearchResults found) {
        if (asked != generation) {
            return;
        }
        results.setAll(found.hits());
        int n = found.hits().size();
        summary.set((n == 0 ? "No matches" : n + (found.more() ? "+" : "") + (n == 1 ? " match" : " matches"))
                + (found.indexed() ? "" : " (the search index is still being built; searching is slower until then)"));
        state.set(n == 0 ? State.NOTHING : State.FOUND);
    }

    private void failed(long asked, RuntimeException e) {
        if (asked != generation) {
            return;
        }
        results.clear();
        summary.set("Search failed: " + e.getMessage());
        state.set(State.NOTHING);
    }

    public void open(SearchHit hit) {
        if (hit != null) {
            opener.accept(hit);
        }
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObservableList<SearchHit> results() {
        return results;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }
}
