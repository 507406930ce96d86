package io.nexuschat.relay;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Every relay endpoint is in /q/openapi, the management ones with the API key scheme. */
@QuarkusTest
class RelayOpenApiTest {

    @Test
    void documentsTheIntakeAndTheWebhookEndpoints() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v2/events'.post.responses.'202'", notNullValue())
                .body("paths.'/api/v2/events'.post.description", containsString("text/plain"))
                .body("paths.'/api/v2/webhooks'.post.security", notNullValue())
                .body("paths.'/api/v2/webhooks'.post.responses.'201'", notNullValue())
                .body("paths.'/api/v2/webhooks'.get.summary", notNullValue())
                .body("paths.'/api/v2/webhooks/{id}'.get.summary", notNullValue())
                .body("paths.'/api/v2/webhooks/{id}'.patch.summary", notNullValue())
                .body("paths.'/api/v2/webhooks/{id}'.delete.summary", notNullValue())
                .body("paths.'/api/v2/webhooks/{id}/rotate-secret'.post.description", containsString("24 h"))
                .body("paths.'/api/v2/webhooks/{id}/deliveries'.get.summary", notNullValue())
                .body("paths.'/api/v2/webhooks/{id}/replay'.post.responses.'202'", notNullValue());
    }
}
