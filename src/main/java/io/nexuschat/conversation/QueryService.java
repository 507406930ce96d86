package io.nexuschat.conversation;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.nexuschat.answer.Answer;
import io.nexuschat.answer.AnswerEngine;
import io.nexuschat.answer.AnswerEngines;
import io.nexuschat.answer.AnswerException;
import io.nexuschat.answer.AnswerRequest;
import io.nexuschat.answer.MarkdownRenderer;
import io.nexuschat.common.Caller;
import io.nexuschat.common.FieldErrors;
import io.nexuschat.common.ProblemException;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.session.SessionChange;
import io.nexuschat.session.SessionService;

/**
 * Answers a query in two short transactions around the engine: store the visitor's message (creating or rolling over
 * the session as needed), let the engine stream with no transaction or connection held, then store the answer.
 */
@ApplicationScoped
public class QueryService {

    /** Longest accepted message, in characters after trimming. */
    public static final int MAX_TEXT = 4000;
    /** Longest client-chosen query id. */
    public static final int MAX_QUERY_ID = 100;
    /**
     * A client-chosen query id: letters, digits and {@code . _ : -} (a UUID fits). It is echoed in every event and
     * written to the server log, where line breaks or control characters could forge entries.
     */
    static final Pattern QUERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_QUERY_ID + "}");

    private static final Logger LOG = Logger.getLogger(QueryService.class);

    private final ExperienceRegistry experiences;
    private final MessageService messages;
    private final AnswerEngines engines;
    private final MarkdownRenderer renderer;
    private final ConversationConfig config;
    // Engines block (HTTP calls, retrieval); each answer gets its own virtual thread so it can be timed out.
    private final ExecutorService engineThreads = Executors
            .newThreadPerTaskExecutor(Thread.ofVirtual().name("answer-", 0).factory());

    @Inject
    public QueryService(ExperienceRegistry experiences, MessageService messages, AnswerEngines engines,
            MarkdownRenderer renderer, ConversationConfig config) {
        this.experiences = experiences;
        this.messages = messages;
        this.engines = engines;
        this.renderer = renderer;
        this.config = config;
    }

    /**
     * A query whose message is stored and which is ready to be answered.
     *
     * @param startedNanos {@link System#nanoTime()} when the query arrived, for the answer's duration
     */
    public record PreparedQuery(Experience experience, String queryId, AcceptedMessage accepted, long startedNanos) {

        /** The session the query is answered in. */
        public UUID sessionId() {
            return accepted.session().id();
        }

        /** Set when the query created its session or was moved to a new one. */
        public SessionChange change() {
            return accepted.change();
        }
    }

    /** A stored answer. {@code message} is null only if the session was deleted while answering. */
    public record AnsweredQuery(String markdown, String html, List<Experience.Action> actions, MessageView message,
            long durationMillis) {

        public UUID messageId() {
            return message == null ? null : message.id();
        }
    }

    /** Validates the query and stores the visitor's message; every input problem is a 400 before anything is stored. */
    public PreparedQuery prepare(QueryRequest request, Caller caller) {
        long started = System.nanoTime();
        if (request == null) {
            throw ProblemException.invalidField("body", "a JSON object is required");
        }
        FieldErrors errors = new FieldErrors();
        if (request.experienceId() == null || request.experienceId().isBlank()) {
            errors.add("experienceId", "is required");
        }
        UUID sessionId = errors.optionalNewId("sessionId", request.sessionId());
        String text = request.text() == null ? "" : request.text().strip();
        if (text.isEmpty()) {
            errors.add("text", "must not be empty");
        }
        errors.maxLength("text", text, MAX_TEXT);
        if (request.queryId() != null && !QUERY_ID.matcher(request.queryId()).matches()) {
            errors.add("queryId", "must be 1 to " + MAX_QUERY_ID + " letters, digits, '.', '_', ':' or '-'");
        }
        Caller asked = caller.withUserId(request.userId());
        SessionService.checkUserId(errors, request.userId());
        errors.throwIfAny();
        Experience experience = experiences.require(request.experienceId());
        String queryId = request.queryId() != null ? request.queryId() : UUID.randomUUID().toString();
        AcceptedMessage accepted = messages.acceptUserMessage(experience, sessionId, asked, request.metadata(),
                new NewMessage(text, renderer.toSafeHtml(text), queryId, List.of()), config.historyMessages());
        return new PreparedQuery(experience, queryId, accepted, started);
    }

    /**
     * Runs the engine, passing each chunk to {@code onChunk} as soon as it exists, then stores the answer. A retried
     * query that was already answered gets its stored answer again, as one chunk, without running the engine.
     *
     * @throws AnswerFailure when the engine fails or exceeds the answer timeout; nothing more is stored then
     */
    @io.nexuschat.ops.MeasuredQuery // outcome and latency metrics
    public AnsweredQuery answer(PreparedQuery query, Consumer<String> onChunk) throws AnswerFailure {
        MessageView answered = query.accepted().answer();
        if (answered != null) {
            if (!answered.text().isEmpty()) {
                onChunk.accept(answered.text());
            }
            return stored(answered, query);
        }
        List<AnswerRequest.Turn> history = query.accepted().history().stream()
                .map(m -> new AnswerRequest.Turn(m.role().json(), m.text())).toList();
        AnswerRequest request = new AnswerRequest(query.experience(), query.sessionId().toString(), history,
                query.accepted().message().text());
        AnswerEngine engine;
        try {
            engine = engines.forExperience(query.experience());
        } catch (AnswerException misconfigured) {
            LOG.error(misconfigured.getMessage());
            throw new AnswerFailure(AnswerFailure.BACKEND, misconfigured.clientMessage());
        }
        Answer answer = run(engine, request, onChunk, query.queryId());
        String markdown = answer.markdown() == null ? "" : answer.markdown();
        String html = renderer.toSafeHtml(markdown);
        Optional<MessageView> stored = messages.appendAssistantMessage(query.sessionId(),
                new NewMessage(markdown, html, query.queryId(), answer.actions()));
        if (stored.isEmpty()) {
            return new AnsweredQuery(markdown, html, answer.actions(), null, durationMillis(query));
        }
        // Usually this answer; the first delivery's when a retry of the same query was answered first.
        return stored(stored.get(), query);
    }

    private static AnsweredQuery stored(MessageView answer, PreparedQuery query) {
        return new AnsweredQuery(answer.text(), answer.html(), answer.actions(), answer, durationMillis(query));
    }

    private static long durationMillis(PreparedQuery query) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - query.startedNanos());
    }

    private Answer run(AnswerEngine engine, AnswerRequest request, Consumer<String> onChunk, String queryId)
            throws AnswerFailure {
        AtomicBoolean open = new AtomicBoolean(true);
        Future<Answer> running = engineThreads.submit(() -> engine.answer(request, chunk -> {
            // After a timeout the engine may still emit: those chunks belong to an answer nobody waits for.
            if (open.get() && chunk != null && !chunk.isEmpty()) {
                onChunk.accept(chunk);
            }
        }));
        try {
            Answer answer = running.get(config.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
            open.set(false);
            return answer == null ? new Answer("", List.of()) : answer;
        } catch (TimeoutException e) {
            open.set(false);
            running.cancel(true);
            throw new AnswerFailure(AnswerFailure.TIMEOUT,
                    "No answer within " + config.answerTimeout().toSeconds() + " s; please try again");
        } catch (ExecutionException e) {
            open.set(false);
            if (e.getCause() instanceof AnswerException failure) {
                // A misconfiguration is the operator's to fix: logged as an error, with a generic word for visitors.
                LOG.logf(failure.misconfiguration() ? Logger.Level.ERROR : Logger.Level.WARN,
                        "Answer engine %s failed for query %s: %s", engine.id(), queryId, failure.getMessage());
                throw new AnswerFailure(AnswerFailure.BACKEND, failure.clientMessage());
            }
            LOG.errorf(e.getCause(), "Answer engine %s crashed for query %s", engine.id(), queryId);
            throw new AnswerFailure(AnswerFailure.BACKEND, "The answer engine failed; please try again");
        } catch (InterruptedException e) {
            open.set(false);
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new AnswerFailure(AnswerFailure.BACKEND, "The answer was interrupted");
        }
    }

    @PreDestroy
    void stop() {
        engineThreads.shutdownNow();
    }
}
