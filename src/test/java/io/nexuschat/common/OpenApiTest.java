package io.nexuschat.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The API documents itself at /q/openapi. */
@QuarkusTest
class OpenApiTest {

    @Test
    void documentsSessionAndQueryEndpointsAndTheApiKeyScheme() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v2/sessions'.post.summary", notNullValue())
                .body("paths.'/api/v2/sessions'.get.security", notNullValue())
                .body("paths.'/api/v2/sessions/{id}'.patch.summary", notNullValue())
                .body("paths.'/api/v2/sessions/{id}/messages'.get.summary", notNullValue())
                .body("paths.'/api/v2/sessions/{id}/clear'.post.summary", notNullValue())
                .body("paths.'/api/v2/query'.post.description", containsString("text/event-stream"))
                .body("components.securitySchemes.apiKey.scheme", containsString("bearer"));
    }

    @Test
    void documentsHandoverAndFeedbackEndpointsWithTheirManagementReads() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v2/sessions/{id}/handover'.post.summary", notNullValue())
                .body("paths.'/api/v2/sessions/{id}/handover'.post.responses.'201'", notNullValue())
                .body("paths.'/api/v2/sessions/{id}/handovers'.get.security", notNullValue())
                .body("paths.'/api/v2/sessions/{id}/handovers/{handoverId}'.get.security", notNullValue())
                .body("paths.'/api/v2/sessions/{id}/feedback'.post.responses.'200'", notNullValue())
                .body("paths.'/api/v2/sessions/{id}/feedback'.post.responses.'201'", notNullValue())
                .body("paths.'/api/v2/sessions/{id}/feedback'.get.security", notNullValue())
                .body("paths.'/api/v2/sessions/{id}/feedback/{feedbackId}'.get.security", notNullValue())
                .body("paths.'/api/v2/query'.post.description", containsString("same `queryId`"));
    }
}
