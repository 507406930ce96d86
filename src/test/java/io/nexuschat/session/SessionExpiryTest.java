package io.nexuschat.session;

import static io.nexuschat.session.SessionResourceTest.API_KEY;
import static io.nexuschat.session.SessionResourceTest.SESSIONS;
import static io.nexuschat.session.SessionResourceTest.create;
import static io.nexuschat.session.SessionResourceTest.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nexuschat.AdjustableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Expiry is recorded by the sweep or by the write that needs it, once; reads only report it. */
@QuarkusTest
class SessionExpiryTest {

    @Inject
    AdjustableClock clock;

    @Inject
    RecordedSessionEvents events;

    @Inject
    SessionSweep sweep;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static SessionStatus storedStatus(String id) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ChatSession.<ChatSession>findById(UUID.fromString(id)).status);
    }

    private List<SessionEvent.Type> ended(String id) {
        return events.typesFor(UUID.fromString(id)).stream().filter(t -> t == SessionEvent.Type.ENDED).toList();
    }

    @Test
    void readingADueSessionReportsItExpiredButChangesNothingAndAnnouncesNothing() {
        JsonPath created = create(Map.of("experienceId", "scripted", "expirationSeconds", 60));
        String id = created.getString("id");
        clock.advance(Duration.ofSeconds(61));

        given().get(SESSIONS + "/" + id).then().statusCode(200).body("status", equalTo("expired"))
                .body("endReason", equalTo("expired")).body("endedAt", equalTo(created.getString("expiresAt")));
        given().get(SESSIONS + "/" + id + "/messages").then().statusCode(200);
        given().header("Authorization", API_KEY).queryParam("status", "expired").queryParam("limit", 100)
                .get(SESSIONS).then().statusCode(200).body("items.id", hasItem(id));
        given().contentType("application/json").body(Map.of("experienceId", "scripted", "sessionId", id))
                .post("/api/v2/widget/init").then().statusCode(200);

        assertThat(storedStatus(id)).isEqualTo(SessionStatus.ACTIVE);
        assertThat(events.typesFor(UUID.fromString(id))).containsExactly(SessionEvent.Type.CREATED);
    }

    @Test
    void theSweepRecordsTheExpiryAndAnnouncesItOnceHoweverOftenItRuns() {
        String id = create(Map.of("experienceId", "scripted", "expirationSeconds", 60)).getString("id");
        clock.advance(Duration.ofSeconds(61));
        given().get(SESSIONS + "/" + id).then().body("status", equalTo("expired"));

        sweep.sweepOnce();
        sweep.sweepOnce();

        assertThat(storedStatus(id)).isEqualTo(SessionStatus.EXPIRED);
        assertThat(events.typesFor(UUID.fromString(id))).containsExactly(SessionEvent.Type.CREATED,
                SessionEvent.Type.ENDED);
        given().get(SESSIONS + "/" + id).then().body("status", equalTo("expired")).body("endReason",
                equalTo("expired"));
    }

    @Test
    void aWriteToADueSessionRecordsTheExpiryFirstAndTheSweepThenHasNothingToDo() {
        String id = create(Map.of("experienceId", "scripted", "expirationSeconds", 60)).getString("id");
        clock.advance(Duration.ofSeconds(61));

        json().body(Map.of("reason", "user_requested")).post(SESSIONS + "/" + id + "/handover").then()
                .statusCode(201);
        assertThat(storedStatus(id)).isEqualTo(SessionStatus.EXPIRED);
        sweep.sweepOnce();
        json().post(SESSIONS + "/" + id + "/clear").then().statusCode(200);

        assertThat(ended(id)).hasSize(1);
    }

    @Test
    void sweepsRacingWritesAnnounceTheExpiryOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ids.add(create(Map.of("experienceId", "scripted", "expirationSeconds", 60)).getString("id"));
        }
        clock.advance(Duration.ofSeconds(61));

        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Object>> racers = new ArrayList<>();
        racers.add(() -> sweep.sweepOnce());
        racers.add(() -> sweep.sweepOnce());
        for (String id : ids) {
            racers.add(() -> json().post(SESSIONS + "/" + id + "/clear").then().statusCode(200));
            racers.add(() -> json().body(Map.of("name", "raced")).patch(SESSIONS + "/" + id).then()
                    .statusCode(200));
            racers.add(() -> json().body(Map.of("reason", "user_requested")).post(SESSIONS + "/" + id + "/handover")
                    .then().statusCode(201));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(racers.size())) {
            List<Future<Object>> running = new ArrayList<>();
            for (Callable<Object> racer : racers) {
                running.add(pool.submit(() -> {
                    start.await();
                    return racer.call();
                }));
            }
            start.countDown();
            for (Future<Object> f : running) {
                f.get();
            }
        }

        for (String id : ids) {
            assertThat(storedStatus(id)).isEqualTo(SessionStatus.EXPIRED);
            assertThat(ended(id)).as("ENDED events of %s", id).hasSize(1);
        }
    }
}
