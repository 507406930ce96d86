package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;

import io.nexuschat.common.Caller;
import io.nexuschat.security.IdentityVerification;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Identity verification in the browser: {@code init({userId, userHash})} for an experience with
 * {@code identity.required} converses and resumes after a reload with the right hash; a wrong hash gets the
 * {@code error} event and nothing is stored for that user.
 */
@QuarkusTest
class WidgetIdentityBrowserTest extends BrowserScenario {

    /** The test profile's {@code NEXUS_TEST_IDENTITY_SECRET}, which only "the integrator's backend" knows. */
    private static final String SECRET = "test-identity-secret-0123456789";

    private Locator messages() {
        return page.locator("[data-nx=messages] .nx-msg");
    }

    @Test
    void theRightHashConversesAndResumesAfterReload() {
        openFixture("identity?user=alice-browser&hash=" + IdentityVerification.hash(SECRET, "alice-browser"));
        waitForWidgets(1);
        launcher().click();
        input().fill("Hello, it is me");
        input().press("Enter");
        Map<String, Object> complete = waitForEvent("messageComplete");
        String id = (String) complete.get("sessionId");
        assertThat(isUuid(id)).isTrue();
        // The session is bound to the verified user.
        given().header("Authorization", "Bearer test-api-key").get("/api/v2/sessions/" + id).then().statusCode(200)
                .body("userId", equalTo("alice-browser"));

        page.reload();
        waitForWidgets(1);
        launcher().click();
        assertThat(messages()).hasCount(2);
        assertThat(messages().nth(0)).containsText("Hello, it is me");
        assertThat(page.evaluate("() => widget.getSessionId()")).isEqualTo(id);
        input().fill("Still me");
        input().press("Enter");
        assertThat(waitForEvent("messageComplete")).containsEntry("sessionId", id);
        assertThat(events("error")).isEmpty();
        given().header(Caller.USER_ID_HEADER, "alice-browser")
                .header(Caller.USER_HASH_HEADER, IdentityVerification.hash(SECRET, "alice-browser"))
                .get("/api/v2/sessions/" + id + "/messages").then().statusCode(200);
    }

    @Test
    void aWrongHashGetsTheErrorEvent() {
        openFixture("identity?user=bob-browser&hash=" + IdentityVerification.hash(SECRET, "alice-browser"));
        Map<String, Object> error = waitForEvent("error");
        assertContract("error", error);
        assertThat(error).containsEntry("type", "backend");
        assertThat((String) error.get("message")).contains("userHash");
        assertThat(error.toString()).doesNotContain(IdentityVerification.hash(SECRET, "bob-browser"));
    }
}
