package io.nexuschat.answer;

import org.apache.lucene.analysis.tokenattributes.BytesTermAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.CharTermAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.FlagsAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.KeywordAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.OffsetAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PackedTokenAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PayloadAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.SentenceAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.TermFrequencyAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.TypeAttributeImpl;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Lucene finds the implementation of a token attribute by name ({@code CharTermAttribute} → {@code Class.forName(
 * "…CharTermAttributeImpl")}) and creates it through a method handle: in a native image those classes must be
 * registered, or analysis fails at run time. These are all of lucene-core's attribute implementations (the analysis
 * chain of {@link KnowledgeBaseAnalyzer} and the indexer use a subset; registering all keeps a changed chain safe).
 */
@RegisterForReflection(targets = {BytesTermAttributeImpl.class, CharTermAttributeImpl.class, FlagsAttributeImpl.class,
        KeywordAttributeImpl.class, OffsetAttributeImpl.class, PackedTokenAttributeImpl.class,
        PayloadAttributeImpl.class, PositionIncrementAttributeImpl.class, PositionLengthAttributeImpl.class,
        SentenceAttributeImpl.class, TermFrequencyAttributeImpl.class, TypeAttributeImpl.class})
final class LuceneNativeImageRegistrations {

    private LuceneNativeImageRegistrations() {
    }
}
