package io.nexuschat.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.AdjustableClock;
import io.nexuschat.relay.delivery.RelayWorkers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class WebhookDeliveryTest {

    static final String API_KEY = "Bearer test-api-key";
    static final String WEBHOOKS = "/api/v2/webhooks";

    @Inject
    AdjustableClock clock;

    @Inject
    RelaySignal signal;

    @Inject
    RelayWorkers workers;

    @Inject
    RelayTestDatabase db;

    @Inject
    ObjectMapper mapper;

    private final List<String> endpoints = new ArrayList<>();
    private final List<WebhookReceiver> receivers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (String id : endpoints) {
            given().header("Authorization", API_KEY).delete(WEBHOOKS + "/" + id);
        }
        receivers.forEach(WebhookReceiver::close);
        clock.reset();
    }

    private WebhookReceiver receiver(java.util.function.IntFunction<Integer> status) throws Exception {
        WebhookReceiver r = WebhookReceiver.answering(status);
        receivers.add(r);
        return r;
    }

    /** Creates an endpoint; returns {id, secret}. */
    private JsonPath endpoint(String experienceId, String url, List<String> events) {
        Map<String, Object> body = new HashMap<>(Map.of("experienceId", experienceId, "url", url));
        if (events != null) {
            body.put("events", events);
        }
        JsonPath created = given().header("Authorization", API_KEY).contentType(ContentType.JSON).body(body)
                .post(WEBHOOKS).then().statusCode(201).extract().jsonPath();
        endpoints.add(created.getString("id"));
        return created;
    }

    private List<String> send(String experienceId, String type, int count) throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(EventIntakeTest.event(experienceId, type, Map.of("n", i)));
        }
        given().contentType(ContentType.JSON).body(mapper.writeValueAsString(batch)).post("/api/v2/events").then()
                .statusCode(202).body("accepted", equalTo(count));
        return batch.stream().map(e -> (String) e.get("id")).toList();
    }

    /** Bounded polling on real state: wakes the workers and checks again until {@code done} or 20 s. */
    private void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            signal.wake();
            Thread.sleep(20);
        }
    }

    @Test
    void deliveriesAreSignedPerStandardWebhooksAndLogged() throws Exception {
        WebhookReceiver receiver = receiver(n -> 204);
        JsonPath created = endpoint("scripted", receiver.url(), List.of("widget.linkClick"));
        String secret = created.getString("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(created.getList("events")).containsExactly("widget.linkClick");
        assertThat(created.getBoolean("enabled")).isTrue();

        String id = send("scripted", "linkClick", 1).getFirst();
        send("scripted", "open", 1); // not subscribed
        await("the delivery", () -> receiver.acknowledged(id) == 1);

        WebhookReceiver.Received r = receiver.received().getFirst();
        assertThat(receiver.received()).hasSize(1);
        assertThat(r.signedWith(secret)).isTrue();
        assertThat(r.signature().split(" ")).hasSize(1);
        assertThat(Long.parseLong(r.timestamp())).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(60L));
        JsonPath body = JsonPath.from(r.body());
        assertThat(body.getString("type")).isEqualTo("widget.linkClick");
        assertThat(body.getString("timestamp")).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(body.getString("data.experienceId")).isEqualTo("scripted");
        assertThat(body.getInt("data.n")).isZero();

        String endpointId = created.getString("id");
        given().header("Authorization", API_KEY).get(WEBHOOKS + "/" + endpointId).then().statusCode(200)
                .body("$", not(hasKey("secret"))).body("url", equalTo(receiver.url()));
        given().header("Authorization", API_KEY).get(WEBHOOKS + "?experienceId=scripted").then().statusCode(200)
                .body("items.find { it.id == '" + endpointId + "' }", not(hasKey("secret")));
        await("the log entry", () -> given().header("Authorization", API_KEY)
                .get(WEBHOOKS + "/" + endpointId + "/deliveries").jsonPath().getList("items").size() == 1);
        given().header("Authorization", API_KEY).get(WEBHOOKS + "/" + endpointId + "/deliveries").then()
                .body("items[0].eventId", equalTo(id)).body("items[0].type", equalTo("widget.linkClick"))
                .body("items[0].statusCode", equalTo(204)).body("items[0].attempt", equalTo(1));
    }

    @Test
    void aReceiverThatFailsForAWhileGetsEveryEventOnceAfterDedup() throws Exception {
        WebhookReceiver receiver = receiver(n -> n <= 8 ? 503 : 200);
        UUID endpointId = UUID.fromString(endpoint("scripted", receiver.url(), List.of("widget.copy")).getString("id"));
        List<String> ids = send("scripted", "copy", 5);

        await("every event acknowledged", () -> {
            // Time moves past the next retry delay only once every answered request is recorded: jumping while a
            // delivery is in flight would also expire its lease and send it again (at least once, but not this test).
            if (db.countAttempts(endpointId) == receiver.received().size()) {
                clock.advance(Duration.ofMinutes(10));
            }
            return ids.stream().allMatch(id -> receiver.acknowledged(id) >= 1);
        });
        // At least once: after dedup by webhook-id, every event exactly once and nothing else. (A duplicate is
        // legitimate when the test's time jump outruns a lease of a delivery still on its way.)
        Set<String> acknowledged = new HashSet<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            if (r.answered() == 200) {
                acknowledged.add(r.id());
            }
        }
        assertThat(acknowledged).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(receiver.received().stream().filter(r -> r.answered() == 503)).hasSize(8);
    }

    @Test
    void retryAfterPostponesTheNextAttempt() throws Exception {
        WebhookReceiver receiver = receiver(n -> 503).retryAfter("7200");
        JsonPath created = endpoint("scripted", receiver.url(), List.of("widget.ttsEnd"));
        UUID endpointId = UUID.fromString(created.getString("id"));
        UUID eventId = UUID.fromString(send("scripted", "ttsEnd", 1).getFirst());
        await("the first attempt", () -> !receiver.received().isEmpty()
                && db.nextAttemptAt(eventId, endpointId).isAfter(clock.now().plusSeconds(3600)));
        assertThat(db.nextAttemptAt(eventId, endpointId)).isAfter(clock.now().plusSeconds(7100));
    }

    @Test
    void a410DisablesTheEndpointAtOnce() throws Exception {
        WebhookReceiver receiver = receiver(n -> 410);
        String id = endpoint("scripted", receiver.url(), List.of("widget.ttsStart")).getString("id");
        send("scripted", "ttsStart", 1);
        await("the endpoint disabled", () -> !given().header("Authorization", API_KEY).get(WEBHOOKS + "/" + id)
                .jsonPath().getBoolean("enabled"));
        given().header("Authorization", API_KEY).get(WEBHOOKS + "/" + id).then()
                .body("disabledReason", equalTo("The endpoint answered 410 Gone"));
        send("scripted", "ttsStart", 1);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void anEndpointFailingForFiveDaysIsDisabledAndThatIsRecorded() throws Exception {
        WebhookReceiver receiver = receiver(n -> 500);
        String id = endpoint("scripted", receiver.url(), List.of("widget.voiceStart")).getString("id");
        send("scripted", "voiceStart", 1);
        await("the first attempt", () -> receiver.received().size() == 1);
        await("the first attempt recorded", () -> given().header("Authorization", API_KEY).get(WEBHOOKS + "/" + id)
                .jsonPath().getString("failingSince") != null);
        clock.advance(Duration.ofHours(121));
        await("the endpoint disabled", () -> !given().header("Authorization", API_KEY).get(WEBHOOKS + "/" + id)
                .jsonPath().getBoolean("enabled"));
        assertThat(given().header("Authorization", API_KEY).get(WEBHOOKS + "/" + id).jsonPath()
                .getString("disabledReason")).startsWith("Every delivery failed since");
    }

    @Test
    void rotationSignsWithBothSecretsDuringTheOverlapOnly() throws Exception {
        WebhookReceiver receiver = receiver(n -> 200);
        JsonPath created = endpoint("scripted", receiver.url(), List.of("widget.minimize"));
        String oldSecret = created.getString("secret");
        JsonPath rotated = given().header("Authorization", API_KEY)
                .post(WEBHOOKS + "/" + created.getString("id") + "/rotate-secret").then().statusCode(200).extract()
                .jsonPath();
        String newSecret = rotated.getString("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(rotated.getString("previousSecretValidUntil")).isNotNull();

        String first = send("scripted", "minimize", 1).getFirst();
        await("delivery during the overlap", () -> receiver.acknowledged(first) == 1);
        WebhookReceiver.Received during = receiver.received().getFirst();
        assertThat(during.signature().split(" ")).hasSize(2);
        assertThat(during.signedWith(newSecret)).isTrue();
        assertThat(during.signedWith(oldSecret)).isTrue();

        clock.advance(Duration.ofHours(25));
        String second = send("scripted", "minimize", 1).getFirst();
        await("delivery after the overlap", () -> receiver.acknowledged(second) == 1);
        WebhookReceiver.Received after = receiver.received().stream().filter(r -> r.id().equals(second)).findFirst()
                .orElseThrow();
        assertThat(after.signature().split(" ")).hasSize(1);
        assertThat(after.signedWith(newSecret)).isTrue();
        assertThat(after.signedWith(oldSecret)).isFalse();
    }

    @Test
    void twoWorkersNeverDeliverTheSameEventTwiceToOneEndpoint() throws Exception {
        workers.startWorker("relay-worker-test-second");
        WebhookReceiver receiver = receiver(n -> 200);
        endpoint("scripted", receiver.url(), List.of("widget.messageChunk"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.addAll(send("scripted", "messageChunk", 50));
        }
        await("all 300 events", () -> receiver.received().size() >= ids.size());
        Thread.sleep(300); // a duplicate would arrive within this window; not a wait for the outcome itself
        List<String> receivedIds = receiver.received().stream().map(WebhookReceiver.Received::id).toList();
        assertThat(receivedIds).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void replaySendsEventsAgainWithTheirIds() throws Exception {
        WebhookReceiver receiver = receiver(n -> 200);
        JsonPath created = endpoint("scripted", receiver.url(), List.of("widget.disclaimerAccept"));
        Instant before = clock.now().minusSeconds(1);
        List<String> ids = send("scripted", "disclaimerAccept", 3);
        await("first deliveries", () -> ids.stream().allMatch(id -> receiver.acknowledged(id) == 1));
        given().header("Authorization", API_KEY).contentType(ContentType.JSON)
                .body(Map.of("since", before.toString())).post(WEBHOOKS + "/" + created.getString("id") + "/replay")
                .then().statusCode(202).body("events", equalTo(3));
        await("replayed deliveries", () -> ids.stream().allMatch(id -> receiver.acknowledged(id) == 2));
    }

    @Test
    void serverEventsReachWebhooks() throws Exception {
        WebhookReceiver receiver = receiver(n -> 200);
        JsonPath created = endpoint("scripted", receiver.url(), List.of("session.*"));
        String sessionId = given().contentType(ContentType.JSON).body(Map.of("experienceId", "scripted"))
                .post("/api/v2/sessions").then().statusCode(201).extract().path("id");
        await("session.created", () -> receiver.received().stream()
                .anyMatch(r -> r.body().contains(sessionId) && r.body().contains("\"session.created\"")));
        assertThat(receiver.received().getFirst().signedWith(created.getString("secret"))).isTrue();
    }

    @Test
    void endpointRequestsAreValidatedAndNeedTheApiKey() {
        given().contentType(ContentType.JSON).body(Map.of("experienceId", "scripted", "url", "https://x.example"))
                .post(WEBHOOKS).then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", API_KEY).contentType(ContentType.JSON)
                .body(Map.of("experienceId", "nope", "url", "ftp://x", "events", List.of("widget.explode")))
                .post(WEBHOOKS).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("experienceId", "url", "events[0]"));
        given().header("Authorization", API_KEY).get(WEBHOOKS + "/" + UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", API_KEY).contentType(ContentType.JSON).body(Map.of("since", "yesterday"))
                .post(WEBHOOKS + "/" + UUID.randomUUID() + "/replay").then().statusCode(404);
    }

    @Test
    void endpointsDeclaredInExperienceFilesAreListedAndReadOnly() {
        JsonPath list = given().header("Authorization", API_KEY).get(WEBHOOKS + "?experienceId=relay-hooks").then()
                .statusCode(200).extract().jsonPath();
        assertThat(list.getList("items")).hasSize(1);
        assertThat(list.getString("items[0].source")).isEqualTo("experience");
        assertThat(list.getString("items[0].url")).isEqualTo("http://127.0.0.1:9/declared");
        assertThat(list.getList("items[0].events")).containsExactly("session.*");
        String id = list.getString("items[0].id");
        given().header("Authorization", API_KEY).contentType(ContentType.JSON).body(Map.of("enabled", false))
                .patch(WEBHOOKS + "/" + id).then().statusCode(409);
        given().header("Authorization", API_KEY).post(WEBHOOKS + "/" + id + "/rotate-secret").then().statusCode(409);
    }

    @Test
    void patchChangesTheSubscriptionAndReenablingResumesDelivery() throws Exception {
        WebhookReceiver receiver = receiver(n -> 200);
        String id = endpoint("scripted", receiver.url(), List.of("widget.close")).getString("id");
        given().header("Authorization", API_KEY).contentType("application/merge-patch+json")
                .body(Map.of("enabled", false, "events", List.of("widget.close", "widget.open")))
                .patch(WEBHOOKS + "/" + id).then().statusCode(200).body("enabled", equalTo(false))
                .body("disabledReason", equalTo("Disabled through the API"));
        send("scripted", "open", 1); // not fanned out to a disabled endpoint
        given().header("Authorization", API_KEY).contentType(ContentType.JSON).body(Map.of("enabled", true))
                .patch(WEBHOOKS + "/" + id).then().statusCode(200).body("enabled", equalTo(true));
        String open = send("scripted", "open", 1).getFirst();
        await("delivery after re-enabling", () -> receiver.acknowledged(open) == 1);
        assertThat(receiver.received()).hasSize(1);
    }
}
