package io.nexuschat.widget;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class WidgetInitResourceTest {

    private static io.restassured.response.ValidatableResponse init(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v2/widget/init").then();
    }

    @Test
    void returnsPublicExperienceSettingsAndTheRenderedShell() {
        String shell = init(Map.of("experienceId", "demo")).statusCode(200)
                .body("experience.id", equalTo("demo"))
                .body("experience.name", equalTo("Nexus Chat Assistant"))
                .body("experience.theme.mode", equalTo("light"))
                .body("experience.theme.primaryColor", equalTo("#4f46e5"))
                .body("experience.messages.welcomeMessageDisplay", equalTo("bubble"))
                .body("experience.messages.welcomeActions.actions.id", hasItem("ask-embed"))
                .body("experience.features.feedback", equalTo(true)).body("experience.features.copy", equalTo(true))
                .body("experience.features.voice", equalTo(true)).body("experience.features.tts", equalTo(false))
                .body("experience.features.ttsAuto", equalTo(false))
                .body("experience.answer", nullValue()).body("experience.relay", nullValue())
                .body("labels.retry", equalTo("Retry")).body("session", nullValue())
                .extract().path("shellHtml");
        assertThat(shell).contains("data-nx=\"launcher\"", "role=\"dialog\"", "role=\"log\"",
                "aria-live=\"polite\"", "data-nx=\"typing\"", "data-nx=\"error\"", "data-nx=\"offline\"",
                "<label class=\"nx-sr\" for=\"nx-input\">Message</label>", "data-nx=\"send\"",
                "Nexus Chat Assistant", "nx-light", "nx-bottom-right", "nx-floating", "dir=\"ltr\"")
                .doesNotContain("style=", "<script", "onclick");
    }

    @Test
    void overridesChangeTheShell() {
        String shell = init(Map.of("experienceId", "demo", "theme", "dark", "position", "bottom-left", "mode",
                "embedded", "messages", Map.of("welcomeMessage", "Hallo!", "welcomeMessageDisplay", "inline")))
                .statusCode(200).body("experience.theme.mode", equalTo("dark"))
                .body("experience.messages.welcomeMessage", equalTo("Hallo!"))
                .body("experience.messages.welcomeMessageDisplay", equalTo("inline")).extract().path("shellHtml");
        assertThat(shell).contains("nx-dark", "nx-bottom-left", "nx-embedded", "nx-welcome-inline", "Hallo!")
                .doesNotContain("data-nx=\"launcher\"");
    }

    @Test
    void everyValueIsEscapedInTheShell() {
        String shell = init(Map.of("experienceId", "demo", "messages",
                Map.of("welcomeMessage", "<img src=x onerror=alert(1)>\"'&"))).statusCode(200)
                .extract().path("shellHtml");
        assertThat(shell).contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;").doesNotContain("<img");
    }

    @Test
    void localeSelectsLabelsAndRightToLeftLanguagesGetRtl() {
        init(Map.of("experienceId", "demo", "locale", "de-CH")).statusCode(200).body("labels.lang", equalTo("de"))
                .body("labels.send", equalTo("Senden"));
        String shell = init(Map.of("experienceId", "demo", "locale", "ar")).statusCode(200)
                .body("labels.dir", equalTo("rtl")).extract().path("shellHtml");
        assertThat(shell).contains("dir=\"rtl\"", "lang=\"ar\"");
        init(Map.of("experienceId", "demo", "locale", "he-IL")).statusCode(200).body("labels.dir", equalTo("rtl"));
        init(Map.of("experienceId", "demo", "locale", "xx")).statusCode(200).body("labels.lang", equalTo("en"));
    }

    @Test
    void aUserIdLongerThanTheServersLimitOf200IsA400NamingTheField() {
        init(Map.of("experienceId", "demo", "userId", "u".repeat(201))).statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("userId"));
        init(Map.of("experienceId", "demo", "userId", "u".repeat(200))).statusCode(200);
    }

    @Test
    void unknownExperienceIsA400NamingTheField() {
        init(Map.of("experienceId", "nope")).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("experienceId"));
    }

    @Test
    void invalidOverridesAreFieldErrors() {
        init(Map.of("experienceId", "demo", "theme", "pink", "sessionId", "not-a-uuid", "messages",
                Map.of("welcomeMessageDisplay", "popup"))).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("theme")).body("errors.field", hasItem("sessionId"))
                .body("errors.field", hasItem("messages.welcomeMessageDisplay"));
        init(Map.of()).statusCode(400).body("errors.field", hasItem("experienceId"));
    }

    @Test
    void unknownSessionIsNotResumed() {
        init(Map.of("experienceId", "demo", "sessionId", "7d3c1b4e-8a2f-4c55-9b1e-3f0a2d6c9e81")).statusCode(200)
                .body("session", nullValue()).body("shellHtml", notNullValue());
    }

    private static String createSessionWithOneExchange(String userId) {
        String id = java.util.UUID.randomUUID().toString();
        Map<String, Object> create = userId == null
                ? Map.of("id", id, "experienceId", "demo")
                : Map.of("id", id, "experienceId", "demo", "userId", userId);
        given().contentType(ContentType.JSON).body(create).post("/api/v2/sessions").then().statusCode(201);
        Map<String, Object> query = new java.util.HashMap<>(Map.of("experienceId", "demo", "sessionId", id, "text",
                "How do I embed the widget on my site?"));
        if (userId != null) {
            query.put("userId", userId);
        }
        given().contentType(ContentType.JSON).accept(ContentType.JSON).body(query).post("/api/v2/query").then()
                .statusCode(200);
        return id;
    }

    @Test
    void anActiveSessionResumesWithItsHistoryAsTextAndServerHtml() {
        String id = createSessionWithOneExchange(null);
        init(Map.of("experienceId", "demo", "sessionId", id)).statusCode(200)
                .body("session.id", equalTo(id)).body("session.status", equalTo("active"))
                .body("session.messageCount", equalTo(2)).body("session.createdAt", notNullValue())
                .body("session.messages.role", org.hamcrest.Matchers.contains("user", "assistant"))
                .body("session.messages[0].text", equalTo("How do I embed the widget on my site?"))
                .body("session.messages[1].html", org.hamcrest.Matchers.containsString("<"));
    }

    @Test
    void anEndedSessionOrAnotherUsersSessionResumesNothing() {
        String cleared = createSessionWithOneExchange(null);
        given().contentType(ContentType.JSON).post("/api/v2/sessions/" + cleared + "/clear").then().statusCode(200);
        init(Map.of("experienceId", "demo", "sessionId", cleared)).statusCode(200).body("session", nullValue());

        String owned = createSessionWithOneExchange("alice");
        init(Map.of("experienceId", "demo", "sessionId", owned, "userId", "mallory")).statusCode(200)
                .body("session", nullValue());
        init(Map.of("experienceId", "demo", "sessionId", owned, "userId", "alice")).statusCode(200)
                .body("session.id", equalTo(owned));
    }

    @Test
    void welcomeActionsOfTheInitConfigReplaceTheExperiencesAndAreRenderedAsButtons() {
        var actions = Map.of("actions", java.util.List.of(
                Map.of("id", "agent", "label", "<b>Talk</b> to us", "oneTime", true, "action",
                        Map.of("type", "trigger_handover", "payload", Map.of("reason", "user_requested"))),
                Map.of("id", "tour", "label", "Start the tour", "action",
                        Map.of("type", "send_event", "payload", Map.of("eventName", "start_tour")))));
        String shell = init(Map.of("experienceId", "demo", "messages", Map.of("welcomeActions", actions)))
                .statusCode(200).body("experience.messages.welcomeActions.actions.id", contains("agent", "tour"))
                .body("experience.messages.welcomeActions.actions[0].oneTime", equalTo(true))
                .body("experience.messages.welcomeActions.actions[1].action.payload.eventName", equalTo("start_tour"))
                .extract().path("shellHtml");
        assertThat(shell).contains("data-nx-action=\"agent\"", "&lt;b&gt;Talk&lt;/b&gt; to us",
                "data-nx-action=\"tour\"").doesNotContain("data-nx-action=\"ask-embed\"", "<b>");

        String none = init(Map.of("experienceId", "demo", "messages",
                Map.of("welcomeActions", Map.of("actions", java.util.List.of()))))
                .statusCode(200).extract().path("shellHtml");
        assertThat(none).doesNotContain("data-nx-action=", "data-nx=\"welcome-actions\"");
    }

    @Test
    void invalidWelcomeActionsAreFieldErrors() {
        init(Map.of("experienceId", "demo", "messages", Map.of("welcomeActions", Map.of("actions", java.util.List.of(
                Map.of("id", "x", "label", "X", "action", Map.of("type", "run_script")),
                Map.of("id", "", "label", "Y", "action", Map.of("type", "send_query")))))))
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("messages.welcomeActions.actions[0].action.type"))
                .body("errors.field", hasItem("messages.welcomeActions.actions[1].id"));
    }

    @Test
    void aDisclaimerFromTheInitConfigGatesTheShellAndEnabledFalseRemovesIt() {
        String shell = init(Map.of("experienceId", "demo", "disclaimer",
                Map.of("title", "Before you start", "text", "Answers come from an AI & may be wrong.")))
                .statusCode(200).body("experience.disclaimer.title", equalTo("Before you start"))
                .body("experience.disclaimer.text", equalTo("Answers come from an AI & may be wrong."))
                .extract().path("shellHtml");
        assertThat(shell).contains("data-nx=\"disclaimer\"", "aria-labelledby=\"nx-disclaimer-title\"",
                "Before you start", "Answers come from an AI &amp; may be wrong.", ">Accept</button>");

        init(Map.of("experienceId", "demo", "locale", "de", "disclaimer", Map.of("text", "Nur ein Hinweis.")))
                .statusCode(200).body("shellHtml", org.hamcrest.Matchers.containsString(">Akzeptieren</button>"))
                .body("shellHtml", org.hamcrest.Matchers.containsString("aria-label=\"Hinweis\""));

        init(Map.of("experienceId", "scripted-disclaimer")).statusCode(200)
                .body("experience.disclaimer.acceptLabel", equalTo("I understand"));
        init(Map.of("experienceId", "scripted-disclaimer", "disclaimer", Map.of("enabled", false))).statusCode(200)
                .body("experience.disclaimer", nullValue())
                .body("shellHtml", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("nx-disclaimer")));
    }

    @Test
    void theShellCarriesTheTemplatesOfTheAnswerControlsWithTranslatedLabels() {
        String shell = init(Map.of("experienceId", "demo", "locale", "fr")).statusCode(200)
                .body("labels.controls.copied", equalTo("Copié")).extract().path("shellHtml");
        assertThat(shell).contains("<template data-nx=\"tpl-tools\">", "<template data-nx=\"tpl-action\">",
                "<template data-nx=\"tpl-comment\">", "aria-label=\"Utile\"", "aria-label=\"Copier\"",
                "data-nx=\"voice\"", "aria-label=\"Dicter votre message\"")
                .doesNotContain("style=", "<script", "onclick");
    }

    @Test
    void resumedAnswersKeepTheirActionButtons() {
        String id = java.util.UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("experienceId", "scripted", "sessionId", id, "text", "I need help #handover"))
                .post("/api/v2/query").then().statusCode(200);
        init(Map.of("experienceId", "scripted", "sessionId", id)).statusCode(200)
                .body("session.messages[0].actions", nullValue())
                .body("session.messages[1].actions[0].action.type", equalTo("trigger_handover"))
                .body("session.messages[1].actions[0].oneTime", equalTo(true));
    }

    @Test
    void ratedAnswersCarryTheirRatingAfterAReloadAndUnratedOnesNone() {
        String id = java.util.UUID.randomUUID().toString();
        List<String> answers = new java.util.ArrayList<>();
        for (String text : List.of("first", "second", "third")) {
            answers.add(given().contentType(ContentType.JSON)
                    .body(Map.of("experienceId", "scripted", "sessionId", id, "text", text)).post("/api/v2/query")
                    .then().statusCode(200).extract().path("messageId"));
        }
        rate(id, answers.get(0), "up");
        rate(id, answers.get(2), "up");
        rate(id, answers.get(2), "down");

        init(Map.of("experienceId", "scripted", "sessionId", id)).statusCode(200)
                .body("session.messages.role", contains("user", "assistant", "user", "assistant", "user",
                        "assistant"))
                .body("session.messages[1].rating", equalTo("up"))
                .body("session.messages[3]", not(hasKey("rating")))
                .body("session.messages[5].rating", equalTo("down"))
                .body("session.messages[0]", not(hasKey("rating")));
    }

    private static void rate(String sessionId, String messageId, String rating) {
        given().contentType(ContentType.JSON).body(Map.of("messageId", messageId, "rating", rating))
                .post("/api/v2/sessions/" + sessionId + "/feedback").then().statusCode(
                        org.hamcrest.Matchers.oneOf(200, 201));
    }
}
