package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The message interceptor's paths (fixture interceptor.html, experience {@code scripted}, whose answers echo what the
 * server received): unchanged, enriched, answered locally, and failing.
 */
@QuarkusTest
class WidgetInterceptorBrowserTest extends BrowserScenario {

    private final List<String> queries = new CopyOnWriteArrayList<>();

    private Map<String, Object> ask(String text, int completeCount) {
        input().fill(text);
        input().press("Enter");
        return waitForEvent("messageComplete", completeCount);
    }

    private void open() {
        page.onRequest(r -> {
            if (r.url().endsWith("/api/v2/query")) {
                queries.add(r.postData());
            }
        });
        openFixture("interceptor");
        launcher().click();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> intercepted() {
        return (List<Map<String, Object>>) page.evaluate("() => window.__intercepted");
    }

    @Test
    void returningNullSendsTheMessageUnchanged() {
        open();
        Map<String, Object> complete = ask("plain question", 1);
        assertThat((String) complete.get("answer")).isEqualTo("You said: **plain question**. History: 0 messages.");
        Map<String, Object> start = events("messageStart").get(0);
        assertThat(intercepted()).singleElement().isEqualTo(Map.of("message", Map.of("text", "plain question"),
                "context", Map.of("sessionId", start.get("sessionId"), "experienceId", "scripted", "queryId",
                        start.get("queryId"))));
        assertThat(queries).hasSize(1);
        assertThat(events("error")).isEmpty();
    }

    @Test
    void anEnrichedMessageIsSentInsteadWithItsMetadata() {
        open();
        Map<String, Object> complete = ask("enrich me", 1);
        assertThat((String) complete.get("answer")).contains("**enrich me [page: pricing]**");
        // The visitor's bubble keeps what they typed.
        assertThat(page.locator("[data-nx=messages] .nx-user")).hasText("You: enrich me");
        // The query created the session, so its metadata landed on the session.
        String sessionId = (String) complete.get("sessionId");
        Map<String, Object> metadata = given().header("Authorization", "Bearer test-api-key")
                .get("/api/v2/sessions/" + sessionId).then().statusCode(200).extract().path("metadata");
        assertThat(metadata).containsEntry("page", "pricing");
    }

    @Test
    void aHandledMessageIsAnsweredLocallyWithoutTheBackend() {
        open();
        Map<String, Object> complete = ask("local order status", 1);
        assertContract("messageComplete", complete);
        String answer = "Your order ships **tomorrow**. <img src=x onerror=\"window.__pwned=1\">";
        assertThat(complete).containsEntry("answer", answer).containsEntry("queryId",
                events("messageStart").get(0).get("queryId"));
        assertThat(((Number) complete.get("duration")).longValue()).isNotNegative();
        assertThat(queries).isEmpty();

        // Shown as text, never as markup.
        Locator bot = page.locator("[data-nx=messages] .nx-bot");
        assertThat(bot.locator(".nx-text")).hasText(answer);
        assertThat(bot.locator("img, strong")).hasCount(0);
        assertThat(page.evaluate("() => window.__pwned")).isNull();
        // Its actions work; it can be copied, but not rated (the server has no such answer).
        bot.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Track it")).click();
        assertThat(waitForEvent("customAction")).containsEntry("eventName", "track_order")
                .containsEntry("eventData", Map.of("order", 7)).containsEntry("actionId", "track");
        assertThat(bot.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copy"))).isVisible();
        assertThat(bot.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Helpful"))).hasCount(0);

        // The next message goes to the backend as usual.
        ask("then a real one", 2);
        assertThat(queries).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({"throw it, interceptor bug", "reject it, interceptor rejected",
            "weird result, 'messageInterceptor must return null, {handled: false, message: {text}} or {handled: true, answer}'"})
    void aFailingInterceptorFiresAnInterceptorErrorAndTheMessageIsStillSent(String text, String message) {
        open();
        Map<String, Object> complete = ask(text, 1);
        Map<String, Object> error = events("error").get(0);
        assertContract("error", error);
        assertThat(error).containsEntry("type", "interceptor").containsEntry("message", message);
        assertThat((String) error.get("stack")).isNotBlank();
        assertThat(eventNames()).containsSubsequence("messageStart", "error", "messageComplete");
        assertThat((String) complete.get("answer")).contains("**" + text + "**");
        assertThat(queries).hasSize(1);
        assertThat(page.getByRole(AriaRole.ALERT)).isHidden();
    }

    @Test
    void anInterceptorThatNeverSettlesIsReportedAfterTheTimeoutAndTheMessagesStillGoOut() {
        page.onRequest(r -> {
            if (r.url().endsWith("/api/v2/query")) {
                queries.add(r.postData());
            }
        });
        // The fixture's timeout is advanced.requestTimeoutMs, which bounds the interceptor AND each query's wait for its
        // next byte: 4,000 ms keeps most queries clear of it on a loaded machine (one that times out before its first
        // byte is retried with its queryId, which the server dedups).
        openFixture("interceptor?timeout=4000");
        launcher().click();
        input().fill("hang forever");
        input().press("Enter");
        // The next message waits behind the first one: neither may be held forever.
        input().fill("then this");
        input().press("Enter");
        // Both answers, then their order. (waitForEvent returns the LAST such event: read right after the first answer,
        // it was the second one whenever that had arrived meanwhile, which looked like the second answered first.)
        // Each answer waits for the interceptor's timeout and a query: more than the default 10 s on a loaded machine.
        page.waitForFunction("() => window.__events.filter(e => e.name === 'messageComplete').length >= 2", null,
                new com.microsoft.playwright.Page.WaitForFunctionOptions().setTimeout(60_000));
        List<Object> started = events("messageStart").stream().map(e -> e.get("queryId")).toList();
        List<Map<String, Object>> completed = events("messageComplete");
        assertThat(completed).extracting(e -> e.get("queryId")).containsExactlyElementsOf(started);
        assertThat((String) completed.get(0).get("answer")).contains("**hang forever**").contains("History: 0");
        // The server had the first question and its answer when it answered the second.
        assertThat((String) completed.get(1).get("answer")).contains("**then this**").contains("History: 2");
        Map<String, Object> error = events("error").get(0);
        assertContract("error", error);
        assertThat(error).containsEntry("type", "interceptor");
        assertThat((String) error.get("message")).contains("did not settle");
        // Each message went out once and in order; a query retried after a slow first byte (a loaded machine) keeps its
        // queryId, which the server dedups, so requests are counted per queryId.
        Map<Object, Object> textByQueryId = new java.util.LinkedHashMap<>();
        for (String q : queries) {
            Map<?, ?> body = io.restassured.path.json.JsonPath.from(q).getMap("");
            textByQueryId.putIfAbsent(body.get("queryId"), body.get("text"));
        }
        assertThat(textByQueryId.values()).containsExactly("hang forever", "then this");
    }

    @Test
    void aRetriedMessageIsNotInterceptedTwice() {
        page.route("**/api/v2/query", route -> route.abort("connectionrefused"));
        open();
        input().fill("enrich once");
        input().press("Enter");
        waitForEvent("error");
        page.unroute("**/api/v2/query");
        page.locator("[data-nx=messages]").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Retry")).click();
        Map<String, Object> complete = waitForEvent("messageComplete");
        assertThat((String) complete.get("answer")).contains("**enrich once [page: pricing]**");
        assertThat(intercepted()).hasSize(1);
    }
}
