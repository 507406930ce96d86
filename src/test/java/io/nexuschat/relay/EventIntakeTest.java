package io.nexuschat.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class EventIntakeTest {

    static final String EVENTS = "/api/v2/events";

    @Inject
    ObjectMapper mapper;

    @Inject
    RelayTestDatabase db;

    static Map<String, Object> event(String experienceId, String type, Map<String, Object> data) {
        return Map.of("id", UUID.randomUUID().toString(), "experienceId", experienceId, "sessionId",
                UUID.randomUUID().toString(), "type", type, "timestamp", "2026-01-02T03:04:05.678Z", "data", data);
    }

    private String json(Object value) throws Exception {
        return mapper.writeValueAsString(value);
    }

    @Test
    void mixedBatchGetsAnAnswerPerItemAndStoresOnlyTheGoodOnes() throws Exception {
        Map<String, Object> good = event("scripted", "linkClick", Map.of("href", "tour:id=1"));
        Map<String, Object> unknownType = event("scripted", "explode", Map.of());
        Map<String, Object> unknownExperience = event("nope", "open", Map.of());
        Map<String, Object> badTimestamp = new java.util.HashMap<>(event("scripted", "open", Map.of()));
        badTimestamp.put("timestamp", "yesterday");
        Map<String, Object> noData = new java.util.HashMap<>(event("scripted", "open", Map.of()));
        noData.remove("data");
        List<Object> batch = List.of(good, unknownType, unknownExperience, badTimestamp, noData, "not an object",
                Map.of("id", "123", "experienceId", "scripted", "type", "open", "timestamp",
                        "2026-01-02T03:04:05Z", "data", Map.of()));

        JsonPath answer = given().contentType(ContentType.JSON).body(json(batch)).post(EVENTS).then().statusCode(202)
                .extract().jsonPath();

        assertThat(answer.getInt("accepted")).isEqualTo(1);
        assertThat(answer.getInt("rejected")).isEqualTo(6);
        assertThat(answer.getList("results.status")).containsExactly("accepted", "rejected", "rejected", "rejected",
                "rejected", "rejected", "rejected");
        assertThat(answer.getList("results.index", Integer.class)).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(answer.getString("results[0].id")).isEqualTo(good.get("id"));
        assertThat(answer.getString("results[1].reason")).startsWith("type:");
        assertThat(answer.getString("results[2].reason")).startsWith("experienceId: unknown experience");
        assertThat(answer.getString("results[3].reason")).startsWith("timestamp:");
        assertThat(answer.getString("results[4].reason")).startsWith("data:");
        assertThat(answer.getString("results[6].reason")).startsWith("id:");

        assertThat(db.eventType(UUID.fromString((String) good.get("id")))).isEqualTo("widget.linkClick");
        assertThat(db.eventType(UUID.fromString((String) unknownType.get("id")))).isNull();
    }

    @Test
    void sameIdTwiceIsStoredOnceAndReportedAsDuplicate() throws Exception {
        Map<String, Object> e = event("scripted", "open", Map.of());
        JsonPath first = given().contentType(ContentType.JSON).body(json(List.of(e, e))).post(EVENTS).then()
                .statusCode(202).extract().jsonPath();
        assertThat(first.getList("results.status")).containsExactly("accepted", "duplicate");
        JsonPath again = given().contentType(ContentType.JSON).body(json(List.of(e))).post(EVENTS).then()
                .statusCode(202).extract().jsonPath();
        assertThat(again.getList("results.status")).containsExactly("duplicate");
        assertThat(again.getInt("duplicates")).isEqualTo(1);
        assertThat(db.countEvents(UUID.fromString((String) e.get("id")))).isEqualTo(1);
    }

    @Test
    void concurrentBatchesSharingIdsStoreEachEventOnceAndAcceptItOnce() throws Exception {
        // Batches that arrive together are committed together (group commit): each must still get its own answer,
        // and an id in several of them is accepted by exactly one and a duplicate in the others.
        List<Map<String, Object>> shared = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            shared.add(event("scripted", "open", Map.of("shared", i)));
        }
        int batches = 8;
        List<List<Map<String, Object>>> bodies = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Map<String, Object>> batch = new ArrayList<>(shared);
            for (int i = 0; i < 5; i++) {
                batch.add(event("scripted", "close", Map.of("batch", b)));
            }
            java.util.Collections.shuffle(batch);
            bodies.add(batch);
        }
        List<JsonPath> answers;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(batches)) {
            List<java.util.concurrent.Future<JsonPath>> futures = new ArrayList<>();
            for (List<Map<String, Object>> batch : bodies) {
                String body = json(batch);
                futures.add(pool.submit(() -> given().contentType(ContentType.JSON).body(body).post(EVENTS).then()
                        .statusCode(202).extract().jsonPath()));
            }
            answers = new ArrayList<>();
            for (var f : futures) {
                answers.add(f.get());
            }
        }
        Map<String, Integer> acceptedTimes = new java.util.HashMap<>();
        for (int b = 0; b < batches; b++) {
            JsonPath answer = answers.get(b);
            List<Map<String, Object>> results = answer.getList("results");
            assertThat(results).hasSize(15);
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get("id")).isEqualTo(bodies.get(b).get(i).get("id"));
                String status = (String) results.get(i).get("status");
                assertThat(status).isIn("accepted", "duplicate");
                if (status.equals("accepted")) {
                    acceptedTimes.merge((String) results.get(i).get("id"), 1, Integer::sum);
                }
            }
            assertThat(answer.getInt("accepted") + answer.getInt("duplicates")).isEqualTo(15);
        }
        // Every id accepted exactly once across the batches, and stored once.
        assertThat(acceptedTimes).hasSize(10 + batches * 5).allSatisfy((id, times) -> assertThat(times).isOne());
        for (String id : acceptedTimes.keySet()) {
            assertThat(db.countEvents(UUID.fromString(id))).isEqualTo(1);
        }
    }

    @Test
    void textPlainIsAcceptedSoBeaconsNeedNoPreflight() throws Exception {
        Map<String, Object> e = event("scripted", "close", Map.of());
        given().contentType("text/plain;charset=UTF-8").header("Origin", "https://any.example").body(json(List.of(e)))
                .post(EVENTS).then().statusCode(202).header("Access-Control-Allow-Origin", "https://any.example")
                .body("results[0].status", equalTo("accepted"));
    }

    @Test
    void originNotAllowedByTheExperienceIsRejectedPerItem() throws Exception {
        Map<String, Object> e = event("scripted-origins", "open", Map.of());
        given().contentType(ContentType.JSON).header("Origin", "https://evil.example").body(json(List.of(e)))
                .post(EVENTS).then().statusCode(202).body("results[0].status", equalTo("rejected"))
                .body("results[0].reason", containsString("origin"));
        given().contentType(ContentType.JSON).header("Origin", "https://shop.example")
                .body(json(List.of(event("scripted-origins", "open", Map.of())))).post(EVENTS).then()
                .statusCode(202).body("results[0].status", equalTo("accepted"));
    }

    @Test
    void aBodyThatIsNotAnArrayIsA400Problem() {
        given().contentType(ContentType.JSON).body("{\"id\":\"x\"}").post(EVENTS).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("body"))
                .body("detail", containsString("JSON array"));
        given().contentType(ContentType.TEXT).body("[{").post(EVENTS).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aBodyOver64KbIsA413Problem() throws Exception {
        List<Object> batch = new ArrayList<>();
        while (json(batch).length() <= 64 * 1024) {
            batch.add(event("scripted", "copy", Map.of("content", "x".repeat(1000), "messageId", "m")));
        }
        given().contentType(ContentType.JSON).body(json(batch)).post(EVENTS).then().statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void visitorTextIsRedactedUnlessTheExperienceOptsIn() throws Exception {
        Map<String, Object> typing = event("scripted", "typing", Map.of("text", "my secret", "length", 9));
        Map<String, Object> start = event("scripted", "messageStart", Map.of("message", "hello"));
        Map<String, Object> voice = event("scripted", "voiceEnd", Map.of("transcript", "spoken", "duration", 3));
        Map<String, Object> stop = event("scripted", "typingStop", Map.of("finalText", "typed"));
        Map<String, Object> optIn = event("relay-text", "typing", Map.of("text", "keep me", "length", 7));
        given().contentType(ContentType.JSON).body(json(List.of(typing, start, voice, stop, optIn))).post(EVENTS)
                .then().statusCode(202).body("accepted", equalTo(5));

        JsonPath t = JsonPath.from(db.eventData(UUID.fromString((String) typing.get("id"))));
        assertThat(t.getString("text")).isNull();
        assertThat(t.getInt("length")).isEqualTo(9);
        assertThat(t.getList("redacted")).containsExactly("text");
        assertThat(db.eventData(UUID.fromString((String) start.get("id")))).doesNotContain("hello");
        assertThat(db.eventData(UUID.fromString((String) voice.get("id")))).doesNotContain("spoken");
        assertThat(db.eventData(UUID.fromString((String) stop.get("id")))).doesNotContain("typed");
        assertThat(JsonPath.from(db.eventData(UUID.fromString((String) optIn.get("id")))).getString("text"))
                .isEqualTo("keep me");
    }
}
