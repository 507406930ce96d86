package io.nexuschat.answer;

import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * English analysis for knowledge-base text: {@link EnglishAnalyzer}'s chain (possessives, stop words, Porter stemming)
 * plus two things documentation about an API needs. Identifiers are also split into their words and kept whole
 * ({@code startNewSession} → {@code startnewsession}, {@code start}, {@code new}, {@code session};
 * {@code session.created} → both parts and the whole), so "start a new session" finds the method and so does its name.
 * Question words ({@code how}, {@code what}, {@code can}, {@code I} …) and {@code use} are stop words too: they say
 * nothing about the topic and would otherwise match every section written in the second person. Built from constructors only (no SPI
 * lookup by name), and thread-safe like every Lucene {@link Analyzer}.
 */
final class KnowledgeBaseAnalyzer extends Analyzer {

    static final CharArraySet STOP_WORDS;

    static {
        CharArraySet stop = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        stop.addAll(List.of("how", "what", "which", "who", "whom", "where", "when", "why", "do", "does", "did",
                "can", "could", "should", "would", "may", "might", "must", "shall", "i", "me", "my", "we", "us", "our",
                "you", "your", "it's", "its", "am", "been", "being", "have", "has", "had", "so", "about", "please",
                "tell", "know", "want", "need", "there", "here", "some", "any", "all", "one", "way", "get", "s", "use",
                "uses", "used", "using"));
        STOP_WORDS = CharArraySet.unmodifiableSet(stop);
    }

    private static final int WORD_DELIMITER_FLAGS = WordDelimiterGraphFilter.GENERATE_WORD_PARTS
            | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE
            | WordDelimiterGraphFilter.PRESERVE_ORIGINAL;

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream result = new WordDelimiterGraphFilter(source, WORD_DELIMITER_FLAGS, null);
        // The index stores a flat token stream; queries only use the terms, so the same chain serves both.
        result = new FlattenGraphFilter(result);
        result = new LowerCaseFilter(result);
        result = new EnglishPossessiveFilter(result);
        result = new StopFilter(result, STOP_WORDS);
        result = new PorterStemFilter(result);
        return new TokenStreamComponents(source, result);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
    }
}
