package io.nexuschat.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** CORS for the widget API, and experiences restricted to their sites' origins. */
@QuarkusTest
class CorsTest {

    @Test
    void preflightIsAnsweredForAnyOrigin() {
        given().header("Origin", "https://anywhere.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, x-nexus-user-id").options("/api/v2/query")
                .then().statusCode(204).header("Access-Control-Allow-Origin", "https://anywhere.example")
                .header("Access-Control-Allow-Methods", containsString("PATCH"))
                .header("Access-Control-Allow-Headers",
                        "content-type, authorization, x-nexus-user-id, x-nexus-user-hash")
                .header("Access-Control-Max-Age", "600").header("Vary", containsString("Origin"));
    }

    @Test
    void actualRequestsEchoTheOriginIncludingErrors() {
        given().header("Origin", "https://anywhere.example").contentType(ContentType.JSON)
                .body(Map.of("experienceId", "scripted")).post("/api/v2/sessions").then().statusCode(201)
                .header("Access-Control-Allow-Origin", "https://anywhere.example")
                .header("Access-Control-Expose-Headers", containsString("Location"))
                .header("Vary", containsString("Origin"));
        given().header("Origin", "https://anywhere.example").get("/api/v2/sessions/not-a-uuid").then()
                .statusCode(400).header("Access-Control-Allow-Origin", "https://anywhere.example");
    }

    @Test
    void requestsWithoutOriginGetNoCorsHeaders() {
        given().contentType(ContentType.JSON).body(Map.of("experienceId", "scripted")).post("/api/v2/sessions")
                .then().statusCode(201).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void experienceWithAllowedOriginsRefusesOtherSites() {
        given().header("Origin", "https://evil.example").contentType(ContentType.JSON)
                .body(Map.of("experienceId", "scripted-origins")).post("/api/v2/sessions").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:nexus-chat:problem:origin-not-allowed"));
        given().header("Origin", "https://evil.example").contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("experienceId", "scripted-origins", "text", "hi")).post("/api/v2/query").then()
                .statusCode(403);
        given().header("Origin", "https://evil.example").contentType(ContentType.JSON)
                .accept("text/event-stream").body(Map.of("experienceId", "scripted-origins", "text", "hi"))
                .post("/api/v2/query").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void experienceWithAllowedOriginsServesItsSitesAndServers() {
        String id = given().header("Origin", "https://shop.example").contentType(ContentType.JSON)
                .body(Map.of("experienceId", "scripted-origins")).post("/api/v2/sessions").then().statusCode(201)
                .extract().path("id");
        given().header("Origin", "https://shop.example").get("/api/v2/sessions/" + id).then().statusCode(200);
        // A page elsewhere may not read it, even knowing the id.
        given().header("Origin", "https://evil.example").get("/api/v2/sessions/" + id).then().statusCode(403);
        // Servers send no Origin.
        given().get("/api/v2/sessions/" + id).then().statusCode(200);
        given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("experienceId", "scripted-origins", "sessionId", id, "text", "hi"))
                .post("/api/v2/query").then().statusCode(200);
    }
}
