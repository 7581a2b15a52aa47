package dev.tidemark.history;

/**
 * Full-text search over titles and messages, every version of each conversation (not only the
 * active path). Safe to call from any thread but the FX thread.
 */
public interface HistorySearch {

    /** Page size for the search as you type. */
    int FIRST_PAGE = 50;

    /**
     * Hits for every word of {@code query}; a word matches words that start with it ("tid" finds
     * "tide"), ignoring case. Newest session first; in a session, its title, then its messages in
     * the order of the conversation (each version followed by what came after it).
     */
    SearchResults search(String query, int limit);
}
