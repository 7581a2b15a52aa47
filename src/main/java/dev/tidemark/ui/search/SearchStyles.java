package dev.tidemark.ui.search;

import java.util.Objects;

/**
 * The message search pane's style classes and its stylesheet ({@code search.css}), which
 * {@link MessageSearchPane} loads.
 */
final class SearchStyles {

    static final String STYLESHEET = Objects.requireNonNull(
            SearchStyles.class.getResource("/dev/tidemark/ui/search/search.css")).toExternalForm();

    static final String PANE = "message-search-pane";
    static final String HEADER = "message-search-header";
    static final String CELL = "search-hit";
    static final String TITLE = "search-hit-title";
    static final String WHERE = "search-hit-where";
    static final String SNIPPET = "search-snippet";
    static final String TEXT = "search-text";
    static final String MATCH = "search-match";

    private SearchStyles() {
    }
}
