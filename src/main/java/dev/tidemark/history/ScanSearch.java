package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import org.apache.lucene.analysis.Analyzer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Search by reading every session, newest first, every version of each: slow on a large history,
 * but needs nothing but the session files. Used while the index is being built, or when there can
 * be no index. Finds what the index finds, in the same order.
 */
public final class ScanSearch implements HistorySearch {

    private final SessionLibrary library;
    private final Analyzer analyzer = QueryTerms.analyzer();

    public ScanSearch(SessionLibrary library) {
        this.library = library;
    }

    @Override
    public SearchResults search(String query, int limit) {
        QueryTerms terms = QueryTerms.of(query, analyzer);
        if (terms.isEmpty()) {
            return SearchResults.none(query);
        }
        List<SearchHit> hits = new ArrayList<>();
        for (String id : library.ids()) {
            Optional<Session> loaded = library.load(id);
            if (loaded.isEmpty()) {
                continue;
            }
            Session s = loaded.get();
            if (terms.allFoundIn(s.title(), analyzer)) {
                hits.add(SearchHit.title(s.id(), s.title(), terms.snippet(s.title(), analyzer)));
            }
            for (PlacedMessage placed : PlacedMessage.of(s)) {
                Message m = placed.message();
                if (terms.allFoundIn(m.text(), analyzer)) {
                    hits.add(new SearchHit(s.id(), s.title(), placed.depth(), m.id(), m.role(),
                            terms.snippet(m.text(), analyzer), placed.version(), placed.versions()));
                }
            }
            if (hits.size() > limit) {
                return new SearchResults(query, hits.subList(0, limit), true, false);
            }
        }
        return new SearchResults(query, hits, false, false);
    }
}
