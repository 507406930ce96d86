package io.nexuschat.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.nexuschat.experience.Experience;

/**
 * Test engine {@code scripted}: answers deterministically in several chunks and says how many earlier messages it
 * received, so tests can check chunk order, completeness and context. Magic words in the query:
 * {@code #fail} fails after the first chunk; {@code #hang} blocks until interrupted (timeout); {@code #hostile}
 * answers with hostile Markdown; {@code #handover} offers a handover action; {@code #paced} waits 200 ms between
 * chunks, like a language model (for load measurements with many open streams); {@code #flaky} fails the first time
 * a session asks it, then answers (for retries); {@code #slowstart} thinks {@value #SLOW_START_MILLIS} ms before the
 * first chunk; {@code #held:<id>} thinks until the test releases {@link HeldAnswers} {@code id} (for heartbeats).
 */
@ApplicationScoped
public class ScriptedAnswerEngine implements AnswerEngine {

    /** Markdown that tries every trick the sanitizer must defeat. */
    public static final String HOSTILE = """
            Hi <script>alert('x')</script> there
            <img src="x" onerror="alert(1)">
            [click](javascript:alert(1)) and ![pic](data:image/svg+xml;base64,PHN2Zz4=)
            <a href="javascript:alert(2)" onclick="alert(3)">link</a> <iframe src="https://evil.example"></iframe>
            """;

    /** How long {@code #slowstart} waits before its first chunk. */
    public static final long SLOW_START_MILLIS = 1500;

    @Override
    public String id() {
        return "scripted";
    }

    private final Set<String> flakyFailures = ConcurrentHashMap.newKeySet();

    @Override
    public Answer answer(AnswerRequest request, Consumer<String> onChunk) {
        String query = request.query();
        if (query.contains("#flaky") && flakyFailures.add(request.sessionId() + "\n" + query)) {
            throw new AnswerException("Scripted flaky failure");
        }
        if (query.contains("#hang")) {
            onChunk.accept("Thinking");
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AnswerException("interrupted");
        }
        if (query.contains("#hostile")) {
            onChunk.accept(HOSTILE);
            return new Answer(HOSTILE, List.of());
        }
        HeldAnswers.awaitRelease(query);
        if (query.contains("#slowstart")) {
            try {
                Thread.sleep(SLOW_START_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AnswerException("interrupted");
            }
        }
        List<String> chunks = chunks(query, request.history().size());
        StringBuilder answer = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            if (i == 1 && query.contains("#fail")) {
                throw new AnswerException("Scripted failure");
            }
            if (i > 0 && query.contains("#paced")) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AnswerException("interrupted");
                }
            }
            onChunk.accept(chunks.get(i));
            answer.append(chunks.get(i));
        }
        List<Experience.Action> actions = query.contains("#handover")
                ? List.of(new Experience.Action("handover", "Talk to a person",
                        new Experience.ActionSpec("trigger_handover", Map.of("reason", "no_answer")), true))
                : List.of();
        return new Answer(answer.toString(), actions);
    }

    /** The chunks answering {@code query} after {@code historySize} earlier messages. */
    public static List<String> chunks(String query, int historySize) {
        List<String> chunks = new ArrayList<>();
        chunks.add("You said: ");
        chunks.add("**" + query + "**");
        chunks.add(". ");
        chunks.add("History: " + historySize + " messages");
        chunks.add(".");
        return chunks;
    }

    /** The complete answer {@link #chunks} add up to. */
    public static String answerTo(String query, int historySize) {
        return String.join("", chunks(query, historySize));
    }
}
