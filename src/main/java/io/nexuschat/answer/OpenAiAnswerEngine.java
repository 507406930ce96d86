package io.nexuschat.answer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nexuschat.experience.Experience;

/**
 * The {@code openai} engine: streams the answer of any OpenAI-compatible {@code POST {baseUrl}/v1/chat/completions}
 * endpoint (OpenAI, or a model served by vLLM, Ollama, LM Studio, a gateway …), with the system prompt and the
 * session's earlier turns as context. Uses the JDK's {@link HttpClient}: no extra dependency, and native-image friendly.
 *
 * <p>
 * Settings ({@code answer.settings}):
 * <ul>
 * <li>{@code baseUrl} [{@value #DEFAULT_BASE_URL}]: the server; {@code /v1/chat/completions} is appended.</li>
 * <li>{@code model} [{@value #DEFAULT_MODEL}].</li>
 * <li>{@code apiKeyEnv} [{@value #DEFAULT_API_KEY_ENV}]: the NAME of the environment variable holding the API key,
 * sent as {@code Authorization: Bearer}. Secrets come only from the environment; {@code ""} sends no key (local
 * servers).</li>
 * <li>{@code systemPrompt}: the system message; by default a short prompt naming the experience.</li>
 * <li>{@code temperature}: sent only when set.</li>
 * <li>{@code timeoutSeconds} [60, may be fractional]: the longest wait for the response to start and between two
 * lines of the stream — an idle timeout, so long answers that keep streaming are not cut.</li>
 * <li>{@code maxHistoryTurns} [{@value #DEFAULT_MAX_HISTORY_TURNS}]: how many of the latest earlier turns are sent.</li>
 * </ul>
 * Every failure — unreachable server, non-2xx status, timeout, a stream that is malformed or ends before
 * {@code [DONE]} — is an {@link AnswerException} with a message safe for clients (never the key or the upstream
 * body); details go to the server log. A missing API key or a bad {@code baseUrl} is a
 * {@linkplain AnswerException#misconfigured misconfiguration}, whose message is for the log only. Chunks already passed
 * to {@code onChunk} stay delivered.
 */
@ApplicationScoped
public class OpenAiAnswerEngine implements AnswerEngine {

    /** The engine id experiences select. */
    public static final String ID = "openai";

    static final String DEFAULT_BASE_URL = "https://api.openai.com";
    static final String DEFAULT_MODEL = "gpt-4o-mini";
    static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";
    static final double DEFAULT_TIMEOUT_SECONDS = 60;
    static final int DEFAULT_MAX_HISTORY_TURNS = 20;

    private static final Logger LOG = Logger.getLogger(OpenAiAnswerEngine.class);
    private static final int MAX_LOGGED_ERROR_BODY = 500;

    private final ObjectMapper mapper;
    private final Function<String, String> environment;
    /**
     * HTTP/1.1: a server-sent-events stream gains nothing from HTTP/2, and plain-http local servers (Ollama, vLLM) need
     * not cope with the client's h2c upgrade attempt.
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** One daemon thread enforces the idle timeout of every stream by closing streams that went quiet. */
    private final ScheduledExecutorService watchdog = StreamIdleTimeout.watchdog("openai-stream-watchdog");

    @Inject
    public OpenAiAnswerEngine(ObjectMapper mapper) {
        this(mapper, System::getenv);
    }

    /**
     * @param environment looks up environment variables by name; tests pass a map's {@code get} because a JVM cannot
     *        set its own environment
     */
    OpenAiAnswerEngine(ObjectMapper mapper, Function<String, String> environment) {
        this.mapper = mapper;
        this.environment = environment;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Answer answer(AnswerRequest request, Consumer<String> onChunk) {
        Experience experience = request.experience();
        EngineSettings settings = EngineSettings.of(experience);
        URI endpoint = endpoint(settings);
        Duration timeout = Duration.ofMillis(
                Math.max(1, Math.round(1000 * settings.number("timeoutSeconds", DEFAULT_TIMEOUT_SECONDS))));

        HttpRequest.Builder httpRequest = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(request, settings)));
        String apiKey = apiKey(settings);
        if (apiKey != null) {
            httpRequest.header("Authorization", "Bearer " + apiKey);
        }

        HttpResponse<InputStream> response = send(httpRequest.build(), experience.id());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                LOG.warnf("Experience '%s': %s answered HTTP %d: %s", experience.id(), endpoint,
                        response.statusCode(), redact(errorBody(body), apiKey));
                throw new AnswerException("The answer service failed (HTTP " + response.statusCode() + ")");
            }
            return readStream(body, timeout, experience.id(), onChunk);
        } catch (IOException e) { // closing the body
            throw new AnswerException("The answer service connection failed", e);
        }
    }

    private URI endpoint(EngineSettings settings) {
        String baseUrl = settings.string("baseUrl", DEFAULT_BASE_URL).replaceAll("/+$", "");
        try {
            URI uri = URI.create(baseUrl + "/v1/chat/completions");
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw AnswerException.misconfigured("Experience '" + settings.experienceId()
                + "': answer.settings.baseUrl must be an http(s) URL");
    }

    private String apiKey(EngineSettings settings) {
        String variable = settings.string("apiKeyEnv", DEFAULT_API_KEY_ENV);
        if (variable.isBlank()) {
            return null;
        }
        String key = environment.apply(variable);
        if (key == null || key.isBlank()) {
            throw AnswerException.misconfigured("Experience '" + settings.experienceId()
                    + "': the API key environment variable " + variable + " is not set");
        }
        return key.strip();
    }

    private String requestBody(AnswerRequest request, EngineSettings settings) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", settings.string("model", DEFAULT_MODEL));
        body.put("stream", true);
        settings.optionalNumber("temperature").ifPresent(t -> body.put("temperature", t));
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content",
                settings.string("systemPrompt", defaultSystemPrompt(request.experience())));
        List<AnswerRequest.Turn> history = request.history() == null
                ? List.of()
                : request.history().stream()
                        .filter(t -> ("user".equals(t.role()) || "assistant".equals(t.role())) && t.text() != null
                                && !t.text().isBlank())
                        .toList();
        int maxTurns = settings.integer("maxHistoryTurns", DEFAULT_MAX_HISTORY_TURNS, 0, 1000);
        for (AnswerRequest.Turn turn : history.subList(Math.max(0, history.size() - maxTurns), history.size())) {
            messages.addObject().put("role", turn.role()).put("content", turn.text());
        }
        messages.addObject().put("role", "user").put("content", request.query());
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of strings and numbers always serializes
        }
    }

    private static String defaultSystemPrompt(Experience experience) {
        String name = experience.name() == null ? "this website" : experience.name();
        return "You are " + name + ", the assistant of this website. Answer in Markdown, briefly and accurately. "
                + "If you do not know the answer, say so instead of guessing.";
    }

    private HttpResponse<InputStream> send(HttpRequest request, String experienceId) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            LOG.warnf("Experience '%s': %s did not answer in time", experienceId, request.uri());
            throw new AnswerException("The answer service timed out", e);
        } catch (IOException e) {
            LOG.warnf("Experience '%s': cannot reach %s: %s", experienceId, request.uri(), e.toString());
            throw new AnswerException("The answer service is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnswerException("The answer was interrupted", e);
        }
    }

    /** Reads the server-sent events of a chat-completions stream, passing on each content delta. */
    private Answer readStream(InputStream body, Duration idleTimeout, String experienceId, Consumer<String> onChunk) {
        StringBuilder markdown = new StringBuilder();
        boolean finished = false;
        StreamIdleTimeout idle = new StreamIdleTimeout(watchdog, body, idleTimeout);
        try (idle; BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                idle.activity();
                if (!line.startsWith("data:")) {
                    continue; // blank separators, ":" comments, event:/id:/retry: fields
                }
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    finished = true;
                    break;
                }
                JsonNode event = parse(data, experienceId);
                if (event.hasNonNull("error")) {
                    LOG.warnf("Experience '%s': the answer service reported an error: %s", experienceId,
                            truncate(event.get("error").toString()));
                    throw new AnswerException("The answer service reported an error");
                }
                JsonNode choice = event.path("choices").path(0);
                JsonNode content = choice.path("delta").path("content");
                if (content.isTextual() && !content.asText().isEmpty()) {
                    markdown.append(content.asText());
                    onChunk.accept(content.asText());
                }
                // Some compatible servers end with a finish_reason and close, without [DONE].
                finished |= choice.hasNonNull("finish_reason");
            }
            if (!finished) {
                LOG.warnf("Experience '%s': the answer stream %s before [DONE]", experienceId,
                        idle.hasExpired() ? "went quiet" : "ended");
                throw new AnswerException(idle.hasExpired()
                        ? "The answer service timed out"
                        : "The answer service ended the answer early");
            }
        } catch (IOException e) {
            if (finished) {
                return new Answer(markdown.toString(), List.of()); // broke after its finish_reason: it is complete
            }
            if (idle.hasExpired()) {
                LOG.warnf("Experience '%s': the answer stream went quiet for %d ms", experienceId,
                        idleTimeout.toMillis());
                throw new AnswerException("The answer service timed out", e);
            }
            LOG.warnf("Experience '%s': the answer stream broke: %s", experienceId, e.toString());
            throw new AnswerException("The answer service connection failed", e);
        }
        return new Answer(markdown.toString(), List.of());
    }

    private JsonNode parse(String data, String experienceId) {
        try {
            JsonNode node = mapper.readTree(data);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        LOG.warnf("Experience '%s': malformed event in the answer stream: %s", experienceId, truncate(data));
        throw new AnswerException("The answer service sent a malformed answer");
    }

    private static String errorBody(InputStream body) {
        try {
            return new String(body.readNBytes(MAX_LOGGED_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String redact(String text, String secret) {
        return secret == null ? text : text.replace(secret, "***");
    }

    private static String truncate(String text) {
        return text.length() <= MAX_LOGGED_ERROR_BODY ? text : text.substring(0, MAX_LOGGED_ERROR_BODY) + "…";
    }

    @PreDestroy
    void close() {
        watchdog.shutdownNow();
        http.close();
    }
}
