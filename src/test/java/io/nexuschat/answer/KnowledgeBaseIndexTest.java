package io.nexuschat.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class KnowledgeBaseIndexTest {

    private final KnowledgeBaseIndex index = new KnowledgeBaseIndex(List.of(
            new KnowledgeBaseSection("kb/s.md", "Sessions", "clearChat vs startNewSession",
                    "`clearChat()` ends the session; `startNewSession()` starts one immediately."),
            new KnowledgeBaseSection("kb/s.md", "Sessions", "Session expiry", "Sessions expire after 24 hours."),
            new KnowledgeBaseSection("kb/w.md", "Webhooks", "Retries", "Failed deliveries are retried."),
            new KnowledgeBaseSection("kb/n.md", "Network", "Retries", "Requests are retried twice.")));

    @Test
    void identifiersAreFoundByTheirWordsAndQuestionWordsAreIgnored() {
        assertThat(index.terms("How do I start a new session?")).containsExactly("start", "new", "session");
        assertThat(index.terms("startNewSession")).contains("startnewsess", "start", "new", "session");

        List<KnowledgeBaseIndex.Hit> hits = index.search(index.terms("how can I start a new session"), Set.of(), 0, 3);

        assertThat(hits.getFirst().section().title()).isEqualTo("clearChat vs startNewSession");
    }

    @Test
    void stemmingMatchesOtherFormsOfAWord() {
        List<KnowledgeBaseIndex.Hit> hits = index.search(index.terms("when do sessions expire"), Set.of(), 0, 1);

        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.section().title()).isEqualTo("Session expiry");
            assertThat(hit.coverage()).isEqualTo(1.0);
        });
    }

    @Test
    void coverageIsTheShareOfQueryTermsInTheSection() {
        List<KnowledgeBaseIndex.Hit> hits = index.search(index.terms("session pancakes"), Set.of(), 0, 1);

        assertThat(hits.getFirst().coverage()).isEqualTo(0.5);
    }

    @Test
    void contextTermsBreakTiesButNeverMatchOnTheirOwn() {
        Set<String> retries = index.terms("retries?");
        Set<String> webhookContext = index.terms("How do I verify webhook signatures?");

        assertThat(index.search(retries, webhookContext, 0.3f, 1).getFirst().section().documentTitle())
                .isEqualTo("Webhooks");
        assertThat(index.search(retries, index.terms("network requests"), 0.3f, 1).getFirst().section()
                .documentTitle()).isEqualTo("Network");
        assertThat(index.search(index.terms("pancakes"), webhookContext, 0.3f, 3)).isEmpty();
    }

    @Test
    void concurrentQueriesShareOneIndexAndGetTheSameResults() throws Exception {
        List<String> questions = List.of("start a new session", "when do sessions expire", "webhook retries",
                "network requests retried");
        List<String> expected = questions.stream()
                .map(q -> index.search(index.terms(q), Set.of(), 0, 1).getFirst().section().title()).toList();

        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i % questions.size();
                results.add(pool.submit(() -> index.search(index.terms(questions.get(n)), Set.of(), 0, 1).getFirst()
                        .section().title().equals(expected.get(n))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    @Test
    void anEmptyQueryOrIndexFindsNothing() {
        assertThat(index.search(index.terms("how do I?"), Set.of(), 0, 3)).isEmpty();
        assertThat(new KnowledgeBaseIndex(List.of()).search(Set.of("session"), Set.of(), 0, 3)).isEmpty();
    }
}
