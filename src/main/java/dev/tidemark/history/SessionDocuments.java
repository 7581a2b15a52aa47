package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a session lies in the search index: one document for its title and one per message that
 * has text — every message of the tree, every version, not only the active path — each carrying
 * the session's id, the message's id, its place and version ({@link PlacedMessage}: the same
 * whichever version is shown, so switching versions needs no reindex) and the session's last
 * change (its stamp), which is both the order of hits and what catch-up compares. Bump
 * {@link IndexFolder#VERSION} when this changes.
 */
final class SessionDocuments {

    /** The searchable text: the title, or the message. */
    static final String TEXT = "text";
    private static final String SID = "sid";
    private static final String INDEX = "idx";
    /** The message's id, indexed: a message's document is found by it. */
    static final String MID = "mid";
    private static final String VERSION = "ver";
    private static final String VERSIONS = "vers";
    private static final String ROLE = "role";
    private static final String TITLE = "title";
    /** The session's last change in nanoseconds since 1970, as doc values: the sort, and the stamp for catch-up. */
    private static final String NEWEST = "newest";
    /** On title documents only: the session id as doc values, read at catch-up without touching stored text. */
    private static final String SESSION_OF_TITLE = "titleOf";
    /**
     * Newest session first; within a session, the order the documents were added: title, then
     * messages in the order of the conversation ({@link PlacedMessage#of}).
     */
    static final Sort NEWEST_FIRST = new Sort(new SortField(NEWEST, SortField.Type.LONG, true));

    private SessionDocuments() {
    }

    /** The documents of a session, title first. */
    static List<Document> of(Session s) {
        List<Document> docs = new ArrayList<>();
        long stamp = stamp(s.updatedAt());
        Document title = new Document();
        title.add(new StringField(SID, s.id(), Field.Store.YES));
        title.add(new StoredField(INDEX, SearchHit.TITLE));
        title.add(new SortedDocValuesField(SESSION_OF_TITLE, new BytesRef(s.id())));
        title.add(new NumericDocValuesField(NEWEST, stamp));
        title.add(new StoredField(TITLE, s.title()));
        title.add(new TextField(TEXT, s.title(), Field.Store.YES));
        docs.add(title);
        for (PlacedMessage placed : PlacedMessage.of(s)) {
            Message m = placed.message();
            if (m.text().isBlank()) {
                continue;
            }
            Document doc = new Document();
            doc.add(new StringField(SID, s.id(), Field.Store.YES));
            doc.add(new StoredField(INDEX, placed.depth()));
            doc.add(new StringField(MID, m.id(), Field.Store.YES));
            doc.add(new StoredField(VERSION, placed.version()));
            doc.add(new StoredField(VERSIONS, placed.versions()));
            doc.add(new StoredField(ROLE, m.role().wireName()));
            doc.add(new StoredField(TITLE, s.title()));
            doc.add(new NumericDocValuesField(NEWEST, stamp));
            doc.add(new TextField(TEXT, m.text(), Field.Store.YES));
            docs.add(doc);
        }
        return docs;
    }

    /** Matches every document of a session. */
    static Term ofSession(String sessionId) {
        return new Term(SID, sessionId);
    }

    /** The hit a found document stands for, its snippet marking {@code terms}. */
    static SearchHit hit(Document doc, QueryTerms terms, Analyzer analyzer) {
        String role = doc.get(ROLE);
        Snippet snippet = terms.snippet(doc.get(TEXT), analyzer);
        if (role == null) {
            return SearchHit.title(doc.get(SID), doc.get(TITLE), snippet);
        }
        return new SearchHit(doc.get(SID), doc.get(TITLE), number(doc, INDEX), doc.get(MID), Role.fromWireName(role),
                snippet, number(doc, VERSION), number(doc, VERSIONS));
    }

    private static int number(Document doc, String field) {
        IndexableField stored = doc.getField(field);
        return stored == null ? 0 : stored.numericValue().intValue();
    }

    /** Each indexed session's stamp, from doc values only (the title documents carry the id as doc values). */
    static Map<String, Long> stamps(IndexReader reader) throws IOException {
        Map<String, Long> stamps = new HashMap<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            Bits live = leaf.reader().getLiveDocs();
            SortedDocValues ids = DocValues.getSorted(leaf.reader(), SESSION_OF_TITLE);
            NumericDocValues newest = DocValues.getNumeric(leaf.reader(), NEWEST);
            for (int doc = ids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
                if ((live == null || live.get(doc)) && newest.advanceExact(doc)) {
                    stamps.put(ids.lookupOrd(ids.ordValue()).utf8ToString(), newest.longValue());
                }
            }
        }
        return stamps;
    }

    /** Nanoseconds since 1970 (until the year 2262; later times share the last value, which only costs a reindex). */
    static long stamp(Instant at) {
        try {
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
        } catch (ArithmeticException e) {
            return at.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
