package io.nexuschat.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class EventStreamTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectMapper mapper;

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<CompletableFuture<?>> open = new java.util.ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(f -> f.cancel(true));
    }

    /** Opens an SSE stream; its lines arrive in the returned queue. */
    private BlockingQueue<String> stream(String path, String... headers) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest.Builder request = HttpRequest.newBuilder(base.toURI().resolve(path))
                .header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        CompletableFuture<HttpResponse<Stream<String>>> response = client.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofLines());
        open.add(response);
        HttpResponse<Stream<String>> r = response.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        Thread.ofVirtual().start(() -> r.body().forEach(lines::add));
        assertThat(lines.poll(10, TimeUnit.SECONDS)).as("the opening comment").startsWith(":");
        return lines;
    }

    /** Reads lines until the {@code id:} line of an event; returns that id. */
    private static String nextEventId(BlockingQueue<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith("id:")) {
                return line.substring(3).trim();
            }
        }
        throw new AssertionError("no event within 10 s");
    }

    private String post(Map<String, Object> event) throws Exception {
        given().contentType(ContentType.JSON).body(mapper.writeValueAsString(List.of(event))).post("/api/v2/events")
                .then().statusCode(202);
        return (String) event.get("id");
    }

    @Test
    void anExperienceStreamShowsEventsAsTheyAreCommittedAndResumesAfterLastEventId() throws Exception {
        BlockingQueue<String> lines = stream("api/v2/events/stream?experienceId=relay-text", "Authorization",
                WebhookDeliveryTest.API_KEY);
        String first = post(EventIntakeTest.event("relay-text", "open", Map.of()));
        assertThat(nextEventId(lines)).isEqualTo(first);
        String second = post(EventIntakeTest.event("relay-text", "close", Map.of()));
        assertThat(nextEventId(lines)).isEqualTo(second);

        BlockingQueue<String> resumed = stream("api/v2/events/stream?experienceId=relay-text", "Authorization",
                WebhookDeliveryTest.API_KEY, "Last-Event-ID", first);
        assertThat(nextEventId(resumed)).isEqualTo(second);
        String third = post(EventIntakeTest.event("relay-text", "open", Map.of()));
        assertThat(nextEventId(resumed)).isEqualTo(third);
    }

    @Test
    void theExperienceStreamNeedsTheApiKeyInTheHeader() {
        given().accept("text/event-stream").get("/api/v2/events/stream?experienceId=relay-text").then()
                .statusCode(401).contentType("application/problem+json");
        given().header("Authorization", WebhookDeliveryTest.API_KEY).accept("text/event-stream")
                .get("/api/v2/events/stream?experienceId=nope").then().statusCode(400);
    }

    @Test
    void aSessionStreamShowsThatSessionsEventsOnly() throws Exception {
        String sessionId = given().contentType(ContentType.JSON).body(Map.of("experienceId", "scripted"))
                .post("/api/v2/sessions").then().statusCode(201).extract().path("id");
        BlockingQueue<String> lines = stream("api/v2/sessions/" + sessionId + "/events/stream");
        post(EventIntakeTest.event("scripted", "open", Map.of())); // another session
        Map<String, Object> mine = new java.util.HashMap<>(EventIntakeTest.event("scripted", "linkClick", Map.of()));
        mine.put("sessionId", sessionId);
        String id = post(mine);
        assertThat(nextEventId(lines)).isEqualTo(id);
        given().accept("text/event-stream").get("/api/v2/sessions/" + java.util.UUID.randomUUID() + "/events/stream")
                .then().statusCode(404);
    }
}
