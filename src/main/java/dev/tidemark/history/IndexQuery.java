package dev.tidemark.history;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a query asks of the index: every word of it, each as a prefix (so the word being typed
 * matches), hits newest session first. Because the index is kept sorted that way, Lucene stops
 * after the first page's worth of matches in each segment instead of scoring every match of a
 * common word.
 */
final class IndexQuery {

    private IndexQuery() {
    }

    /** The first {@code limit} hits of {@code terms}, with their snippets. */
    static SearchResults run(IndexSearcher searcher, String query, QueryTerms terms, Analyzer analyzer, int limit)
            throws IOException {
        TopDocs top = searcher.search(of(terms), limit + 1, SessionDocuments.NEWEST_FIRST);
        StoredFields fields = searcher.storedFields();
        List<SearchHit> hits = new ArrayList<>();
        for (ScoreDoc scored : top.scoreDocs) {
            if (hits.size() == limit) {
                break;
            }
            hits.add(SessionDocuments.hit(fields.document(scored.doc), terms, analyzer));
        }
        return new SearchResults(query, hits, top.totalHits.value > limit, true);
    }

    static Query of(QueryTerms terms) {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String term : terms.terms()) {
            // a prefix matches the word itself too
            all.add(new PrefixQuery(new Term(SessionDocuments.TEXT, term)), BooleanClause.Occur.MUST);
        }
        return all.build();
    }
}
