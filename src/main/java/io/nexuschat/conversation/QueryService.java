package io.nexuschat.conversation;

import java.time.Instant;
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
import io.nexuschat.answer.SessionDirective;
import io.nexuschat.common.AppClock;
import io.nexuschat.common.Caller;
import io.nexuschat.common.FieldErrors;
import io.nexuschat.common.GroupCommit;
import io.nexuschat.common.ProblemException;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.session.EndReason;
import io.nexuschat.session.SessionChange;
import io.nexuschat.session.SessionService;
import io.nexuschat.session.SessionView;

/**
 * Answers a query in two short transactions around the engine: store the visitor's message (creating or rolling over
 * the session as needed), let the engine stream with no transaction or connection held, then store the answer (with
 * the session change a bot's directive asks for).
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
    private final SessionService sessions;
    private final AppClock clock;
    private final GroupCommit commits;
    // Engines block (HTTP calls, retrieval); each answer gets its own virtual thread so it can be timed out.
    private final ExecutorService engineThreads = Executors
            .newThreadPerTaskExecutor(Thread.ofVirtual().name("answer-", 0).factory());

    @Inject
    public QueryService(ExperienceRegistry experiences, MessageService messages, AnswerEngines engines,
            MarkdownRenderer renderer, ConversationConfig config, SessionService sessions, AppClock clock,
            GroupCommit commits) {
        this.commits = commits;
        this.experiences = experiences;
        this.messages = messages;
        this.engines = engines;
        this.renderer = renderer;
        this.config = config;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * A query whose message is stored and which is ready to be answered.
     *
     * @param startedNanos {@link System#nanoTime()} when the query arrived, for the answer's duration
     */
    public record PreparedQuery(Experience experience, String queryId, AcceptedMessage accepted, long startedNanos) {

        /** The session the query's message is stored in (a bot may carry it on: {@link AnsweredQuery#sessionId()}). */
        public UUID sessionId() {
            return accepted.session().id();
        }

        /** Set when the query created its session or was moved to a new one. */
        public SessionChange change() {
            return accepted.change();
        }
    }

    /**
     * A stored answer. {@code message} is null only if the session was deleted while answering.
     *
     * @param sessionId the session the answer is stored in: the query's, or the new one the bot carried it into
     * @param carried set when the bot carried the query into a new session (announced before the answer's chunks)
     * @param after set when the bot ended the session after this answer: {@code sessionId} of the change is the new
     *        session it started, or null when it only stopped (the next message opens one)
     */
    public record AnsweredQuery(String markdown, String html, List<Experience.Action> actions, MessageView message,
            long durationMillis, UUID sessionId, SessionChange carried, SessionChange after) {

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
        Caller asked = caller.withUser(request.userId(), request.userHash());
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
     * <p>
     * The engine's session directive (the {@code http} engine's bot) is applied here: {@code new} with {@code carry}
     * ends the session, opens a new one and answers the message again there (once: a carried message is never carried
     * again), announced through {@code onSession} before the new answer's chunks; {@code metadata} is merged;
     * {@code stop} and {@code new} without carry end the session in the transaction that stores the answer, reported
     * as {@link AnsweredQuery#after()}.
     *
     * @throws AnswerFailure when the engine fails or exceeds the answer timeout; nothing more is stored then
     */
    @io.nexuschat.ops.MeasuredQuery // outcome and latency metrics
    public AnsweredQuery answer(PreparedQuery query, Consumer<String> onChunk, Consumer<SessionChange> onSession)
            throws AnswerFailure {
        AcceptedMessage accepted = query.accepted();
        MessageView answered = accepted.answer();
        if (answered != null) {
            if (!answered.text().isEmpty()) {
                onChunk.accept(answered.text());
            }
            return new AnsweredQuery(answered.text(), answered.html(), answered.actions(), answered,
                    durationMillis(query), answered.sessionId(), null, null);
        }
        AnswerEngine engine;
        try {
            engine = engines.forExperience(query.experience());
        } catch (AnswerException misconfigured) {
            LOG.error(misconfigured.getMessage());
            throw new AnswerFailure(AnswerFailure.BACKEND, misconfigured.clientMessage());
        }
        Answer answer = run(engine, request(query, accepted), onChunk, query.queryId());
        SessionChange carried = null;
        if (answer.session() != null && answer.session().carried() && !accepted.carried()) {
            Optional<AcceptedMessage> moved = messages.carry(accepted.session().id(), accepted.message(),
                    query.experience(), answer.session().metadata());
            if (moved.isEmpty()) {
                // The session was deleted meanwhile: there is nothing to continue, and nowhere to store an answer.
                return new AnsweredQuery("", "", List.of(), null, durationMillis(query), accepted.session().id(),
                        null, null);
            }
            accepted = moved.get();
            carried = accepted.change();
            onSession.accept(carried);
            answer = run(engine, request(query, accepted), onChunk, query.queryId());
        }
        if (accepted.carried() && answer.session() != null
                && answer.session().action() == SessionDirective.Action.NEW) {
            // A message is carried once (this one just now, or by the first delivery of this retried query): no loop.
            answer = withoutNew(answer, engine, query);
        }
        UUID sessionId = accepted.session().id();
        String markdown = answer.markdown() == null ? "" : answer.markdown();
        String html = renderer.toSafeHtml(markdown);
        NewMessage message = new NewMessage(markdown, html, query.queryId(), answer.actions());
        SessionDirective directive = answer.session();
        // Shares its commit with concurrent answers' and queries' (GroupCommit).
        Stored stored = commits.call(() -> {
            Optional<MessageService.Appended> appended = messages.appendAssistantMessage(sessionId, message);
            // A retry that stored its answer first applied its own directive.
            boolean ours = appended.isPresent() && appended.get().created();
            return new Stored(appended.map(MessageService.Appended::message).orElse(null),
                    ours && directive != null ? applyAfterAnswer(directive, sessionId, query) : null);
        });
        if (stored.message() == null) {
            return new AnsweredQuery(markdown, html, answer.actions(), null, durationMillis(query), sessionId,
                    carried, null);
        }
        // Usually this answer; the first delivery's when a retry of the same query was answered first.
        MessageView m = stored.message();
        return new AnsweredQuery(m.text(), m.html(), m.actions(), m, durationMillis(query), sessionId, carried,
                stored.after());
    }

    private record Stored(MessageView message, SessionChange after) {
    }

    /**
     * The directive's effect once its answer is stored, in the same transaction: metadata merged ({@code UPDATED}),
     * then {@code stop} ends the session, {@code new} ends it and opens the next one. Returns the change to announce.
     */
    private SessionChange applyAfterAnswer(SessionDirective directive, UUID sessionId, PreparedQuery query) {
        Instant now = clock.now();
        if (directive.metadata() != null && !sessions.mergeMetadata(sessionId, directive.metadata(), now)) {
            LOG.warnf("Query %s: the bot's session metadata was not merged: the session's metadata would exceed "
                    + "nexus.sessions.max-metadata-chars", query.queryId());
        }
        if (directive.action() == SessionDirective.Action.STOP) {
            EndReason reason = directive.stopReason() == SessionDirective.StopReason.RESOLVED
                    ? EndReason.RESOLVED
                    : EndReason.ENDED;
            return sessions.end(sessionId, reason, now) ? new SessionChange(sessionId, null, reason.json()) : null;
        }
        if (directive.action() == SessionDirective.Action.NEW) {
            return sessions.endAndContinue(sessionId, EndReason.BOT, query.experience(), now)
                    .map(SessionService.Locked::change).orElse(null);
        }
        return null;
    }

    /** The answer of a carried message without the bot's second {@code new}: a message is carried once, no loop. */
    private static Answer withoutNew(Answer answer, AnswerEngine engine, PreparedQuery query) {
        LOG.warnf("Answer engine %s asked for a new session again for query %s, which it had carried into a new "
                + "session already; ignored (a message is carried once)", engine.id(), query.queryId());
        return new Answer(answer.markdown(), answer.actions(), answer.session().withoutNew());
    }

    /** What the engine is given: the message, the session's earlier messages and the query's context. */
    private static AnswerRequest request(PreparedQuery query, AcceptedMessage accepted) {
        SessionView session = accepted.session();
        List<AnswerRequest.Turn> history = accepted.history().stream()
                .map(m -> new AnswerRequest.Turn(m.role().json(), m.text(), m.createdAt())).toList();
        AnswerRequest.Context context = new AnswerRequest.Context(query.queryId(), session.userId(),
                session.metadata(), session.createdAt(), session.lastActivityAt(), session.messageCount(),
                session.previousSessionId() == null ? null : session.previousSessionId().toString(),
                accepted.carried());
        return new AnswerRequest(query.experience(), session.id().toString(), history, accepted.message().text(),
                context);
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
