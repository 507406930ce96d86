package io.nexuschat.widget;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * What {@code POST /api/v2/widget/init} gives the widget's notices: the experience's teaser, the {@code sound} and
 * {@code titleBadge} features (off), and the words of the unread count and the teaser in the visitor's language.
 */
@QuarkusTest
class WidgetNoticesInitTest {

    private static io.restassured.response.ValidatableResponse init(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v2/widget/init").then().statusCode(200);
    }

    @Test
    void theExperienceTeaserAndTheNoticeWordsReachTheWidget() {
        init(Map.of("experienceId", "teaser", "locale", "de-CH"))
                .body("experience.teaser.text", equalTo("Questions about <b>pricing</b>? Ask me."))
                .body("experience.teaser.delaySeconds", equalTo(1))
                .body("experience.teaser.pages", contains("/fixtures/teaser*"))
                .body("labels.notices.unread", equalTo("Neue Nachrichten: {n}"))
                .body("labels.notices.dismiss", equalTo("Schließen"));
    }

    @Test
    void soundAndTitleBadgeAreOffUnlessTheConfigSwitchesThemOn() {
        init(Map.of("experienceId", "demo"))
                .body("experience.features.sound", equalTo(false))
                .body("experience.features.titleBadge", equalTo(false))
                .body("experience.teaser", nullValue())
                .body("labels.notices.unread", equalTo("New messages: {n}"));
    }
}
