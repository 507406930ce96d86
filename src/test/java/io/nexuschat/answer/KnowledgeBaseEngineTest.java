package io.nexuschat.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.quarkus.test.junit.QuarkusTest;

/** The knowledge-base engine answering from the real demo knowledge base, as the running application builds it. */
@QuarkusTest
class KnowledgeBaseEngineTest {

    @Inject
    AnswerEngines engines;

    @Inject
    ExperienceRegistry registry;

    @Inject
    MarkdownRenderer renderer;

    private Experience demo() {
        return registry.require("demo");
    }

    private Answer ask(Experience experience, String question, AnswerRequest.Turn... history) {
        return engines.forExperience(experience)
                .answer(new AnswerRequest(experience, "s-1", List.of(history), question), chunk -> {
                });
    }

    /** The heading named by the first source line of an answer (the section it leads with). */
    private static String firstSource(Answer answer) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\*Source: (.+)\\*").matcher(answer.markdown());
        assertThat(m.find()).as("a source line in %s", answer.markdown()).isTrue();
        return m.group(1);
    }

    @Test
    void demoExperienceIsAnsweredByTheKnowledgeBaseEngine() {
        assertThat(engines.forExperience(demo())).isInstanceOf(KnowledgeBaseEngine.class)
                .extracting(AnswerEngine::id).isEqualTo("knowledge-base");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            How do I embed the widget?                                     | Embedding the widget › Embed the widget with a script tag
            What is the difference between clearChat and startNewSession?  | Sessions › clearChat vs startNewSession
            How long does a session last?                                  | Sessions › Session expiry
            Which events are emitted?                                      | Events › Listening to events
            How do I handle tour links?                                    | Custom protocol links › Handling links with customProtocolHandlers
            How do I verify webhook signatures?                            | Webhooks › Verify webhook signatures
            What CSP do I need?                                            | Embedding the widget › Content Security Policy (CSP)
            Can I put two widgets on one page?                             | Embedding the widget › Several widgets on one page
            How do I resume a session after a page reload?                 | Sessions › Resume a session after a page reload
            How do I create a session from my backend?                     | Sessions › Create a session from your server with the REST API
            What happens when a session expires?                           | Sessions › What happens when a session has expired
            How do I send events to Google Analytics?                      | Analytics › Google Analytics in the page
            How do I connect a live agent?                                 | Handover to a human agent › Connecting a live chat system
            What does the error event contain?                             | Events › Error events
            Is there a dark mode?                                          | Widget configuration › Theme (dark mode), position and language
            How do I set the OpenAI API key?                               | Experience configuration › Answering with an LLM: OpenAI engine settings
            Can I answer with my own LLM?                                  | Experience configuration › Answering with an LLM: OpenAI engine settings
            What is the queueing snippet for?                              | Embedding the widget › Calling the widget before the script has loaded
            How can I answer some messages locally without the backend?    | Message interceptor › What the message interceptor does
            How do I install the widget on WordPress?                      | Embedding the widget › Embed the widget with a script tag
            What are the payload fields of the minimize event?             | Events › UI lifecycle events
            Which errors can the REST API return?                          | REST API › Errors
            How do I paginate the messages of a session?                   | REST API › Pagination
            Streaming answers arrive all at once behind nginx              | Troubleshooting › Streaming answers arrive all at once
            How do I scale out to several instances?                       | Running the server › Scaling out with PostgreSQL
            """)
    void realQuestionsAreAnsweredFromTheExpectedSection(String question, String expectedHeading) {
        Answer answer = ask(demo(), question);

        assertThat(firstSource(answer)).isEqualTo(expectedHeading);
        assertThat(answer.markdown()).as("leads with the answer, not a heading").doesNotStartWith("#");
        assertThat(answer.actions()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"what's the weather in Paris", "asdf qwer", "tell me a joke", "who won the world cup",
            "recipe for pancakes", "how to install python", "what is the capital of France",
            "write me a poem about the sea", "how do I bake bread", "?", "hello"})
    void offTopicAndGibberishFallBackHonestlyWithAHandover(String question) {
        Answer answer = ask(demo(), question);

        assertThat(answer.markdown()).isEqualTo(KnowledgeBaseEngine.DEFAULT_FALLBACK)
                .contains("I don't know that from my knowledge base");
        assertThat(answer.actions()).singleElement().satisfies(action -> {
            assertThat(action.id()).isEqualTo("handover");
            assertThat(action.label()).isEqualTo("Talk to a person");
            assertThat(action.action().type()).isEqualTo("trigger_handover");
            assertThat(action.action().payload()).isEqualTo(Map.of("reason", "no_answer", "priority", "normal"));
        });
    }

    @Test
    void answersStreamInSmallWordGroupsThatConcatenateToTheAnswer() {
        List<String> chunks = new ArrayList<>();
        Answer answer = engines.forExperience(demo()).answer(
                new AnswerRequest(demo(), "s-1", List.of(), "How long does a session last?"), chunks::add);

        assertThat(chunks).hasSizeGreaterThan(10);
        assertThat(String.join("", chunks)).isEqualTo(answer.markdown());
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.strip().split("\\s+")).hasSizeBetween(1, 4));
    }

    @Test
    void theFallbackIsStreamedToo() {
        List<String> chunks = new ArrayList<>();
        Answer answer = engines.forExperience(demo())
                .answer(new AnswerRequest(demo(), "s-1", List.of(), "asdf qwer"), chunks::add);

        assertThat(String.join("", chunks)).isEqualTo(answer.markdown());
    }

    @Test
    void customProtocolLinksInTheKnowledgeBaseSurviveIntoTheSafeHtml() {
        Answer answer = ask(demo(), "What are custom protocol links?");

        assertThat(answer.markdown()).contains("[Start the embedding tour](tour:id=embedding)");
        assertThat(renderer.toSafeHtml(answer.markdown()))
                .contains("<a href=\"tour:id&#61;embedding\" data-protocol=\"tour:\">Start the embedding tour</a>");
    }

    @Test
    void aShortFollowUpIsUnderstoodInTheContextOfThePreviousQuestion() {
        AnswerRequest.Turn aboutWebhooks = new AnswerRequest.Turn("user", "How do I verify webhook signatures?");
        AnswerRequest.Turn aboutTheWidget = new AnswerRequest.Turn("user", "What are the widget's network settings?");
        AnswerRequest.Turn reply = new AnswerRequest.Turn("assistant", "Some answer.");

        assertThat(firstSource(ask(demo(), "and retries?", aboutWebhooks, reply)))
                .isEqualTo("Webhooks › Retries and failures");
        assertThat(firstSource(ask(demo(), "and retries?", aboutTheWidget, reply)))
                .isEqualTo("Widget configuration › Network settings");
    }

    @Test
    void aCloseSecondSectionIsAddedToTheAnswer() {
        Answer answer = ask(demo(), "How do I resume a session after a reload?");

        assertThat(answer.markdown()).contains("*Source: Troubleshooting › The session does not resume after a reload*",
                "*Source: Sessions › Resume a session after a page reload*");
        assertThat(ask(withSettings(Map.of("maxSections", 1)), "How do I resume a session after a reload?")
                .markdown()).doesNotContain("Source: Sessions › Resume");
    }

    @Test
    void settingsTuneThresholdChunkSizeAndFallbackMessage() {
        Experience strict = withSettings(Map.of("minScore", 1000, "fallbackMessage", "Ask our team instead."));
        assertThat(ask(strict, "How long does a session last?").markdown()).isEqualTo("Ask our team instead.");

        List<String> chunks = new ArrayList<>();
        Experience wordByWord = withSettings(Map.of("chunkWords", 1));
        engines.forExperience(wordByWord)
                .answer(new AnswerRequest(wordByWord, "s-1", List.of(), "How long does a session last?"), chunks::add);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.strip()).doesNotContainAnyWhitespaces());
    }

    @Test
    void aSettingOfTheWrongTypeIsAConfigurationError() {
        assertThatThrownBy(() -> ask(withSettings(Map.of("minScore", "high")), "sessions"))
                .isInstanceOf(AnswerException.class)
                .hasMessage("Experience 'demo': answer.settings.minScore must be a number");
    }

    @Test
    void streamingSplitsIntoWordGroupsAndKeepsEveryCharacter() {
        List<String> chunks = new ArrayList<>();
        KnowledgeBaseEngine.stream("  one two\n\nthree  four five\tsix ", 2, 0, chunks::add);

        assertThat(chunks).containsExactly("  one two\n\n", "three  four ", "five\tsix ");
        KnowledgeBaseEngine.stream("", 4, 0, chunks::add);
        assertThat(chunks).hasSize(3);
    }

    /**
     * Prints retrieval latency over the demo knowledge base and the index build time. Timing is machine-dependent, so
     * it is reported, not asserted; what is asserted is that every one of the 1000 queries got an answer.
     */
    @Test
    void latencyReport() {
        List<String> questions = Arrays.asList("How do I embed the widget?", "How long does a session last?",
                "Which events are emitted?", "How do I verify webhook signatures?", "asdf qwer",
                "What is the difference between clearChat and startNewSession?", "How do I handle tour links?",
                "what's the weather in Paris", "Can I put two widgets on one page?", "What CSP do I need?");
        Experience demo = demo();
        AnswerEngine engine = engines.forExperience(demo);
        for (int i = 0; i < 200; i++) { // warm-up
            engine.answer(new AnswerRequest(demo, "s", List.of(), questions.get(i % questions.size())), c -> {
            });
        }
        long[] nanos = new long[1000];
        long[] renderNanos = new long[1000];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            Answer answer = engine.answer(
                    new AnswerRequest(demo, "s", List.of(), questions.get(i % questions.size())), c -> {
                    });
            nanos[i] = System.nanoTime() - start;
            start = System.nanoTime();
            String html = renderer.toSafeHtml(answer.markdown());
            renderNanos[i] = System.nanoTime() - start;
            assertThat(answer.markdown()).isNotBlank();
            assertThat(html).isNotBlank();
        }
        Arrays.sort(nanos);
        Arrays.sort(renderNanos);

        long buildStart = System.nanoTime();
        try (KnowledgeBaseIndex index = new KnowledgeBaseIndex(registry.knowledgeBaseFiles(demo).stream()
                .flatMap(file -> KnowledgeBaseSection.parse(file, registry.readFile(demo, file).orElseThrow())
                        .stream())
                .toList())) {
            long buildMillis = (System.nanoTime() - buildStart) / 1_000_000;
            System.out.printf("knowledge-base latency over 1000 queries: p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
                    + "toSafeHtml of those answers: p50 %.3f ms, p99 %.3f ms; demo index (%d sections) rebuilt in %d ms%n",
                    nanos[499] / 1e6, nanos[989] / 1e6, nanos[999] / 1e6, renderNanos[499] / 1e6,
                    renderNanos[989] / 1e6, index.size(), buildMillis);
        }
    }

    private Experience withSettings(Map<String, Object> settings) {
        Experience e = demo();
        return new Experience(e.id(), e.name(), new Experience.Answer(e.engine(), settings), e.messages(),
                e.disclaimer(), e.theme(), e.allowedOrigins(), e.session(), e.relay(), e.knowledgeBase());
    }
}
