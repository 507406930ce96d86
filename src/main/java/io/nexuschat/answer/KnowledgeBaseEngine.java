package io.nexuschat.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;

/**
 * The embedded default engine ({@code knowledge-base}): answers with the best-matching sections of the experience's
 * Markdown knowledge base (BM25, see {@link KnowledgeBaseIndex}), links included, or — when nothing matches well
 * enough — says so honestly and offers a handover to a person. At startup every experience that uses this engine has
 * its files checked (a missing file stops startup) and its index built on a background thread, so the HTTP server
 * does not wait for Lucene: until the indexes are built (or if one fails) readiness is DOWN
 * ({@link KnowledgeBaseReadiness}), and a question that arrives meanwhile waits for its index. Under
 * {@code @QuarkusTest} they are built before startup ends.
 *
 * <p>
 * Settings ({@code answer.settings}):
 * <ul>
 * <li>{@code minScore} [{@value #DEFAULT_MIN_SCORE}]: BM25 score the best section needs; below it, the fallback.</li>
 * <li>{@code minTermCoverage} [{@value #DEFAULT_MIN_TERM_COVERAGE}]: fraction of the question's search terms the best
 * section must contain. Keeps "write me a poem about the sea" from being answered by a section that happens to say
 * "write" often.</li>
 * <li>{@code maxSections} [{@value #DEFAULT_MAX_SECTIONS}]: sections an answer may combine.</li>
 * <li>{@code relatedSectionRatio} [{@value #DEFAULT_RELATED_SECTION_RATIO}]: a further section is added only when
 * its score is at least this fraction of the best one.</li>
 * <li>{@code chunkWords} [{@value #DEFAULT_CHUNK_WORDS}]: words per streamed chunk.</li>
 * <li>{@code chunkDelayMillis} [0]: pause between chunks, for a typing effect in demos.</li>
 * <li>{@code fallbackMessage}: the Markdown said when nothing matches.</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class KnowledgeBaseEngine implements AnswerEngine {

    /** The engine id experiences select. */
    public static final String ID = "knowledge-base";

    static final double DEFAULT_MIN_SCORE = 2.5;
    static final double DEFAULT_MIN_TERM_COVERAGE = 0.5;
    static final int DEFAULT_MAX_SECTIONS = 2;
    static final double DEFAULT_RELATED_SECTION_RATIO = 0.8;
    static final int DEFAULT_CHUNK_WORDS = 4;

    static final String DEFAULT_FALLBACK = "I don't know that from my knowledge base, and I'd rather not guess. "
            + "Try asking in other words, or talk to a person.";

    /** The action offered with the fallback. */
    static final Experience.Action HANDOVER = new Experience.Action("handover", "Talk to a person",
            new Experience.ActionSpec("trigger_handover", Map.of("reason", "no_answer", "priority", "normal")), null);

    /**
     * A question with fewer content words than this is probably a follow-up ("and for embedded mode?"): the previous
     * user question then helps choose among the sections that match it.
     */
    static final int SHORT_QUERY_TERMS = 3;
    /** How much the previous question's words count, relative to the current question's. */
    static final float CONTEXT_WEIGHT = 0.4f;

    /** Prefix of the source line under each section of an answer. */
    static final String SOURCE_LABEL = "Source: ";

    private static final Logger LOG = Logger.getLogger(KnowledgeBaseEngine.class);

    private final ExperienceRegistry registry;
    private final Map<String, CompletableFuture<KnowledgeBaseIndex>> indexes = new ConcurrentHashMap<>();

    @Inject
    public KnowledgeBaseEngine(ExperienceRegistry registry) {
        this.registry = registry;
        List<Experience> toIndex = new ArrayList<>();
        for (Experience experience : registry.all()) {
            if (ID.equals(experience.engine())) {
                for (String file : registry.knowledgeBaseFiles(experience)) {
                    if (registry.readFile(experience, file).isEmpty()) {
                        throw missing(experience, file);
                    }
                }
                indexes.put(experience.id(), new CompletableFuture<>());
                toIndex.add(experience);
            }
        }
        Runnable buildAll = () -> {
            for (Experience experience : toIndex) {
                CompletableFuture<KnowledgeBaseIndex> future = indexes.get(experience.id());
                try {
                    future.complete(build(experience));
                } catch (RuntimeException | Error e) {
                    LOG.errorf(e, "Knowledge base of '%s' could not be indexed", experience.id());
                    future.completeExceptionally(e);
                }
            }
        };
        if (LaunchMode.current() == LaunchMode.TEST) {
            // @QuarkusTest classes assume a ready application as soon as it has started.
            buildAll.run();
        } else if (!toIndex.isEmpty()) {
            // Off the startup path: Lucene's first index costs ~0.5 s of a 2-core machine's start.
            Thread.ofPlatform().daemon().name("knowledge-base-index").start(buildAll);
        }
    }

    /**
     * Whether every index started at startup is built; empty when they all are, else what is missing or failed (for
     * {@link KnowledgeBaseReadiness}).
     */
    Map<String, String> pendingIndexes() {
        Map<String, String> pending = new java.util.TreeMap<>();
        indexes.forEach((id, future) -> {
            if (!future.isDone()) {
                pending.put(id, "indexing");
            } else if (future.isCompletedExceptionally()) {
                pending.put(id, "failed: " + future.exceptionNow().getMessage());
            }
        });
        return pending;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Answer answer(AnswerRequest request, Consumer<String> onChunk) {
        Experience experience = request.experience();
        EngineSettings settings = EngineSettings.of(experience);
        double minScore = settings.number("minScore", DEFAULT_MIN_SCORE);
        double minCoverage = settings.number("minTermCoverage", DEFAULT_MIN_TERM_COVERAGE);
        int maxSections = settings.integer("maxSections", DEFAULT_MAX_SECTIONS, 1, 5);
        double relatedRatio = settings.number("relatedSectionRatio", DEFAULT_RELATED_SECTION_RATIO);
        int chunkWords = settings.integer("chunkWords", DEFAULT_CHUNK_WORDS, 1, 100);
        int chunkDelayMillis = settings.integer("chunkDelayMillis", 0, 0, 5_000);

        List<KnowledgeBaseIndex.Hit> hits = search(index(experience), request, maxSections);
        Answer answer;
        if (hits.isEmpty() || hits.getFirst().score() < minScore || hits.getFirst().coverage() < minCoverage) {
            answer = new Answer(settings.string("fallbackMessage", DEFAULT_FALLBACK), List.of(HANDOVER));
        } else {
            float best = hits.getFirst().score();
            List<String> parts = new ArrayList<>();
            for (KnowledgeBaseIndex.Hit hit : hits) {
                if (parts.isEmpty() || hit.score() >= best * relatedRatio) {
                    parts.add(hit.section().markdown() + "\n\n" + sourceLine(hit.section()));
                }
            }
            answer = new Answer(String.join("\n\n---\n\n", parts), List.of());
        }
        stream(answer.markdown(), chunkWords, chunkDelayMillis, onChunk);
        return answer;
    }

    /**
     * The line under a section's text that says where it comes from: an answer leads with the answer itself, not with
     * a breadcrumb heading that pushes it down the bubble.
     */
    static String sourceLine(KnowledgeBaseSection section) {
        return "*" + SOURCE_LABEL + section.heading() + "*";
    }

    /** The best sections for the query, using the previous user question as context when the query is short. */
    List<KnowledgeBaseIndex.Hit> search(KnowledgeBaseIndex index, AnswerRequest request, int maxHits) {
        Set<String> terms = index.terms(request.query());
        Set<String> context = Set.of();
        if (terms.size() < SHORT_QUERY_TERMS && request.history() != null) {
            for (AnswerRequest.Turn turn : request.history().reversed()) {
                if ("user".equals(turn.role())) {
                    context = index.terms(turn.text());
                    break;
                }
            }
        }
        return index.search(terms, context, CONTEXT_WEIGHT, maxHits);
    }

    /**
     * The index of an experience, waiting for it while the startup build runs; built on first use for experiences not
     * known at startup.
     */
    KnowledgeBaseIndex index(Experience experience) {
        CompletableFuture<KnowledgeBaseIndex> future = indexes.computeIfAbsent(experience.id(),
                id -> CompletableFuture.completedFuture(build(experience)));
        try {
            return future.join();
        } catch (CompletionException e) {
            throw new AnswerException("The knowledge base of '" + experience.id() + "' could not be indexed",
                    e.getCause());
        }
    }

    private static IllegalStateException missing(Experience experience, String file) {
        return new IllegalStateException(
                "Experience '" + experience.id() + "': knowledge-base file not found: " + file);
    }

    private KnowledgeBaseIndex build(Experience experience) {
        long start = System.nanoTime();
        List<String> files = registry.knowledgeBaseFiles(experience);
        List<KnowledgeBaseSection> sections = new ArrayList<>();
        for (String file : files) {
            String markdown = registry.readFile(experience, file).orElseThrow(() -> missing(experience, file));
            sections.addAll(KnowledgeBaseSection.parse(file, markdown));
        }
        KnowledgeBaseIndex index = new KnowledgeBaseIndex(sections);
        LOG.infof("Knowledge base of '%s': %d sections from %d files indexed in %d ms", experience.id(),
                index.size(), files.size(), (System.nanoTime() - start) / 1_000_000);
        return index;
    }

    /** Emits {@code markdown} in chunks of {@code words} words; the chunks concatenate to exactly the input. */
    static void stream(String markdown, int words, int delayMillis, Consumer<String> onChunk) {
        int start = 0;
        int seen = 0;
        boolean inWord = false;
        for (int i = 0; i < markdown.length(); i++) {
            boolean space = Character.isWhitespace(markdown.charAt(i));
            if (!space && !inWord && ++seen > words) {
                emit(markdown.substring(start, i), delayMillis, start > 0, onChunk);
                start = i;
                seen = 1;
            }
            inWord = !space;
        }
        if (start < markdown.length()) {
            emit(markdown.substring(start), delayMillis, start > 0, onChunk);
        }
    }

    private static void emit(String chunk, int delayMillis, boolean pauseFirst, Consumer<String> onChunk) {
        if (pauseFirst && delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AnswerException("Answer interrupted", e);
            }
        }
        onChunk.accept(chunk);
    }

    @PreDestroy
    void close() {
        indexes.values().forEach(future -> future.thenAccept(KnowledgeBaseIndex::close));
    }
}
