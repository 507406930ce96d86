package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Welcome and answer buttons of the four action types (fixture actions.html, experience {@code scripted}): their events
 * and payloads, the handover recorded on the session, one-time buttons, and the keyboard.
 */
@QuarkusTest
class WidgetActionsBrowserTest extends BrowserScenario {

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private void openActions() {
        openFixture("actions");
        launcher().click();
        assertThat(dialog()).isVisible();
    }

    /** The session's handover requests as the integrator's backend reads them (API key). */
    private List<Map<String, Object>> handovers(String sessionId) {
        return given().header("Authorization", "Bearer test-api-key").get("/api/v2/sessions/" + sessionId
                + "/handovers").then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    void invalidButtonsOfTheConfigAreDroppedWithAWarningAndTheOthersRendered() {
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> {
            if ("warning".equals(m.type())) {
                warnings.add(m.text());
            }
        });
        openActions();
        Locator group = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Suggested actions"));
        assertThat(group.getByRole(AriaRole.BUTTON)).hasText(new String[]{"Ask about sessions", "Open the docs",
                "Bad link", "Start the tour", "Talk to a person"});
        assertThat(warnings).anyMatch(w -> w.contains("invalid action in config.messages.welcomeActions"));
    }

    @Test
    void sendQuerySendsItsTextAsTheVisitorsMessage() {
        openActions();
        button("Ask about sessions").click();
        Map<String, Object> start = waitForEvent("messageStart");
        assertThat(start).containsEntry("message", "How long does a session last?");
        Map<String, Object> complete = waitForEvent("messageComplete");
        assertThat((String) complete.get("answer")).contains("How long does a session last?");
        assertThat(page.locator("[data-nx=messages] .nx-user")).hasText("You: How long does a session last?");
    }

    @Test
    void sendEventFiresCustomActionWithEventNameEventDataAndActionId() {
        openActions();
        button("Start the tour").click();
        Map<String, Object> action = waitForEvent("customAction");
        assertContract("customAction", action);
        assertThat(action).containsEntry("eventName", "start_tour").containsEntry("actionId", "tour")
                .containsEntry("eventData", Map.of("tourId", 42, "step", "intro"));
        // A button that is not one-time can be used again.
        button("Start the tour").click();
        waitForEvent("customAction", 2);
        assertThat(events("messageStart")).isEmpty();
    }

    @Test
    void openUrlOpensHttpUrlsInANewTabWithoutOpenerAndNeverOtherSchemes() {
        openActions();
        Page popup = page.waitForPopup(() -> button("Open the docs").click());
        popup.waitForLoadState();
        assertThat(popup.url()).isEqualTo(baseUrl() + "/fixtures/opened.html");
        assertThat(popup.evaluate("() => window.opener")).isNull();
        assertThat(page.url()).contains("/fixtures/actions.html");

        List<Page> opened = new java.util.ArrayList<>();
        context.onPage(opened::add);
        button("Bad link").click();
        Map<String, Object> error = waitForEvent("error");
        assertContract("error", error);
        assertThat(error).containsEntry("type", "unknown");
        assertThat((String) error.get("message")).contains("only http and https");
        assertThat(page.evaluate("() => window.__pwned")).isNull();
        assertThat(opened).isEmpty();
    }

    @Test
    void triggerHandoverFiresHandoverStartsASessionAndRecordsTheRequestServerSide() {
        openActions();
        assertThat(page.evaluate("() => widget.getSessionId()")).isNull();
        button("Talk to a person").click();

        Map<String, Object> handover = waitForEvent("handover");
        assertContract("handover", handover);
        String sessionId = (String) handover.get("sessionId");
        assertThat(isUuid(sessionId)).isTrue();
        assertThat(handover).containsEntry("reason", "user_requested").containsEntry("priority", "high")
                .containsEntry("metadata", Map.of("source", "welcome_message"));
        // No message was sent yet: the handover opened the session.
        assertThat(waitForEvent("sessionStart").get("metadata")).isEqualTo(Map.of("trigger", "handover",
                "experienceId", "scripted"));
        assertThat(page.locator(".nx-note")).hasText(
                "You asked to talk to a person. Your request has been passed on.");

        page.waitForCondition(() -> !handovers(sessionId).isEmpty());
        assertThat(handovers(sessionId)).singleElement().satisfies(h -> {
            assertThat(h).containsEntry("sessionId", sessionId).containsEntry("reason", "user_requested")
                    .containsEntry("priority", "high").containsEntry("metadata", Map.of("source", "welcome_message"));
        });
        assertThat(events("error")).isEmpty();
    }

    @Test
    void aOneTimeButtonDisablesItselfAfterUseAndStaysDisabledAfterAReloadUntilANewSession() {
        openActions();
        Locator agent = button("Talk to a person");
        // Waits until the request is recorded (it creates the session): a reload before that would find no session.
        page.waitForResponse(r -> r.url().endsWith("/handover") && r.status() < 300, agent::click);
        waitForEvent("handover");
        assertThat(agent).hasAttribute("aria-disabled", "true");
        assertThat(agent).isFocused();
        // Playwright refuses to click an aria-disabled button; a forced click is what a mouse would do.
        agent.click(new Locator.ClickOptions().setForce(true));
        button("Start the tour").click();
        waitForEvent("customAction");
        assertThat(events("handover")).hasSize(1);

        page.reload();
        launcher().click();
        assertThat(button("Talk to a person")).hasAttribute("aria-disabled", "true");

        page.evaluate("() => widget.startNewSession()");
        assertThat(button("Talk to a person")).not().hasAttribute("aria-disabled", "true");
        button("Talk to a person").click();
        waitForEvent("handover");
    }

    @Test
    void answerActionsFromTheServerAreButtonsUnderTheAnswer() {
        openActions();
        input().fill("I cannot find it #handover");
        input().press("Enter");
        waitForEvent("messageComplete");
        String sessionId = (String) page.evaluate("() => widget.getSessionId()");
        Locator answer = page.locator("[data-nx=messages] .nx-bot");
        Locator offered = answer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Talk to a person"));
        assertThat(offered).isVisible();
        offered.click();
        Map<String, Object> handover = waitForEvent("handover");
        assertThat(handover).containsEntry("sessionId", sessionId).containsEntry("reason", "no_answer")
                .containsEntry("priority", "normal").doesNotContainKey("metadata");
        assertThat(offered).hasAttribute("aria-disabled", "true");
        page.waitForCondition(() -> !handovers(sessionId).isEmpty());
        assertThat(handovers(sessionId)).singleElement()
                .satisfies(h -> assertThat(h).containsEntry("reason", "no_answer").containsEntry("priority",
                        "normal"));
    }

    @Test
    void answerActionsOfEveryTypeWork() {
        page.route("**/api/v2/query", route -> {
            String q = route.request().postData().replaceAll(".*\"queryId\":\"([^\"]+)\".*", "$1");
            String actions = """
                    [{"id":"more","label":"Tell me more","action":{"type":"send_query","payload":{"text":"Tell me more"}}},
                     {"id":"demo","label":"Book a demo","action":{"type":"send_event","payload":{"eventName":"book_demo","eventData":{"plan":"pro"}}}},
                     {"id":"site","label":"Visit the site","action":{"type":"open_url","payload":{"url":"/fixtures/opened.html"}}}]""";
            route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setStatus(200)
                    .setContentType("text/event-stream")
                    .setBody(
                            "event: complete\ndata: {\"answer\":\"Here you go.\",\"answerHtml\":\"<p>Here you go.</p>\","
                                    + "\"queryId\":\"" + q + "\",\"messageId\":\"" + java.util.UUID.randomUUID()
                                    + "\",\"actions\":" + actions.replace("\n", "") + "}\n\n"));
        });
        openActions();
        input().fill("Show me options");
        input().press("Enter");
        waitForEvent("messageComplete");
        Locator answer = page.locator("[data-nx=messages] .nx-bot").first();

        answer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Book a demo")).click();
        assertThat(waitForEvent("customAction")).containsEntry("eventName", "book_demo")
                .containsEntry("actionId", "demo").containsEntry("eventData", Map.of("plan", "pro"));

        Page popup = page.waitForPopup(() -> answer.getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Visit the site")).click());
        assertThat(popup.url()).isEqualTo(baseUrl() + "/fixtures/opened.html");

        answer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Tell me more")).click();
        assertThat(waitForEvent("messageStart", 2)).containsEntry("message", "Tell me more");
    }

    @Test
    void actionButtonsWorkWithTheKeyboard() {
        openActions();
        Locator tour = button("Start the tour");
        tour.focus();
        page.keyboard().press("Enter");
        waitForEvent("customAction");
        page.keyboard().press("Space");
        waitForEvent("customAction", 2);
        page.keyboard().press("Shift+Tab");
        assertThat(button("Bad link")).isFocused();
    }

    @Test
    void aHandoverThatFailsOnTheNetworkIsReportedNotRetried() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        page.route("**/handover", route -> {
            calls.incrementAndGet();
            route.abort("connectionreset");
        });
        openActions();
        button("Talk to a person").click();
        Map<String, Object> error = waitForEvent("error");
        assertContract("error", error);
        assertThat(error).containsEntry("type", "backend");
        assertThat(calls.get()).isEqualTo(1);
        assertThat(events("handover")).hasSize(1);
    }
}
