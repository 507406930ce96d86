package io.nexuschat.answer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * BM25 retrieval over the sections of one knowledge base. The index lives in heap memory
 * ({@link ByteBuffersDirectory}: no files, no memory mapping, so it also works in a native image) and is built once;
 * after that it is read-only and one {@link IndexSearcher} serves concurrent queries.
 */
final class KnowledgeBaseIndex implements AutoCloseable {

    /** Title words count double: a section titled "Session expiry" is about expiry more than one mentioning it. */
    private static final float TITLE_BOOST = 2.0f;
    /** A term matching title and body scores the better field plus a little of the other (dismax tie-breaker). */
    private static final float FIELD_TIE_BREAKER = 0.1f;
    /** Long queries are truncated to this many distinct terms; a question never needs more. */
    private static final int MAX_QUERY_TERMS = 64;

    private static final String TITLE = "title";
    private static final String BODY = "body";
    private static final String ORDINAL = "ordinal";

    private final Analyzer analyzer = new KnowledgeBaseAnalyzer();
    private final List<KnowledgeBaseSection> sections;
    /** The analyzed terms of each section (title and body), by ordinal: a few KB per section, for coverage. */
    private final List<Set<String>> sectionTerms;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    /**
     * A section and how well it matched.
     *
     * @param score the BM25 score
     * @param coverage the fraction of the query's terms that occur in the section, 0 to 1
     */
    record Hit(KnowledgeBaseSection section, float score, double coverage) {
    }

    KnowledgeBaseIndex(List<KnowledgeBaseSection> sections) {
        this.sections = List.copyOf(sections);
        this.sectionTerms = this.sections.stream()
                .map(s -> Set
                        .copyOf(analyze(s.documentTitle() + "\n" + s.title() + "\n" + s.markdown(), Integer.MAX_VALUE)))
                .toList();
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
            for (int i = 0; i < this.sections.size(); i++) {
                KnowledgeBaseSection section = this.sections.get(i);
                Document doc = new Document();
                doc.add(new StoredField(ORDINAL, i));
                doc.add(new TextField(TITLE, section.documentTitle() + "\n" + section.title(), Field.Store.NO));
                doc.add(new TextField(BODY, section.markdown(), Field.Store.NO));
                writer.addDocument(doc);
            }
            writer.commit();
            this.reader = DirectoryReader.open(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the knowledge-base index", e);
        }
        this.searcher = new IndexSearcher(reader);
    }

    int size() {
        return sections.size();
    }

    /** The analyzed, distinct terms of a text, in order: what a query built from it will look for. */
    Set<String> terms(String text) {
        return analyze(text, MAX_QUERY_TERMS);
    }

    private Set<String> analyze(String text, int maxTerms) {
        Set<String> terms = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        try (TokenStream stream = analyzer.tokenStream(BODY, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken() && terms.size() < maxTerms) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: analysis of an in-memory string
        }
        return terms;
    }

    /**
     * The best sections for {@code queryTerms}, best first. A section must match at least one query term;
     * {@code contextTerms} (e.g. from the previous question) only add {@code contextWeight} of their score, so they
     * break ties between matching sections but never make a non-matching one match.
     */
    List<Hit> search(Set<String> queryTerms, Set<String> contextTerms, float contextWeight, int maxHits) {
        if (queryTerms.isEmpty() || sections.isEmpty()) {
            return List.of();
        }
        Query query = anyTerm(queryTerms);
        if (!contextTerms.isEmpty() && contextWeight > 0) {
            query = new BooleanQuery.Builder()
                    .add(query, Occur.MUST)
                    .add(new BoostQuery(anyTerm(contextTerms), contextWeight), Occur.SHOULD)
                    .build();
        }
        try {
            TopDocs top = searcher.search(query, maxHits);
            StoredFields stored = searcher.storedFields();
            List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc scoreDoc : top.scoreDocs) {
                int ordinal = stored.document(scoreDoc.doc).getField(ORDINAL).numericValue().intValue();
                long matched = queryTerms.stream().filter(sectionTerms.get(ordinal)::contains).count();
                hits.add(new Hit(sections.get(ordinal), scoreDoc.score, (double) matched / queryTerms.size()));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Query anyTerm(Set<String> terms) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String term : terms) {
            any.add(new DisjunctionMaxQuery(List.of(
                    new BoostQuery(new TermQuery(new Term(TITLE, term)), TITLE_BOOST),
                    new TermQuery(new Term(BODY, term))), FIELD_TIE_BREAKER), Occur.SHOULD);
        }
        return any.build();
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
