package io.nexuschat.answer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nexuschat.answer.Answer;
import io.nexuschat.answer.AnswerRequest;
import io.nexuschat.answer.SessionDirective;
import io.nexuschat.experience.Experience;

/**
 * The README's example bot ({@code examples/http-bot/Bot.java}) runs as documented — {@code java Bot.java}, JDK only
 * — and speaks the protocol: the engine's signed requests pass its check, unsigned ones do not, and each of its answers
 * (JSON, server-sent events, NDJSON) and directives reaches the engine as meant.
 */
class ExampleBotTest {

    private static final String SECRET_ENV = "EXAMPLE_BOT_SECRET";

    private static Process process;
    private static String url;

    private final HttpBotEngine engine = new HttpBotEngine(new ObjectMapper(), new SimpleMeterRegistry(),
            Map.of(SECRET_ENV, TestBot.SECRET)::get);

    @BeforeAll
    static void startTheExample() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, Path.of("examples", "http-bot", "Bot.java").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PORT", "0");
        builder.environment().put("NEXUS_BOT_SECRET", TestBot.SECRET);
        process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        // Compiling the source file takes a few seconds on a busy machine.
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(120, TimeUnit.SECONDS);
        assertThat(line).as("the example bot's first line").startsWith("Bot listening on ");
        url = line.substring("Bot listening on ".length()).strip();
    }

    @AfterEach
    void closeTheEngine() {
        engine.close();
    }

    @AfterAll
    static void stopTheExample() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Answer ask(String text, boolean carried, List<String> chunks) {
        Experience experience = new Experience("example", "Example", new Experience.Answer("http",
                Map.of("url", url, "secretEnv", SECRET_ENV, "timeout", 10)), null, null, null, null, null, null,
                null);
        Instant now = Instant.now();
        AnswerRequest.Context context = new AnswerRequest.Context("q-1", null, Map.of("plan", "pro"), now, now, 1,
                null, carried);
        return engine.answer(new AnswerRequest(experience, "s-1", List.of(), text, context), chunks::add);
    }

    @Test
    void answersWithJsonAndReadsTheRequest() {
        List<String> chunks = new ArrayList<>();
        Answer answer = ask("hello", false, chunks);
        assertThat(answer.markdown()).startsWith("You said: *hello*").contains("1 messages")
                .contains("{\"plan\":\"pro\"}");
        assertThat(chunks).containsExactly(answer.markdown());
        assertThat(answer.session()).isNull();
    }

    @Test
    void streamsAsServerSentEventsAndAsNdjson() {
        List<String> chunks = new ArrayList<>();
        Answer sse = ask("stream please", false, chunks);
        assertThat(chunks).hasSize(4);
        assertThat(sse.markdown()).isEqualTo(String.join("", chunks)).contains("**server-sent events**");
        assertThat(sse.actions()).extracting(Experience.Action::id).containsExactly("docs");

        chunks.clear();
        Answer ndjson = ask("ndjson please", false, chunks);
        assertThat(chunks).containsExactly("This answer ", "arrives line ", "by line.");
        assertThat(ndjson.actions()).hasSize(1);
    }

    @Test
    void usesEachSessionDirective() {
        List<String> chunks = new ArrayList<>();
        SessionDirective carry = ask("start over", false, chunks).session();
        assertThat(carry.action()).isEqualTo(SessionDirective.Action.NEW);
        assertThat(carry.carried()).isTrue();
        assertThat(chunks).isEmpty();
        Answer carried = ask("start over", true, chunks);
        assertThat(carried.markdown()).startsWith("Fresh start!");
        assertThat(carried.session()).isNull();

        SessionDirective renew = ask("new topic", false, chunks).session();
        assertThat(renew.action()).isEqualTo(SessionDirective.Action.NEW);
        assertThat(renew.carried()).isFalse();

        SessionDirective stop = ask("thanks!", false, chunks).session();
        assertThat(stop.action()).isEqualTo(SessionDirective.Action.STOP);
        assertThat(stop.stopReason()).isEqualTo(SessionDirective.StopReason.RESOLVED);

        SessionDirective metadata = ask("Hi, my name is Ada", false, chunks).session();
        assertThat(metadata.action()).isNull();
        assertThat(metadata.metadata()).isEqualTo(Map.of("name", "Ada"));
    }

    @Test
    void refusesRequestsNotSignedWithTheSecret() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> unsigned = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(401);
            long now = Instant.now().getEpochSecond();
            HttpResponse<String> forged = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").header("webhook-id", "msg_1")
                    .header("webhook-timestamp", Long.toString(now))
                    .header("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(401);
        }
    }
}
