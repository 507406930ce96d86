package io.nexuschat.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.nexuschat.experience.Experience;

/** The openai engine against a fake OpenAI-compatible server started on a free local port. */
class OpenAiAnswerEngineTest {

    private static final String API_KEY = "sk-test-1234567890";

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, String> environment = new HashMap<>(Map.of("TEST_OPENAI_KEY", API_KEY));
    private final OpenAiAnswerEngine engine = new OpenAiAnswerEngine(mapper, environment::get);
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private HttpServer server;
    /** What the fake server does with the next request. */
    private volatile Responder responder;

    private record Recorded(String method, String path, String authorization, String accept, JsonNode body) {
    }

    @FunctionalInterface
    private interface Responder {
        void respond(HttpExchange exchange) throws IOException, InterruptedException;
    }

    @BeforeEach
    void startFakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Accept"),
                        mapper.readTree(exchange.getRequestBody())));
                responder.respond(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stopFakeServer() {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        engine.close();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Experience experience(Map<String, Object> extraSettings) {
        Map<String, Object> settings = new HashMap<>(Map.of("baseUrl", baseUrl(), "model", "test-model",
                "apiKeyEnv", "TEST_OPENAI_KEY", "timeoutSeconds", 5));
        settings.putAll(extraSettings);
        return new Experience("llm", "Acme Assistant", new Experience.Answer("openai", settings), null, null, null,
                null, null, null, null);
    }

    private static String delta(String content) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":" + new ObjectMapper().valueToTree(content) + "},\"finish_reason\":null}]}\n\n";
    }

    private static void stream(HttpExchange exchange, String... events) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String event : events) {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private Answer ask(Experience experience, List<String> chunks, AnswerRequest.Turn... history) {
        return engine.answer(new AnswerRequest(experience, "s-1", List.of(history), "How do I embed it?"),
                chunks::add);
    }

    @Test
    void streamsEachDeltaAndSendsModelHistoryAndBearerKey() {
        responder = exchange -> stream(exchange,
                ": keep-alive comment\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n",
                delta("Add the "), delta("`<script>` tag"), delta(" to your **page**."),
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                "data: [DONE]\n\n");
        List<String> chunks = new ArrayList<>();

        Answer answer = ask(experience(Map.of("temperature", 0.2, "systemPrompt", "Be brief.")), chunks,
                new AnswerRequest.Turn("user", "Hi"), new AnswerRequest.Turn("assistant", "Hello! How can I help?"));

        assertThat(chunks).containsExactly("Add the ", "`<script>` tag", " to your **page**.");
        assertThat(answer.markdown()).isEqualTo("Add the `<script>` tag to your **page**.");
        assertThat(answer.actions()).isEmpty();
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
            assertThat(request.authorization()).isEqualTo("Bearer " + API_KEY);
            assertThat(request.accept()).isEqualTo("text/event-stream");
            assertThat(request.body().get("model").asText()).isEqualTo("test-model");
            assertThat(request.body().get("stream").asBoolean()).isTrue();
            assertThat(request.body().get("temperature").asDouble()).isEqualTo(0.2);
            assertThat(request.body().get("messages")).isEqualTo(mapper.readTree("""
                    [{"role":"system","content":"Be brief."},
                     {"role":"user","content":"Hi"},
                     {"role":"assistant","content":"Hello! How can I help?"},
                     {"role":"user","content":"How do I embed it?"}]"""));
        });
    }

    @Test
    void historyIsLimitedToTheLatestTurnsAndTheDefaultPromptNamesTheExperience() {
        responder = exchange -> stream(exchange, delta("ok"), "data: [DONE]\n\n");

        ask(experience(Map.of("maxHistoryTurns", 1, "baseUrl", baseUrl() + "/")), new ArrayList<>(),
                new AnswerRequest.Turn("user", "first"), new AnswerRequest.Turn("assistant", "one"),
                new AnswerRequest.Turn("user", "second"), new AnswerRequest.Turn("assistant", "two"));

        JsonNode messages = requests.getFirst().body().get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).get("content").asText()).startsWith("You are Acme Assistant");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("two");
        assertThat(requests.getFirst().body().has("temperature")).isFalse();
        assertThat(requests.getFirst().path()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void anEmptyApiKeyEnvSendsNoAuthorization() {
        responder = exchange -> stream(exchange, delta("ok"), "data: [DONE]\n\n");

        ask(experience(Map.of("apiKeyEnv", "")), new ArrayList<>());

        assertThat(requests.getFirst().authorization()).isNull();
    }

    @Test
    void aMissingApiKeyIsReportedByVariableNameWithoutCallingTheServer() {
        environment.clear();

        assertThatThrownBy(() -> ask(experience(Map.of()), new ArrayList<>()))
                .isInstanceOf(AnswerException.class)
                .hasMessage("Experience 'llm': the API key environment variable TEST_OPENAI_KEY is not set")
                .satisfies(
                        e -> assertThat(((AnswerException) e).clientMessage()).isEqualTo(AnswerException.UNAVAILABLE));
        assertThat(requests).isEmpty();
    }

    @Test
    void upstreamErrorStatusBecomesASafeAnswerException() {
        responder = exchange -> {
            byte[] body = ("{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
        };

        assertThatThrownBy(() -> ask(experience(Map.of()), new ArrayList<>()))
                .isInstanceOf(AnswerException.class)
                .hasMessage("The answer service failed (HTTP 500)")
                .satisfies(e -> assertThat(((AnswerException) e).clientMessage())
                        .isEqualTo("The answer service failed (HTTP 500)"))
                .message().doesNotContain(API_KEY);
    }

    @Test
    void aStreamCutBeforeDoneFailsAfterDeliveringWhatArrived() {
        responder = exchange -> stream(exchange, delta("Partial "), delta("answer"));
        List<String> chunks = new ArrayList<>();

        assertThatThrownBy(() -> ask(experience(Map.of()), chunks))
                .isInstanceOf(AnswerException.class)
                .hasMessage("The answer service ended the answer early");
        assertThat(chunks).containsExactly("Partial ", "answer");
    }

    @Test
    void aFinishReasonWithoutDoneIsAComplete() {
        responder = exchange -> stream(exchange, delta("Done."),
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");

        assertThat(ask(experience(Map.of()), new ArrayList<>()).markdown()).isEqualTo("Done.");
    }

    @Test
    void aMalformedEventFailsTheAnswer() {
        responder = exchange -> stream(exchange, delta("ok"), "data: {not json\n\n", "data: [DONE]\n\n");

        assertThatThrownBy(() -> ask(experience(Map.of()), new ArrayList<>()))
                .isInstanceOf(AnswerException.class)
                .hasMessage("The answer service sent a malformed answer");
    }

    @Test
    void anErrorEventInTheStreamFailsTheAnswer() {
        responder = exchange -> stream(exchange, "data: {\"error\":{\"message\":\"overloaded\"}}\n\n");

        assertThatThrownBy(() -> ask(experience(Map.of()), new ArrayList<>()))
                .isInstanceOf(AnswerException.class)
                .hasMessage("The answer service reported an error");
    }

    @Test
    void aStreamThatGoesQuietTimesOut() {
        responder = exchange -> {
            stream(exchange, delta("Thinking"));
            release.await(10, TimeUnit.SECONDS); // stays open and silent
        };
        List<String> chunks = new ArrayList<>();
        long start = System.nanoTime();

        assertThatThrownBy(() -> ask(experience(Map.of("timeoutSeconds", 0.3)), chunks))
                .isInstanceOf(AnswerException.class)
                .hasMessage("The answer service timed out");
        assertThat(chunks).containsExactly("Thinking");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        responder = exchange -> release.await(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> ask(experience(Map.of("timeoutSeconds", 0.3)), new ArrayList<>()))
                .isInstanceOf(AnswerException.class)
                .hasMessage("The answer service timed out");
    }

    @Test
    void anUnreachableServerIsReported() {
        String url = baseUrl();
        server.stop(0);

        assertThatThrownBy(() -> ask(experience(Map.of("baseUrl", url)), new ArrayList<>()))
                .isInstanceOf(AnswerException.class)
                .hasMessage("The answer service is unreachable");
    }

    @Test
    void aBaseUrlThatIsNotHttpIsAConfigurationError() {
        assertThatThrownBy(() -> ask(experience(Map.of("baseUrl", "file:///etc")), new ArrayList<>()))
                .isInstanceOf(AnswerException.class)
                .hasMessage("Experience 'llm': answer.settings.baseUrl must be an http(s) URL")
                .satisfies(
                        e -> assertThat(((AnswerException) e).clientMessage()).isEqualTo(AnswerException.UNAVAILABLE));
    }
}
