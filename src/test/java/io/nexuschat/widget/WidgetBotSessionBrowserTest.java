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

import io.nexuschat.answer.http.BotProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Session lifetime decided by the integrator's bot, in the browser (fixture bot-session.html, experience {@code bot}
 * answered by the real local bot of {@link BotProfile}): the bot's {@code stop} and {@code new} directives show a
 * divider, fire {@code sessionEnd} then {@code sessionStart} at the right moments, and move {@code getSessionId()};
 * the experience's {@code session.newSessionOnEvent} renews the session after a button; a failing bot says so.
 */
@QuarkusTest
@TestProfile(BotProfile.class)
class WidgetBotSessionBrowserTest extends BrowserScenario {

    private Locator bubbles() {
        return page.locator("[data-nx=messages] .nx-msg");
    }

    private Locator dividers() {
        return page.locator("[data-nx=messages] .nx-divider");
    }

    private void openBot() {
        openFixture("bot-session");
        launcher().click();
        assertThat(dialog()).isVisible();
    }

    /** Sends a message through the UI and waits for the answer number {@code completeCount}; returns its payload. */
    private Map<String, Object> ask(String text, int completeCount) {
        input().fill(text);
        input().press("Enter");
        return waitForEvent("messageComplete", completeCount);
    }

    private String sessionId() {
        return (String) page.evaluate("() => widget.getSessionId()");
    }

    private static JsonPath session(String id) {
        return given().header("Authorization", "Bearer test-api-key").get("/api/v2/sessions/" + id).then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void theBotStoppingTheSessionEndsItAfterTheAnswerAndTheNextMessageStartsANewOne() {
        openBot();
        ask("Hello", 1);
        String first = sessionId();
        assertThat(isUuid(first)).isTrue();

        ask("#stop-resolved Thanks, that fixed it", 2);
        Map<String, Object> end = waitForEvent("sessionEnd");
        assertContract("sessionEnd", end);
        assertThat(end).containsEntry("sessionId", first).containsEntry("messageCount", 4);
        List<String> names = eventNames();
        assertThat(names.subList(names.lastIndexOf("messageComplete"), names.size())).containsExactly(
                "messageComplete", "sessionEnd");
        assertThat(dividers()).hasText(new String[]{"Conversation ended"});
        assertThat(bubbles()).hasCount(5);
        assertThat(bubbles().nth(3)).containsText("Glad I could help.");
        assertThat(sessionId()).isNull();
        assertThat(session(first).getString("status")).isEqualTo("completed");
        assertThat(session(first).getString("endReason")).isEqualTo("resolved");

        Map<String, Object> next = ask("One more question", 3);
        Map<String, Object> start = events("sessionStart").get(1);
        assertContract("sessionStart", start);
        String second = (String) start.get("sessionId");
        assertThat(second).isNotEqualTo(first);
        assertThat(start.get("metadata")).isEqualTo(Map.of("trigger", "message", "experienceId", "bot"));
        assertThat(next).containsEntry("sessionId", second);
        assertThat(sessionId()).isEqualTo(second);
        assertThat(events("sessionEnd")).hasSize(1);
        assertThat(events("error")).isEmpty();
    }

    @Test
    void theBotStartingANewSessionAfterItsAnswerMovesTheWidgetToItAtOnce() {
        openBot();
        ask("Hello", 1);
        String first = sessionId();

        ask("#new", 2);
        Map<String, Object> start = waitForEvent("sessionStart", 2);
        assertContract("sessionStart", start);
        String second = (String) start.get("sessionId");
        assertThat(start.get("metadata")).isEqualTo(Map.of("trigger", "rollover", "previousSessionId", first,
                "reason", "bot", "experienceId", "bot"));
        Map<String, Object> end = events("sessionEnd").get(0);
        assertThat(end).containsEntry("sessionId", first).containsEntry("messageCount", 4);
        List<String> names = eventNames();
        assertThat(names.subList(names.lastIndexOf("messageComplete"), names.size())).containsExactly(
                "messageComplete", "sessionEnd", "sessionStart");
        assertThat(dividers()).hasText(new String[]{"New conversation"});
        assertThat(sessionId()).isEqualTo(second);
        assertThat(session(second).getString("previousSessionId")).isEqualTo(first);
        assertThat(session(first).getString("endReason")).isEqualTo("bot");

        // The next message goes to the session the bot started: no further session events.
        Map<String, Object> next = ask("Hello again", 3);
        assertThat(next).containsEntry("sessionId", second);
        assertThat(events("sessionStart")).hasSize(2);
        assertThat(session(second).getInt("messageCount")).isEqualTo(2);
    }

    @Test
    void theBotCarryingTheMessageIntoANewSessionAnswersItThereAfterTheDivider() {
        openBot();
        ask("Hello", 1);
        String first = sessionId();

        Map<String, Object> complete = ask("#new-carry I want to start over", 2);
        Map<String, Object> start = events("sessionStart").get(1);
        String second = (String) start.get("sessionId");
        assertThat(start.get("metadata")).isEqualTo(Map.of("trigger", "rollover", "previousSessionId", first,
                "reason", "bot", "experienceId", "bot"));
        // The question was asked in the ended session: it counts there; its answer belongs to the new one.
        assertThat(events("sessionEnd").get(0)).containsEntry("sessionId", first).containsEntry("messageCount", 3);
        List<String> names = eventNames();
        assertThat(names.subList(names.lastIndexOf("messageStart"), names.size())).containsSubsequence(
                "messageStart", "sessionEnd", "sessionStart", "messageChunk", "messageComplete");
        assertThat(complete).containsEntry("sessionId", second);
        assertThat((String) complete.get("answer")).isEqualTo("Answered in the new session " + second
                + " (history 0)");
        assertThat(bubbles()).hasCount(5);
        assertThat(bubbles().nth(2)).containsText("I want to start over");
        assertThat(bubbles().nth(3)).hasText("New conversation");
        assertThat(bubbles().nth(4)).containsText("Answered in the new session");
        assertThat(sessionId()).isEqualTo(second);
        assertThat(events("error")).isEmpty();
    }

    @Test
    void aNewSessionOnEventButtonMakesTheNextMessageStartANewSession() {
        openBot();
        ask("Hello", 1);
        String first = sessionId();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Another topic")).click();
        assertThat(waitForEvent("customAction")).containsEntry("eventName", "topic_changed");
        assertThat(sessionId()).as("the session lasts until the next message").isEqualTo(first);
        assertThat(events("sessionEnd")).isEmpty();

        Map<String, Object> complete = ask("Something else entirely", 2);
        Map<String, Object> end = events("sessionEnd").get(0);
        assertThat(end).containsEntry("sessionId", first).containsEntry("messageCount", 2);
        String second = (String) events("sessionStart").get(1).get("sessionId");
        assertThat(second).isNotEqualTo(first);
        assertThat(complete).containsEntry("sessionId", second);
        assertThat(dividers()).hasText(new String[]{"New conversation"});
        page.waitForCondition(() -> "completed".equals(session(first).getString("status")));

        // A send_query button listed by id: its own message is the one that starts the new session.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start over")).click();
        waitForEvent("messageComplete", 3);
        String third = (String) events("sessionStart").get(2).get("sessionId");
        assertThat(events("messageStart").get(2)).containsEntry("message", "Let us start over")
                .containsEntry("sessionId", third);
        assertThat(dividers()).hasCount(2);
        assertThat(sessionId()).isEqualTo(third);
    }

    @Test
    void aFailingBotShowsTheLocalizedNotAvailableMessageAndAnErrorEvent() {
        openFixture("bot-session?locale=fr");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ouvrir le chat")).click();
        input().fill("#500 il y a quelqu'un ?");
        input().press("Enter");

        Map<String, Object> error = waitForEvent("error");
        assertContract("error", error);
        assertThat(error).containsEntry("type", "backend");
        assertThat(page.locator("[data-nx=error-text]")).hasText(
                "L’assistant n’est pas disponible pour le moment. Veuillez réessayer plus tard.");
        assertThat(events("messageComplete")).isEmpty();
        // The visitor's message is kept (and stored on the server), ready to be retried.
        assertThat(bubbles()).hasCount(1);
        String id = sessionId();
        List<Map<String, Object>> stored = given().header("Authorization", "Bearer test-api-key")
                .get("/api/v2/sessions/" + id + "/messages").then().statusCode(200).extract().jsonPath()
                .getList("items");
        assertThat(stored).extracting(m -> m.get("text")).containsExactly("#500 il y a quelqu'un ?");
    }
}
