package dev.tidemark.history;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The words of a query, split and lower-cased exactly as the index splits text (Lucene's standard
 * tokenizer, no stop words), and how they are found again in a message to mark them.
 */
public final class QueryTerms {

    /** Characters of a snippet, about two lines of the results list. */
    static final int SNIPPET_CHARS = 180;
    private static final int CONTEXT_BEFORE = 50;

    private final List<String> terms;

    private QueryTerms(List<String> terms) {
        this.terms = terms;
    }

    static Analyzer analyzer() {
        return new StandardAnalyzer(CharArraySet.EMPTY_SET);
    }

    public static QueryTerms of(String query, Analyzer analyzer) {
        Set<String> terms = new LinkedHashSet<>();
        forEachToken(analyzer, query == null ? "" : query, (term, start, end) -> terms.add(term));
        return new QueryTerms(List.copyOf(terms));
    }

    public List<String> terms() {
        return terms;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** True when every term starts a word of {@code text}. */
    boolean allFoundIn(String text, Analyzer analyzer) {
        Set<String> missing = new LinkedHashSet<>(terms);
        forEachToken(analyzer, text, (token, start, end) -> missing.removeIf(token::startsWith));
        return missing.isEmpty();
    }

    /** The piece of {@code text} around its first match, with every matching word in it marked. */
    Snippet snippet(String text, Analyzer analyzer) {
        List<Snippet.Mark> all = new ArrayList<>();
        forEachToken(analyzer, text, (token, start, end) -> {
            for (String term : terms) {
                if (token.startsWith(term)) {
                    all.add(new Snippet.Mark(start, end));
                    return;
                }
            }
        });
        int from = 0;
        if (!all.isEmpty() && all.get(0).start() > CONTEXT_BEFORE) {
            from = all.get(0).start() - CONTEXT_BEFORE;
            while (from < all.get(0).start() && !Character.isWhitespace(text.charAt(from))) {
                from++; // start at a word
            }
            while (from < all.get(0).start() && Character.isWhitespace(text.charAt(from))) {
                from++;
            }
        }
        int to = Math.min(text.length(), from + SNIPPET_CHARS);
        String prefix = from > 0 ? "…" : "";
        String suffix = to < text.length() ? "…" : "";
        String piece = prefix + text.substring(from, to).replace('\n', ' ').replace('\r', ' ').replace('\t', ' ')
                + suffix;
        List<Snippet.Mark> marks = new ArrayList<>();
        for (Snippet.Mark m : all) {
            if (m.start() >= from && m.end() <= to) {
                marks.add(new Snippet.Mark(m.start() - from + prefix.length(), m.end() - from + prefix.length()));
            }
        }
        return new Snippet(piece, marks);
    }

    private interface TokenSink {
        void accept(String term, int start, int end);
    }

    private static void forEachToken(Analyzer analyzer, String text, TokenSink sink) {
        try (TokenStream stream = analyzer.tokenStream(SessionDocuments.TEXT, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                sink.accept(term.toString(), offset.startOffset(), offset.endOffset());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string reader does not fail
        }
    }
}
