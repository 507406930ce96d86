package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Sessions end to end against the real server: messages with streamed answers, the clearChat vs startNewSession table
 * of seed 000 row by row, resume after reload, and a config sessionId shared by two widgets.
 */
@QuarkusTest
class WidgetSessionBrowserTest extends BrowserScenario {

    private Locator messages() {
        return page.locator("[data-nx=messages] .nx-msg");
    }

    private Locator welcome() {
        return page.locator("[data-nx=welcome]");
    }

    /** Sends a message through the UI and waits for its answer; returns the messageComplete payload. */
    private Map<String, Object> ask(String text, int completeCount) {
        input().fill(text);
        input().press("Enter");
        return waitForEvent("messageComplete", completeCount);
    }

    private String sessionStatus(String id) {
        return given().get("/api/v2/sessions/" + id).then().statusCode(200).extract().path("status");
    }

    @Test
    void sendingAMessageStartsASessionStreamsTheAnswerAndShowsServerHtml() {
        openFixture("basic");
        launcher().click();
        Map<String, Object> complete = ask("How do I embed the widget on my site?", 1);

        Map<String, Object> start = events("sessionStart").get(0);
        assertContract("sessionStart", start);
        String sessionId = (String) start.get("sessionId");
        assertThat(isUuid(sessionId)).isTrue();
        assertThat(start.get("metadata")).isEqualTo(Map.of("trigger", "message", "experienceId", "demo"));

        Map<String, Object> messageStart = events("messageStart").get(0);
        assertContract("messageStart", messageStart);
        assertThat(messageStart).containsEntry("message", "How do I embed the widget on my site?")
                .containsEntry("sessionId", sessionId);

        List<Map<String, Object>> chunks = events("messageChunk");
        assertThat(chunks).isNotEmpty();
        chunks.forEach(c -> assertContract("messageChunk", c));
        assertThat(chunks).allSatisfy(c -> assertThat(c).containsEntry("queryId", messageStart.get("queryId")));

        assertContract("messageComplete", complete);
        assertThat(complete).containsEntry("queryId", messageStart.get("queryId")).containsEntry("sessionId",
                sessionId);
        assertThat((String) complete.get("answer")).isNotBlank();
        assertThat(((Number) complete.get("duration")).longValue()).isNotNegative();
        // The streamed text is the answer; the final bubble is the server-rendered HTML.
        String streamed = chunks.stream().map(c -> (String) c.get("chunk")).reduce("", String::concat);
        assertThat(streamed).isEqualTo(complete.get("answer"));
        assertThat(eventNames()).containsSubsequence("sessionStart", "messageStart", "messageChunk",
                "messageComplete");

        assertThat(messages()).hasCount(2);
        assertThat(messages().nth(0)).containsText("How do I embed the widget on my site?");
        assertThat(page.locator(".nx-bot .nx-md")).hasCount(1);
        assertThat(page.locator("[data-nx=typing]")).isHidden();
        assertThat(page.evaluate("() => widget.getSessionId()")).isEqualTo(sessionId);
        assertThat(sessionStatus(sessionId)).isEqualTo("active");
        assertThat(events("error")).isEmpty();
    }

    @Test
    void userTextIsShownAsTextNeverAsMarkup() {
        openFixture("basic");
        launcher().click();
        ask("<img src=x onerror=\"window.__pwned=1\"><b>bold</b>", 1);
        assertThat(messages().nth(0).locator(".nx-text"))
                .hasText("<img src=x onerror=\"window.__pwned=1\"><b>bold</b>");
        assertThat(page.locator("[data-nx=messages] img")).hasCount(0);
        assertThat(page.evaluate("() => window.__pwned")).isNull();
    }

    @Test
    void clearChatEndsAndClearsButStartsNoSessionAndShowsNoWelcomeUntilTheNextMessage() {
        openFixture("basic");
        launcher().click();
        ask("Which events does the widget emit?", 1);
        String first = (String) page.evaluate("() => widget.getSessionId()");
        forgetEvents();

        Object returned = page.evaluate("() => widget.clearChat()");

        // Row "clearChat()": ends session yes, clears messages yes, new session no (on next message),
        // welcome no, returns id no.
        assertThat(eventNames()).containsExactly("sessionClear", "sessionEnd");
        Map<String, Object> clear = events("sessionClear").get(0);
        assertContract("sessionClear", clear);
        assertThat(clear).containsEntry("sessionId", first).containsEntry("messageCount", 2);
        Map<String, Object> end = events("sessionEnd").get(0);
        assertContract("sessionEnd", end);
        assertThat(end).containsEntry("sessionId", first).containsEntry("messageCount", 2);
        assertThat(((Number) end.get("duration")).longValue()).isNotNegative();
        assertThat(messages()).hasCount(0);
        assertThat(welcome()).isHidden();
        assertThat(returned).isNull();
        assertThat(page.evaluate("() => widget.getSessionId()")).isNull();
        page.waitForCondition(() -> "completed".equals(sessionStatus(first)));

        ask("How do I embed the widget on my site?", 1);
        Map<String, Object> next = events("sessionStart").get(0);
        assertThat(next.get("sessionId")).isNotEqualTo(first);
        assertThat(eventNames()).containsSubsequence("sessionStart", "messageStart", "messageComplete");
        assertThat(welcome()).isHidden();
        assertThat(messages()).hasCount(2);
    }

    @Test
    void startNewSessionEndsAndClearsThenStartsAtOnceShowsTheWelcomeAndReturnsTheId() {
        openFixture("basic");
        launcher().click();
        ask("Which events does the widget emit?", 1);
        String first = (String) page.evaluate("() => widget.getSessionId()");
        forgetEvents();

        String id = (String) page.evaluate("() => widget.startNewSession()");

        // Row "startNewSession()": ends yes, clears yes, new session yes (immediately), welcome yes, returns id yes.
        assertThat(isUuid(id)).isTrue();
        assertThat(id).isNotEqualTo(first);
        assertThat(eventNames()).containsExactly("sessionEnd", "sessionStart");
        assertThat(events("sessionEnd").get(0)).containsEntry("sessionId", first).containsEntry("messageCount", 2);
        Map<String, Object> start = events("sessionStart").get(0);
        assertContract("sessionStart", start);
        assertThat(start).containsEntry("sessionId", id);
        assertThat(start.get("metadata")).isEqualTo(Map.of("trigger", "startNewSession", "experienceId", "demo"));
        assertThat(messages()).hasCount(0);
        assertThat(welcome()).isVisible();
        assertThat(page.evaluate("() => widget.getSessionId()")).isEqualTo(id);
        // Created on the server in the background; the old one is completed.
        page.waitForCondition(() -> given().get("/api/v2/sessions/" + id).statusCode() == 200);
        assertThat(sessionStatus(id)).isEqualTo("active");
        page.waitForCondition(() -> "completed".equals(sessionStatus(first)));

        ask("How do I embed the widget on my site?", 1);
        assertThat(events("sessionStart")).hasSize(1);
        assertThat(events("messageComplete").get(0)).containsEntry("sessionId", id);
        assertThat(events("error")).isEmpty();
    }

    @Test
    void startNewSessionUsesAGivenUuidAndRejectsAnInvalidOneChangingNothing() {
        openFixture("basic");
        launcher().click();
        String given = "550e8400-e29b-41d4-a716-446655440000";
        assertThat(page.evaluate("id => widget.startNewSession(id)", given)).isEqualTo(given);
        assertThat(waitForEvent("sessionStart")).containsEntry("sessionId", given);
        forgetEvents();

        assertThat(page.evaluate("() => widget.startNewSession('not-a-uuid')")).isNull();
        Map<String, Object> error = waitForEvent("error");
        assertContract("error", error);
        assertThat(error).containsEntry("type", "unknown");
        assertThat((String) error.get("message")).contains("not-a-uuid");
        assertThat(eventNames()).containsExactly("error");
        assertThat(page.evaluate("() => widget.getSessionId()")).isEqualTo(given);
        assertThat(welcome()).isVisible();
    }

    @Test
    void sessionResumesAfterReloadWithItsHistory() {
        openFixture("resume-after-reload");
        launcher().click();
        ask("How do I embed the widget on my site?", 1);
        String id = (String) page.evaluate("() => widget.getSessionId()");

        page.reload();
        waitForWidgets(1);
        assertThat(page.evaluate("() => widget.getSessionId()")).isEqualTo(id);
        launcher().click();
        assertThat(messages()).hasCount(2);
        assertThat(messages().nth(0)).containsText("How do I embed the widget on my site?");
        assertThat(page.locator(".nx-bot .nx-md")).hasCount(1);
        // Resuming is not a new session.
        assertThat(events("sessionStart")).isEmpty();

        ask("Which events does the widget emit?", 1);
        assertThat(events("messageComplete").get(0)).containsEntry("sessionId", id);
        assertThat(messages()).hasCount(4);
        page.evaluate("() => widget.clearChat()");
        assertThat(waitForEvent("sessionEnd")).containsEntry("messageCount", 4);
    }

    @Test
    void aConfigSessionIdIsSharedByTwoWidgetsAndHandsOverASessionCreatedViaTheApi() {
        String id = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body(Map.of("id", id, "experienceId", "demo"))
                .post("/api/v2/sessions").then().statusCode(201);

        openFixture("shared-session?session=" + id);
        waitForWidgets(2);
        assertThat(page.evaluate("() => [a.getSessionId(), b.getSessionId()]")).isEqualTo(List.of(id, id));
        Locator inputA = page.locator("#a").getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions()
                .setName("Message"));
        inputA.fill("How do I embed the widget on my site?");
        inputA.press("Enter");
        Map<String, Object> complete = waitForEvent("messageComplete");
        assertThat(complete).containsEntry("sessionId", id);
        Locator inputB = page.locator("#b").getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions()
                .setName("Message"));
        inputB.fill("Which events does the widget emit?");
        inputB.press("Enter");
        assertThat(waitForEvent("messageComplete", 2)).containsEntry("sessionId", id);
        assertThat(events("sessionStart")).isEmpty();

        // Both widgets' messages are in the one server session; a reload shows them in both widgets.
        List<Object> roles = given().get("/api/v2/sessions/" + id + "/messages").then().statusCode(200).extract()
                .path("items.role");
        assertThat(roles).hasSize(4);
        page.reload();
        waitForWidgets(2);
        assertThat(page.locator("#a [data-nx=messages] .nx-msg")).hasCount(4);
        assertThat(page.locator("#b [data-nx=messages] .nx-msg")).hasCount(4);
    }

    @Test
    void aServerRolloverBecomesSessionEndThenSessionStart() {
        openFixture("basic");
        launcher().click();
        ask("How do I embed the widget on my site?", 1);
        String old = (String) page.evaluate("() => widget.getSessionId()");
        // Complete the session behind the widget's back (as another device or the integrator's backend would).
        given().contentType(ContentType.JSON).body("{}").post("/api/v2/sessions/" + old + "/clear").then()
                .statusCode(200);
        forgetEvents();

        ask("Which events does the widget emit?", 1);
        assertThat(eventNames()).containsSubsequence("messageStart", "sessionEnd", "sessionStart",
                "messageComplete");
        assertThat(events("sessionEnd").get(0)).containsEntry("sessionId", old).containsEntry("messageCount", 2);
        Map<String, Object> start = events("sessionStart").get(0);
        String fresh = (String) start.get("sessionId");
        assertThat(fresh).isNotEqualTo(old);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) start.get("metadata");
        assertThat(metadata).containsEntry("trigger", "rollover").containsEntry("previousSessionId", old);
        assertThat(events("messageComplete").get(0)).containsEntry("sessionId", fresh);
        assertThat(page.evaluate("() => widget.getSessionId()")).isEqualTo(fresh);
        assertThat(page.evaluate("() => JSON.parse(localStorage['nexus-chat:demo:session'])")).isEqualTo(fresh);
        // The conversation stays on screen.
        assertThat(messages()).hasCount(4);
    }

    @Test
    void completedAnswersAreAnnouncedOnceThroughThePoliteLog() {
        openFixture("basic");
        launcher().click();
        Locator log = page.getByRole(AriaRole.LOG);
        assertThat(log).hasAttribute("aria-live", "polite");
        // While streaming the bubble is hidden from assistive tech; the finished answer replaces it.
        page.evaluate("""
                () => {
                  window.__hiddenWhileStreaming = [];
                  const root = document.querySelector('nexus-chat-widget').shadowRoot;
                  // Records every streaming bubble ever added, even one replaced within the same task.
                  new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => {
                    if (n.querySelector && n.querySelector('.nx-stream'))
                      window.__hiddenWhileStreaming.push(n.getAttribute('aria-hidden'));
                  }))).observe(root, { subtree: true, childList: true });
                }""");
        ask("How do I embed the widget on my site?", 1);
        @SuppressWarnings("unchecked")
        List<Object> hidden = (List<Object>) page.evaluate("() => window.__hiddenWhileStreaming");
        assertThat(hidden).isNotEmpty().containsOnly("true");
        assertThat(page.locator(".nx-bot[aria-hidden]")).hasCount(0);
        assertThat(log.locator("[data-nx=messages] .nx-bot .nx-sr")).hasText("Assistant: ");
    }

    @Test
    void messagesSentInQuickSuccessionAreAnsweredInOrder() {
        openFixture("basic");
        launcher().click();
        page.evaluate("() => { widget.sendMessage('How do I embed the widget on my site?');"
                + " widget.sendMessage('Which events does the widget emit?'); }");
        waitForEvent("messageComplete", 2);
        List<Map<String, Object>> starts = events("messageStart");
        List<Map<String, Object>> completes = events("messageComplete");
        assertThat(completes.stream().map(c -> c.get("queryId")))
                .containsExactly(starts.get(0).get("queryId"), starts.get(1).get("queryId"));
        assertThat(events("sessionStart")).hasSize(1);
        assertThat(messages()).hasCount(4);
        // Each answer sits under its own question.
        assertThat(messages().nth(0)).containsText("How do I embed the widget on my site?");
        assertThat(messages().nth(1)).hasClass(java.util.regex.Pattern.compile("nx-bot"));
        assertThat(messages().nth(2)).containsText("Which events does the widget emit?");
        assertThat(messages().nth(3)).hasClass(java.util.regex.Pattern.compile("nx-bot"));
    }

    @Test
    void aConfiguredSessionIdTheServerCreatesOnTheFirstMessageStartsASessionOnce() {
        String id = UUID.randomUUID().toString();
        openFixture("shared-session?session=" + id);
        waitForWidgets(2);
        Locator inputA = page.locator("#a").getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions()
                .setName("Message"));
        inputA.fill("How do I embed the widget on my site?");
        inputA.press("Enter");
        waitForEvent("messageComplete");
        inputA.fill("Which events does the widget emit?");
        inputA.press("Enter");
        waitForEvent("messageComplete", 2);

        List<Map<String, Object>> starts = events("sessionStart");
        assertThat(starts).hasSize(1);
        assertContract("sessionStart", starts.get(0));
        assertThat(starts.get(0)).containsEntry("sessionId", id);
        assertThat(starts.get(0).get("metadata")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("trigger", "message").containsEntry("experienceId", "demo");
        assertThat(eventNames().indexOf("sessionStart")).isLessThan(eventNames().indexOf("messageComplete"));
        assertThat(sessionStatus(id)).isEqualTo("active");
    }

    @Test
    void aMessageSentBeforeInitOnAnEndedStoredSessionRollsOverIntoOneNewSession() {
        openFixture("resume-after-reload");
        launcher().click();
        ask("How do I embed the widget on my site?", 1);
        String old = (String) page.evaluate("() => widget.getSessionId()");
        given().contentType(ContentType.JSON).body("{}").post("/api/v2/sessions/" + old + "/clear").then()
                .statusCode(200);

        // Init answers only after the message went out, and the rollover arrives only after init answered.
        List<com.microsoft.playwright.Route> init = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<com.microsoft.playwright.Route> query = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.route("**/api/v2/widget/init", init::add);
        page.route("**/api/v2/query", query::add);
        page.reload();
        page.waitForCondition(() -> !init.isEmpty());
        page.evaluate("() => widget.sendMessage('Which events does the widget emit?')");
        page.waitForCondition(() -> !query.isEmpty());
        init.get(0).resume();
        waitForWidgets(1);
        query.get(0).resume();
        waitForEvent("messageComplete");

        assertThat(eventNames()).containsSubsequence("messageStart", "sessionEnd", "sessionStart",
                "messageComplete");
        assertThat(events("sessionEnd").get(0)).containsEntry("sessionId", old);
        Map<String, Object> start = events("sessionStart").get(0);
        String fresh = (String) start.get("sessionId");
        assertThat(fresh).isNotEqualTo(old);
        assertThat(start.get("metadata")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("trigger", "rollover").containsEntry("previousSessionId", old);
        assertThat(page.evaluate("() => widget.getSessionId()")).isEqualTo(fresh);

        page.unroute("**/api/v2/query");
        page.unroute("**/api/v2/widget/init");
        launcher().click();
        assertThat(ask("How do I install it?", 2)).containsEntry("sessionId", fresh);
        assertThat(events("sessionStart")).hasSize(1);
    }

    @Test
    void eachVisitorMessageEntersTheLogOnce() {
        openFixture("basic");
        launcher().click();
        page.evaluate(
                """
                        () => {
                          window.__userAdded = 0;
                          const list = document.querySelector('nexus-chat-widget').shadowRoot.querySelector('[data-nx=messages]');
                          new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => {
                            if (n.classList && n.classList.contains('nx-user')) window.__userAdded++;
                          }))).observe(list, { childList: true });
                        }""");
        ask("How do I embed the widget on my site?", 1);
        ask("Which events does the widget emit?", 2);
        assertThat(page.evaluate("() => window.__userAdded")).isEqualTo(2);
        assertThat(messages()).hasCount(4);
    }

    @Test
    void startNewSessionWithTheCurrentIdIsAnErrorAndChangesNothing() {
        openFixture("basic");
        launcher().click();
        ask("How do I embed the widget on my site?", 1);
        String id = (String) page.evaluate("() => widget.getSessionId()");
        forgetEvents();
        assertThat(page.evaluate("id => widget.startNewSession(id)", id)).isNull();
        Map<String, Object> error = waitForEvent("error");
        assertContract("error", error);
        assertThat(error).containsEntry("type", "unknown");
        assertThat((String) error.get("message")).contains("already used");
        assertThat(eventNames()).containsExactly("error");
        assertThat(page.evaluate("() => widget.getSessionId()")).isEqualTo(id);
        assertThat(messages()).hasCount(2);
        assertThat(sessionStatus(id)).isEqualTo("active");
    }

    @Test
    void startNewSessionWithAnIdTakenByAnotherExperienceIsABackendErrorAndTheNextMessageStartsAfresh() {
        String taken = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body(Map.of("id", taken, "experienceId", "scripted"))
                .post("/api/v2/sessions").then().statusCode(201);
        openFixture("basic");
        launcher().click();
        assertThat(page.evaluate("id => widget.startNewSession(id)", taken)).isEqualTo(taken);
        Map<String, Object> error = waitForEvent("error");
        assertContract("error", error);
        assertThat(error).containsEntry("type", "backend");
        assertThat(error.get("details")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("status", 409);
        assertThat(page.evaluate("() => widget.getSessionId()")).isNull();

        Map<String, Object> complete = ask("How do I embed the widget on my site?", 1);
        String fresh = (String) page.evaluate("() => widget.getSessionId()");
        assertThat(fresh).isNotEqualTo(taken);
        assertThat(complete).containsEntry("sessionId", fresh);
        assertThat(events("sessionStart")).hasSize(2);
    }

    @Test
    void aKeptMessageTheServerAlreadyAnsweredIsShownOnceAndNotSentAgainAfterAReload() {
        openFixture("resume-after-reload");
        launcher().click();
        Map<String, Object> first = ask("How do I embed the widget on my site?", 1);
        // As if the page was closed between the stored answer and the outbox write.
        page.evaluate("""
                q => localStorage['nexus-chat:demo:outbox'] = JSON.stringify([{ queryId: q,
                  text: 'How do I embed the widget on my site?', sessionId: widget.getSessionId() }])""",
                first.get("queryId"));
        page.reload();
        waitForWidgets(1);
        launcher().click();
        assertThat(messages()).hasCount(2);
        Map<String, Object> next = ask("Which events does the widget emit?", 1);
        assertThat(events("messageComplete")).hasSize(1);
        assertThat(next.get("queryId")).isNotEqualTo(first.get("queryId"));
        assertThat(messages()).hasCount(4);
        assertThat(page.evaluate("() => localStorage['nexus-chat:demo:outbox']")).isNull();
    }

    @Test
    void aMessageWaitingInOneTabSurvivesAnotherTabSendingItsOwn() {
        Page other = context.newPage();
        watch(other);
        other.navigate(baseUrl() + "/fixtures/resume-after-reload.html");
        other.waitForFunction("() => document.querySelector('nexus-chat-widget')");
        openFixture("resume-after-reload");
        waitForWidgets(1);
        page.evaluate("() => Object.defineProperty(navigator, 'onLine', { get: () => false })");
        page.evaluate("() => widget.sendMessage('Waiting in the first tab')");
        // Chromium propagates localStorage between tabs asynchronously; this test is about the merge, so the other
        // tab acts once it can see the waiting message (the unsynchronised race itself is a known limitation).
        other.waitForFunction(
                "() => (localStorage['nexus-chat:demo:outbox'] || '').includes('Waiting in the first tab')");
        other.evaluate("() => widget.sendMessage('How do I embed the widget on my site?')");
        other.waitForFunction("() => window.__events.some(e => e.name === 'messageComplete')");
        assertThat(other.evaluate("() => JSON.parse(localStorage['nexus-chat:demo:outbox']).map(m => m.text)"))
                .isEqualTo(List.of("Waiting in the first tab"));
    }
}
