package io.nexuschat.answer.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.nexuschat.answer.Answer;
import io.nexuschat.answer.AnswerEngine;
import io.nexuschat.answer.AnswerException;
import io.nexuschat.answer.AnswerRequest;
import io.nexuschat.answer.EngineSettings;
import io.nexuschat.answer.StreamIdleTimeout;
import io.nexuschat.answer.http.BotFailure.Reason;
import io.nexuschat.relay.webhook.WebhookSigner;

/**
 * The {@code http} engine: the integrator's own bot answers. For each query it {@code POST}s the message and its
 * context to the bot, signed like our webhooks (Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}), and relays the bot's answer — JSON, or streamed as server-sent events or NDJSON
 * ({@link BotReplyReader}) — with the bot's {@code session} directive, which the conversation applies.
 *
 * <p>
 * Request body: {@code {experienceId, sessionId, queryId, text, userId?, carried, metadata, history: [{role, text,
 * createdAt}], session: {createdAt, lastActivityAt, messageCount, previousSessionId?}}}.
 *
 * <p>
 * Settings ({@code answer.settings}, see {@link BotSettings}): {@code url} (required), {@code secretEnv} (required:
 * the NAME of the environment variable holding the {@code whsec_…} secret), {@code timeout} [15 s: until the response
 * starts, and between two pieces of a stream], {@code headers} [none: header name → environment variable name],
 * {@code historyMessages} [20], {@code maxResponseBytes} [262144].
 *
 * <p>
 * Every failure — unreachable, timeout, non-2xx, malformed reply, unknown directive, reply too large, a stream that
 * ends early, wrong settings — reaches visitors only as {@link AnswerException#UNAVAILABLE}; the detail goes to the
 * log and the failure is counted in {@code nexus.bot.failures} (tags {@code experience}, {@code reason}).
 */
@ApplicationScoped
public class HttpBotEngine implements AnswerEngine {

    /** The engine id experiences select. */
    public static final String ID = "http";
    /** The counter of failed bot calls. */
    public static final String FAILURES = "nexus.bot.failures";

    private static final Logger LOG = Logger.getLogger(HttpBotEngine.class);
    private static final int MAX_LOGGED_BODY = 300;

    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final Function<String, String> environment;
    /** HTTP/1.1: streams gain nothing from HTTP/2, and small bot servers need not cope with an h2c upgrade. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    /** Closes bodies that went quiet for longer than {@code timeout} (the client's own timeout ends at the headers). */
    private final ScheduledExecutorService watchdog = StreamIdleTimeout.watchdog("bot-stream-watchdog");

    @Inject
    public HttpBotEngine(ObjectMapper mapper, MeterRegistry meters) {
        // Secrets from the environment, through the config sources (so tests can set them as properties).
        this(mapper, meters, name -> ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse(null));
    }

    /** @param environment looks up environment variables by name (tests pass a map's {@code get}) */
    HttpBotEngine(ObjectMapper mapper, MeterRegistry meters, Function<String, String> environment) {
        this.mapper = mapper;
        this.meters = meters;
        this.environment = environment;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Answer answer(AnswerRequest request, Consumer<String> onChunk) {
        String experienceId = request.experience().id();
        BotSettings settings;
        try {
            settings = BotSettings.of(EngineSettings.of(request.experience()), environment);
        } catch (AnswerException misconfigured) {
            count(experienceId, Reason.MISCONFIGURED);
            throw misconfigured;
        }
        try {
            return call(request, settings, onChunk);
        } catch (BotFailure failure) {
            count(experienceId, failure.reason());
            LOG.warnf("Experience '%s': the bot at %s failed (%s): %s", experienceId, settings.url(),
                    failure.reason().tag(), failure.detail());
            throw failure;
        }
    }

    private Answer call(AnswerRequest request, BotSettings settings, Consumer<String> onChunk) {
        byte[] body = body(request, settings.historyMessages());
        String messageId = "msg_" + UUID.randomUUID();
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream, application/x-ndjson")
                .header("User-Agent", "NexusChat-Bot/1")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.sign(settings.secret(), messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        settings.headers().forEach(builder::header);
        HttpResponse<InputStream> response = send(builder.build(), settings.timeout());
        BotReplyReader reader = new BotReplyReader(mapper, request.experience().id());
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status / 100 != 2) {
                throw new BotFailure(Reason.STATUS, "HTTP " + status + ": "
                        + BotReplyReader.quote(new String(in.readNBytes(MAX_LOGGED_BODY), StandardCharsets.UTF_8)));
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length > settings.maxResponseBytes()) {
                throw new BotFailure(Reason.TOO_LARGE, "Content-Length " + length + " is larger than "
                        + "maxResponseBytes (" + settings.maxResponseBytes() + ")");
            }
            BotReplyReader.Form form = BotReplyReader.Form.of(response.headers().firstValue("Content-Type")
                    .orElse(null));
            StreamIdleTimeout idle = new StreamIdleTimeout(watchdog, in, settings.timeout());
            try (idle) {
                return reader.read(form, in, settings.maxResponseBytes(), !request.context().carried(), idle::activity,
                        onChunk);
            } catch (IOException e) {
                throw idle.hasExpired()
                        ? new BotFailure(Reason.TIMEOUT, "the reply went quiet for " + settings.timeout().toMillis()
                                + " ms", e)
                        : new BotFailure(Reason.UNREACHABLE, "the connection broke while reading: " + e, e);
            }
        } catch (IOException e) { // reading an error body, or closing
            throw new BotFailure(Reason.UNREACHABLE, "the connection broke: " + e, e);
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request, Duration timeout) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new BotFailure(Reason.TIMEOUT, "could not connect in time", e);
        } catch (HttpTimeoutException e) {
            throw new BotFailure(Reason.TIMEOUT, "no response within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new BotFailure(Reason.UNREACHABLE, "cannot reach the bot: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnswerException("The answer was interrupted", e);
        }
    }

    /** The exact bytes that are signed and sent. */
    byte[] body(AnswerRequest request, int historyMessages) {
        AnswerRequest.Context context = Objects.requireNonNull(request.context(), "the http engine needs the query");
        ObjectNode body = mapper.createObjectNode();
        body.put("experienceId", request.experience().id());
        body.put("sessionId", request.sessionId());
        body.put("queryId", context.queryId());
        body.put("text", request.query());
        if (context.userId() != null) {
            body.put("userId", context.userId());
        }
        body.put("carried", context.carried());
        body.set("metadata", mapper.valueToTree(context.metadata()));
        ArrayNode history = body.putArray("history");
        List<AnswerRequest.Turn> turns = request.history() == null ? List.of() : request.history();
        for (AnswerRequest.Turn turn : turns.subList(Math.max(0, turns.size() - historyMessages), turns.size())) {
            ObjectNode t = history.addObject().put("role", turn.role()).put("text", turn.text());
            if (turn.createdAt() != null) {
                t.put("createdAt", turn.createdAt().toString());
            }
        }
        ObjectNode session = body.putObject("session");
        session.put("createdAt", String.valueOf(context.createdAt()));
        session.put("lastActivityAt", String.valueOf(context.lastActivityAt()));
        session.put("messageCount", context.messageCount());
        if (context.previousSessionId() != null) {
            session.put("previousSessionId", context.previousSessionId());
        }
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of strings and numbers always serializes
        }
    }

    private void count(String experienceId, Reason reason) {
        meters.counter(FAILURES, "experience", experienceId, "reason", reason.tag()).increment();
    }

    @PreDestroy
    void close() {
        watchdog.shutdownNow();
        http.close();
    }
}
