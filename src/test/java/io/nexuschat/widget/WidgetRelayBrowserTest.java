package io.nexuschat.widget;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;

import io.nexuschat.relay.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The widget relays its events to the server's intake, {@code POST /api/v2/events} (fixture relay.html): batches of
 * every emitted event with a client-made id, sent once the widget is usable, by beacon when the page is hidden or left,
 * and not at all with {@code analytics: {relay: false}}; and through the server's real intake and relay, a conversation's
 * events reach a webhook receiver. A server without an intake (an older version) is simulated by answering 404 here.
 */
@QuarkusTest
class WidgetRelayBrowserTest extends BrowserScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INTAKE = "**/api/v2/events";

    /** One request to the intake as the browser sent it. */
    record Sent(String resourceType, String contentType, int bytes, List<Map<String, Object>> events) {
    }

    /** Every request to the intake, and the order of init answers and intake requests ("init", "events"). */
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    /** Whether the intake is answered here with 404 (a server without one) rather than by the server. */
    private volatile boolean missingIntake;

    @BeforeEach
    void watchTheIntake() {
        // On the context, so that a beacon sent while the page is left is seen too.
        context.route(INTAKE, route -> {
            order.add("events");
            sent.add(read(route.request()));
            if (missingIntake) {
                route.fulfill(new Route.FulfillOptions().setStatus(404).setContentType("application/problem+json")
                        .setBody("{\"status\":404,\"title\":\"Not Found\"}"));
            } else {
                route.fallback();
            }
        });
        page.onResponse(r -> {
            if (r.url().endsWith("/api/v2/widget/init")) {
                order.add("init");
            }
        });
        page.onConsoleMessage(m -> {
            if ("warning".equals(m.type())) {
                warnings.add(m.text());
            }
        });
    }

    private static Sent read(Request r) {
        byte[] body = r.postDataBuffer();
        try {
            List<Map<String, Object>> events = JSON.readValue(body, new TypeReference<>() {
            });
            return new Sent(r.resourceType(), r.headerValue("content-type"), body.length, events);
        } catch (Exception e) {
            throw new IllegalStateException("intake body is not a JSON array: "
                    + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private List<Map<String, Object>> relayed() {
        return sent.stream().flatMap(s -> s.events().stream()).toList();
    }

    private List<Object> relayedTypes() {
        return relayed().stream().map(e -> e.get("type")).toList();
    }

    @Test
    void aConversationsEventsReachTheIntakeWithIdsSessionAndPayloads() {
        openFixture("relay");
        waitForWidgets(1);
        launcher().click();
        input().fill("How do I embed the widget?");
        input().press("Enter");
        waitForEvent("messageComplete");
        page.waitForCondition(() -> relayedTypes().contains("messageComplete"));

        assertThat(order.get(0)).as("nothing is sent before init has answered").isEqualTo("init");
        List<Map<String, Object>> recorded = events();
        List<Map<String, Object>> relayed = relayed();
        assertThat(relayed).as("every event the page saw, in order").hasSameSizeAs(recorded);
        String sessionId = (String) page.evaluate("() => widget.getSessionId()");
        Set<Object> ids = new HashSet<>();
        for (int i = 0; i < recorded.size(); i++) {
            Map<String, Object> seen = recorded.get(i);
            Map<String, Object> event = relayed.get(i);
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) seen.get("data");
            assertThat(event).containsEntry("type", seen.get("name")).containsEntry("experienceId", "demo")
                    .containsEntry("timestamp", data.get("timestamp")).containsEntry("data", data);
            assertThat(isUuid(event.get("id"))).as("id of %s", event).isTrue();
            ids.add(event.get("id"));
            // The session exists from sessionStart on (the first message opens it).
            if (i >= eventNames().indexOf("sessionStart")) {
                assertThat(event).as("%s", seen.get("name")).containsEntry("sessionId", sessionId);
            } else {
                assertThat(event).as("%s", seen.get("name")).doesNotContainKey("sessionId");
            }
        }
        assertThat(ids).as("one id per event").hasSameSizeAs(relayed);
        assertThat(relayedTypes()).contains("open", "sessionStart", "messageStart", "messageChunk", "messageComplete");
        assertThat(sent).allSatisfy(s -> {
            assertThat(s.resourceType()).isEqualTo("fetch");
            assertThat(s.contentType()).startsWith("text/plain");
            assertThat(s.bytes()).isLessThanOrEqualTo(64_000);
            assertThat(s.events()).hasSizeLessThanOrEqualTo(50);
        });
        assertThat(events("error")).isEmpty();
    }

    @Test
    void hidingThePageSendsTheQueuedEventsAtOnceByBeacon() {
        openFixture("relay");
        waitForWidgets(1);
        // Hidden in the same task as the event, so long before the batch's delay: it goes out by beacon at once.
        page.evaluate("() => { widget.open(); hide(); }");
        page.waitForCondition(() -> !sent.isEmpty());
        assertThat(sent.get(0).resourceType()).isEqualTo("ping");
        assertThat(sent.get(0).events()).extracting(e -> e.get("type")).containsExactly("open");
    }

    /**
     * Leaving fires {@code pagehide}. Dispatched here, because Chromium hands the beacon of a document being unloaded to
     * the network without Playwright seeing it (it reaches the server: checked by hand with a plain page); the widget's
     * listener and the beacon are the same.
     */
    @Test
    void leavingThePageSendsTheQueuedEventsByBeacon() {
        openFixture("relay");
        waitForWidgets(1);
        page.evaluate("() => { widget.open(); widget.close(); dispatchEvent(new PageTransitionEvent('pagehide')); }");
        page.waitForCondition(() -> !sent.isEmpty());
        assertThat(sent.get(0).resourceType()).isEqualTo("ping");
        assertThat(sent.get(0).events()).extracting(e -> e.get("type")).containsExactly("open", "close");
    }

    @Test
    void aWidgetWithRelayOffSendsNothingWhileAnotherOnThePageDoes() {
        openFixture("relay?quiet");
        waitForWidgets(2);
        page.evaluate("() => quiet.sendMessage('hello from the quiet widget')");
        waitForEvent("messageComplete");
        launcher().click();
        page.evaluate("() => hide()");
        page.waitForCondition(() -> relayedTypes().contains("open"));

        assertThat(eventNames()).contains("messageStart", "messageComplete", "open");
        assertThat(relayed()).isNotEmpty().allSatisfy(e -> assertThat(e).containsEntry("experienceId", "demo"));
        assertThat(relayedTypes()).containsExactly("open");
    }

    @Test
    void withoutAnIntakeTheWidgetStaysQuietAndStopsSending() {
        missingIntake = true;
        openFixture("relay");
        waitForWidgets(1);
        launcher().click();
        page.waitForResponse(r -> r.url().endsWith("/api/v2/events") && r.status() == 404, () -> {
        });
        input().fill("Which events does the widget emit?");
        input().press("Enter");
        waitForEvent("messageComplete");
        page.evaluate("() => hide()");
        // A request made after hide(): had the relay sent a beacon, it would have been seen before this one.
        page.waitForResponse("**/api/v2/widget/init", () -> page.evaluate("() => NexusChatWidget.init({experienceId:"
                + " 'scripted', mode: 'embedded', container: '#quiet', analytics: { relay: false }})"));

        assertThat(sent).hasSize(1);
        assertThat(events("error")).isEmpty();
        List<String> relayWarnings = new ArrayList<>(warnings.stream().filter(w -> w.contains("not relayed")).toList());
        assertThat(relayWarnings).hasSize(1);
    }

    /**
     * End to end: the real bundle, the server's intake, the outbox, a relay worker, and a real receiver that verifies
     * the Standard Webhooks signature itself. The widget's events arrive as {@code widget.<name>} beside the server's
     * own, with the session the page sees.
     */
    @Test
    void aConversationsEventsReachAWebhookReceiverThroughTheServer() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(n -> 204)) {
            JsonPath hook = given().header("Authorization", "Bearer test-api-key").contentType(ContentType.JSON)
                    .body(Map.of("experienceId", "demo", "url", receiver.url(), "events",
                            List.of("widget.*", "session.created", "message.completed")))
                    .post("/api/v2/webhooks").then().statusCode(201).extract().jsonPath();
            try {
                openFixture("relay");
                waitForWidgets(1);
                launcher().click();
                input().fill("How do I embed the widget?");
                input().press("Enter");
                Map<String, Object> complete = waitForEvent("messageComplete");
                page.evaluate("() => hide()");
                String sessionId = (String) page.evaluate("() => widget.getSessionId()");
                page.waitForCondition(() -> delivered(receiver).containsAll(
                        List.of("widget.open", "widget.sessionStart", "widget.messageComplete", "session.created",
                                "message.completed")));

                String secret = hook.getString("secret");
                assertThat(receiver.received()).allSatisfy(r -> assertThat(r.signedWith(secret)).isTrue());
                Map<String, Object> relayedComplete = deliveredBody(receiver, "widget.messageComplete");
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) relayedComplete.get("data");
                assertThat(data).containsEntry("queryId", complete.get("queryId"))
                        .containsEntry("sessionId", sessionId);
                @SuppressWarnings("unchecked")
                Map<String, Object> created = (Map<String, Object>) deliveredBody(receiver, "session.created")
                        .get("data");
                assertThat(created.toString()).contains(sessionId);
                // The visitor's typed text is not relayed unless the experience opts in.
                assertThat(receiver.received()).noneSatisfy(
                        r -> assertThat(r.body()).contains("How do I embed the widget?"));
            } finally {
                given().header("Authorization", "Bearer test-api-key")
                        .delete("/api/v2/webhooks/" + hook.getString("id"));
            }
        }
    }

    private static List<String> delivered(WebhookReceiver receiver) {
        return receiver.received().stream().map(r -> (String) body(r).get("type")).toList();
    }

    private static Map<String, Object> deliveredBody(WebhookReceiver receiver, String type) {
        return receiver.received().stream().map(WidgetRelayBrowserTest::body).filter(b -> type.equals(b.get("type")))
                .findFirst().orElseThrow();
    }

    private static Map<String, Object> body(WebhookReceiver.Received r) {
        try {
            return JSON.readValue(r.body(), new TypeReference<>() {
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
