package dev.tidemark.history;

import java.util.List;

/**
 * The first page of what a query found.
 *
 * @param query   as typed
 * @param hits    best first
 * @param more    true when there are more hits than the page holds
 * @param indexed true when the search index answered, false when the sessions were scanned (no index yet)
 */
public record SearchResults(String query, List<SearchHit> hits, boolean more, boolean indexed) {

    public SearchResults {
        hits = List.copyOf(hits);
    }

    public static SearchResults none(String query) {
        return new SearchResults(query, List.of(), false, true);
    }
}
