package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Feedback and copy on answers (fixture feedback.html, experience {@code scripted}): ratings and comments stored on the
 * server, the failure path, and copying with the Clipboard API or its fallback.
 */
@QuarkusTest
class WidgetFeedbackBrowserTest extends BrowserScenario {

    @Override
    protected Browser.NewContextOptions contextOptions() {
        return super.contextOptions().setPermissions(List.of("clipboard-read", "clipboard-write"));
    }

    private Locator answer() {
        return page.locator("[data-nx=messages] .nx-bot").last();
    }

    private Locator control(String name) {
        return answer().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    private Map<String, Object> ask(String fixture, String text) {
        openFixture(fixture);
        launcher().click();
        input().fill(text);
        input().press("Enter");
        return waitForEvent("messageComplete");
    }

    /** The session's ratings as the integrator's backend reads them (API key). */
    private List<Map<String, Object>> feedback(String sessionId) {
        return given().header("Authorization", "Bearer test-api-key").get("/api/v2/sessions/" + sessionId
                + "/feedback").then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    void aRatingFiresFeedbackAndIsStoredAndACommentReplacesIt() {
        Map<String, Object> complete = ask("feedback", "Rate this answer");
        String messageId = (String) complete.get("messageId");
        String sessionId = (String) complete.get("sessionId");
        assertThat(isUuid(messageId)).isTrue();

        control("Helpful").click();
        Map<String, Object> up = waitForEvent("feedback");
        assertContract("feedback", up);
        assertThat(up).containsEntry("rating", "up").containsEntry("messageId", messageId)
                .containsEntry("sessionId", sessionId).doesNotContainKey("comment");
        assertThat(control("Helpful")).hasAttribute("aria-pressed", "true");
        assertThat(control("Not helpful")).hasAttribute("aria-pressed", "false");
        assertThat(answer().getByRole(AriaRole.STATUS)).hasText("Thanks for your feedback.");
        page.waitForCondition(() -> !feedback(sessionId).isEmpty());
        assertThat(feedback(sessionId)).singleElement().satisfies(f -> assertThat(f)
                .containsEntry("messageId", messageId).containsEntry("rating", "up").containsEntry("comment", null));

        // Changing the mind: down, with a comment typed into the offered form and sent with the keyboard.
        control("Not helpful").click();
        assertThat(waitForEvent("feedback", 2)).containsEntry("rating", "down");
        Locator comment = answer().getByRole(AriaRole.TEXTBOX,
                new Locator.GetByRoleOptions().setName("Tell us more (optional)"));
        comment.fill("It missed the point");
        comment.press("Tab");
        page.keyboard().press("Enter");
        Map<String, Object> withComment = waitForEvent("feedback", 3);
        assertThat(withComment).containsEntry("rating", "down").containsEntry("comment", "It missed the point")
                .containsEntry("messageId", messageId);
        assertThat(comment).hasCount(0);
        assertThat(control("Not helpful")).isFocused();
        page.waitForCondition(() -> "It missed the point".equals(feedback(sessionId).get(0).get("comment")));
        assertThat(feedback(sessionId)).singleElement().satisfies(f -> assertThat(f).containsEntry("rating", "down")
                .containsEntry("comment", "It missed the point"));
        assertThat(events("error")).isEmpty();
    }

    @Test
    void aFailedSubmissionFiresAFeedbackErrorAndUndoesTheRating() {
        ask("feedback", "Rate this one too");
        page.route("**/feedback", route -> route.fulfill(new Route.FulfillOptions().setStatus(503)
                .setContentType("application/problem+json")
                .setBody(
                        "{\"type\":\"about:blank\",\"title\":\"Unavailable\",\"status\":503,\"detail\":\"Try later\"}")));
        control("Not helpful").click();
        Map<String, Object> error = waitForEvent("error");
        assertContract("error", error);
        assertThat(error).containsEntry("type", "feedback").containsEntry("message", "Try later");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) error.get("details");
        assertThat(details).containsEntry("rating", "down").containsEntry("status", 503);
        assertThat(control("Not helpful")).hasAttribute("aria-pressed", "false");
        assertThat(answer().getByRole(AriaRole.STATUS)).hasText("Feedback not sent. Please try again.");

        page.unroute("**/feedback");
        control("Not helpful").click();
        assertThat(answer().getByRole(AriaRole.STATUS)).hasText("Thanks for your feedback.");
        assertThat(control("Not helpful")).hasAttribute("aria-pressed", "true");
    }

    @Test
    void aRatingGivenBeforeAReloadShowsPressedAfterItWithoutFiringFeedbackAgain() {
        Map<String, Object> complete = ask("feedback", "Rate this before the reload");
        String messageId = (String) complete.get("messageId");
        control("Not helpful").click();
        assertThat(answer().getByRole(AriaRole.STATUS)).hasText("Thanks for your feedback.");
        // The init snapshot carries the rating of an answer ({"rating": "down"}); a server that does not send it yet
        // gets it added on the way, so this test is about the widget's side of that contract.
        page.route("**/api/v2/widget/init", route -> {
            com.microsoft.playwright.APIResponse r = route.fetch();
            String body = r.text();
            if (!body.contains("\"rating\"")) {
                body = body.replace("\"id\":\"" + messageId + "\"", "\"id\":\"" + messageId + "\",\"rating\":\"down\"");
            }
            route.fulfill(new Route.FulfillOptions().setResponse(r).setBody(body));
        });
        page.reload();
        waitForWidgets(1);
        launcher().click();
        assertThat(control("Not helpful")).hasAttribute("aria-pressed", "true");
        assertThat(control("Helpful")).hasAttribute("aria-pressed", "false");
        assertThat(events("feedback")).isEmpty();
        page.unroute("**/api/v2/widget/init");
    }

    @Test
    void answersAnsweredLocallyOrWithoutAStoredIdOfferNoRating() {
        page.route("**/api/v2/query", route -> {
            String q = route.request().postData().replaceAll(".*\"queryId\":\"([^\"]+)\".*", "$1");
            route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("text/event-stream")
                    .setBody("event: complete\ndata: {\"answer\":\"Hi\",\"answerHtml\":\"<p>Hi</p>\",\"queryId\":\""
                            + q + "\"}\n\n"));
        });
        ask("feedback", "No id");
        assertThat(control("Copy")).isVisible();
        assertThat(control("Helpful")).hasCount(0);
    }

    @Test
    void copyPutsTheAnswerOnTheClipboardAndFiresCopy() {
        Map<String, Object> complete = ask("feedback", "Copy me");
        control("Copy").click();
        Map<String, Object> copy = waitForEvent("copy");
        assertContract("copy", copy);
        String expected = "You said: Copy me. History: 0 messages.";
        assertThat(copy).containsEntry("content", expected).containsEntry("messageId", complete.get("messageId"));
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(expected);
        assertThat(answer().getByRole(AriaRole.STATUS)).hasText("Copied");
        assertThat(control("Copy")).isFocused();
    }

    @Test
    void withoutTheClipboardApiCopyFallsBackToASelectedTextarea() {
        ask("feedback?fallback", "Copy me too");
        assertThat(page.evaluate("() => navigator.clipboard")).isNull();
        control("Copy").click();
        Map<String, Object> copy = waitForEvent("copy");
        String expected = "You said: Copy me too. History: 0 messages.";
        assertThat(copy).containsEntry("content", expected);
        assertThat(page.evaluate("() => window.__execCommands")).isEqualTo(
                List.of(Map.of("command", "copy", "text", expected, "selected", expected.length())));
        // The helper textarea is gone and focus is back on the button.
        assertThat(page.locator("textarea[readonly]")).hasCount(0);
        assertThat(control("Copy")).isFocused();
    }

    @Test
    void answerControlsWorkWithTheKeyboard() {
        ask("feedback", "Keyboard");
        input().focus();
        // The answer's controls are tab stops right before the composer, in reading order.
        page.keyboard().press("Shift+Tab");
        assertThat(control("Copy")).isFocused();
        page.keyboard().press("Shift+Tab");
        assertThat(control("Not helpful")).isFocused();
        page.keyboard().press("Shift+Tab");
        assertThat(control("Helpful")).isFocused();
        page.keyboard().press("Enter");
        assertThat(waitForEvent("feedback")).containsEntry("rating", "up");
        control("Copy").focus();
        page.keyboard().press("Space");
        waitForEvent("copy");
    }
}
