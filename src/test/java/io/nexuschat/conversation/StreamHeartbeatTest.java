package io.nexuschat.conversation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.nexuschat.answer.HeldAnswers;
import io.nexuschat.answer.ScriptedAnswerEngine;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A slow engine does not leave the stream quiet: comment lines keep clients and proxies waiting, and are not events.
 * The engine is held ({@code #held}, {@link HeldAnswers}) until the test has read the pings it waits for, so the
 * outcome never depends on how long the engine happens to think; tests run with
 * {@code nexus.conversation.heartbeat=400ms}.
 */
@QuarkusTest
class StreamHeartbeatTest {

    /** Pings the held stream must deliver before the engine may answer (within the tests' 2 s answer timeout). */
    private static final int PINGS = 2;

    @TestHTTPResource("/api/v2/query")
    URI query;

    @ConfigProperty(name = "nexus.conversation.heartbeat")
    Duration heartbeat;

    private static String stream(String text) {
        return given().contentType(ContentType.JSON).accept("text/event-stream")
                .body(Map.of("experienceId", "scripted", "text", text)).post("/api/v2/query").then().statusCode(200)
                .extract().asString();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // only ends a stream that never pings: the assertions decide
    void pingCommentsArriveWhileTheEngineThinksBeforeItsFirstChunk() throws Exception {
        String hold = HeldAnswers.newHold();
        String text = "take your time #held:" + hold;
        HttpRequest request = HttpRequest.newBuilder(query).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"experienceId\":\"scripted\",\"text\":\"" + text + "\"}"))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            long sent = System.nanoTime();
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            Iterator<String> lines = response.body().iterator();

            // While the engine is held, the stream has only its session event and pings to say.
            List<String> whileHeld = new ArrayList<>();
            while (whileHeld.stream().filter(": ping"::equals).count() < PINGS) {
                whileHeld.add(lines.next());
            }
            long heldNanos = System.nanoTime() - sent;
            HeldAnswers.release(hold);
            List<String> all = new ArrayList<>(whileHeld);
            lines.forEachRemaining(all::add);
            String body = String.join("\n", all);

            assertThat(whileHeld).as(body).noneMatch(line -> line.startsWith("event:chunk"));
            // A ping fills a whole interval of silence: never more often (a lower bound, whatever the machine's load).
            assertThat(Duration.ofNanos(heldNanos)).as(body).isGreaterThanOrEqualTo(heartbeat.multipliedBy(PINGS));
            assertThat(all.stream().filter(line -> line.startsWith(":")).toList()).as(body).containsOnly(": ping");

            SseEvents events = SseEvents.parse(body);
            assertThat(events.names()).doesNotContain("message", "ping").containsSubsequence("chunk",
                    "complete");
            assertThat(events.first("complete").json().getString("answer"))
                    .isEqualTo(ScriptedAnswerEngine.answerTo(text, 0));
        } finally {
            HeldAnswers.release(hold);
        }
    }

    @Test
    void aBusyStreamNeedsNoPing() {
        // Pings only fill a whole interval of silence. A stream answered within one interval had none, so it must not
        // carry a ping. A slower answer (a cold or overloaded machine) proves nothing either way: it is asked again, and
        // when none is fast enough the test says it was inconclusive instead of passing or failing on a margin.
        List<Duration> slow = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            long started = System.nanoTime();
            String body = stream("quick " + attempt);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (took.compareTo(heartbeat) < 0) {
                assertThat(body).contains("event:complete").doesNotContain(": ping");
                return;
            }
            slow.add(took);
        }
        assumeTrue(false, () -> "inconclusive: every answer took longer than " + heartbeat + ": " + slow);
    }
}
