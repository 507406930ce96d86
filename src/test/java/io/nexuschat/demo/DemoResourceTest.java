package io.nexuschat.demo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The demo site's pages are served under the strict CSP with the bundle from this server, and nothing else. */
@QuarkusTest
class DemoResourceTest {

    @Test
    void everyPageIsServedUnderTheStrictCspWithTheBundleFromThisServer() {
        given().get("/").then().statusCode(200).header("Content-Security-Policy", DemoResource.CSP)
                .body(containsString("<script src=\"/nexus-chat-widget.js\" defer></script>"))
                .body(not(containsString("unsafe-inline")));
        for (DemoPage page : DemoPage.values()) {
            given().get(page.path()).then().statusCode(200).header("Content-Security-Policy", DemoResource.CSP)
                    .header("X-Content-Type-Options", "nosniff")
                    .body(containsString("<script src=\"/nexus-chat-widget.js\" defer></script>"))
                    .body(containsString("<script src=\"/demo/" + page.slug() + ".js\" defer></script>"))
                    .body(containsString("← All demos")).body(containsString("What to look for:"))
                    .body(not(containsString("<script>")))
                    .body(not(containsString(" onclick=")));
            given().get("/demo/" + page.slug() + ".js").then().statusCode(200);
        }
    }

    @Test
    void anUnknownDemoIsNotFound() {
        given().get("/demos/no-such-demo").then().statusCode(404);
    }

    @Test
    void theSessionManagementPagesServerCreatesARealSession() {
        String id = given().post("/demos/session-management/server-session").then().statusCode(200).extract()
                .path("sessionId");
        given().get("/api/v2/sessions/" + id).then().statusCode(200).body("status", equalTo("active"))
                .body("experienceId", equalTo("demo")).body("name", equalTo("Created by the demo page's server"))
                .body("metadata.createdBy", equalTo("demo page server"));
    }
}
