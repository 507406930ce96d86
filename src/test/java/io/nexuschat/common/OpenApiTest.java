package io.nexuschat.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.nexuschat.security.RateLimits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

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

    @Test
    void everyOperationDocumentsTheScopeA403NamesAndEveryLimitedOneA429WithRetryAfter() {
        JsonPath doc = openApi();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        List<String> lacking = new ArrayList<>();
        List<String> limited = new ArrayList<>();
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                String verb = operation.getKey().toUpperCase(Locale.ROOT);
                if (!path.getKey().startsWith("/api/") || !List.of("GET", "POST", "PATCH", "DELETE").contains(verb)) {
                    continue;
                }
                String name = verb + " " + path.getKey();
                String at = "paths.'" + path.getKey() + "'." + operation.getKey() + ".responses.";
                Map<String, Object> forbidden = doc.getMap(at + "'403'");
                if (!ApiScopes.keyless(verb, path.getKey())) {
                    String expected = ApiScopes.needed(verb, path.getKey()).map(ApiScope::value)
                            .orElse("full access");
                    if (forbidden == null || !String.valueOf(forbidden.get("description")).contains(expected)) {
                        lacking.add(name + ": 403 naming " + expected);
                    }
                }
                if (doc.getMap(at + "'429'") != null) {
                    limited.add(name);
                    if (doc.getMap(at + "'429'.headers.'Retry-After'") == null) {
                        lacking.add(name + ": Retry-After on its 429");
                    }
                }
                Map<String, Map<String, Object>> responses = doc.getMap(at.substring(0, at.length() - 1));
                responses.forEach((code, response) -> {
                    if (code.startsWith("4")
                            && doc.getMap(at + "'" + code + "'.content.'application/problem+json'") == null) {
                        lacking.add(name + ": problem+json body on its " + code);
                    }
                });
            }
        }
        assertThat(lacking).as("operations lacking what they answer").isEmpty();
        assertThat(limited).containsExactlyInAnyOrderElementsOf(RateLimits.LIMITED.keySet())
                .contains("POST /api/v2/query", "POST /api/v2/widget/init", "POST /api/v2/events",
                        "POST /api/v2/sessions/{id}/feedback", "POST /api/v2/sessions/{id}/handover");
        assertThat(doc.getString("paths.'/api/v2/sessions/{id}'.delete.responses.'403'.description"))
                .contains("sessions:write");
        assertThat(doc.getString("paths.'/api/v2/sessions/{id}'.delete.'x-nexus-scope'")).isEqualTo("sessions:write");
        assertThat(doc.getString("paths.'/api/v2/query'.post.responses.'429'.headers.'Retry-After'.schema.type"))
                .isEqualTo("integer");
        assertThat(doc.getString("components.schemas.Problem.properties.type.format")).isEqualTo("uri");
        assertThat(doc.getMap("paths.'/nexus-chat-widget.js'.get.responses")).doesNotContainKey("403");
    }

    /** What the document says a scoped key gets is what the server answers: a 403 naming the documented scope. */
    @Test
    void theScopeEachOperationDocumentsIsTheOneItsRefusalNames() {
        JsonPath doc = openApi();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        int checked = 0;
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                Object scope = operation.getValue() instanceof Map<?, ?> m ? m.get("x-nexus-scope") : null;
                if (scope == null) {
                    continue;
                }
                // A key holding every scope but the documented one.
                String key = scope.equals("sessions:read") ? "test-hooks-key" : "test-reader-key";
                String url = path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                RequestSpecification request = given().header("Authorization", "Bearer " + key);
                if (!operation.getKey().equals("get") && !operation.getKey().equals("delete")) {
                    request = request.contentType(ContentType.JSON).body("{}");
                }
                Response answer = request.request(operation.getKey().toUpperCase(Locale.ROOT), url);
                assertThat(answer.statusCode()).as(operation.getKey() + " " + path.getKey()).isEqualTo(403);
                assertThat(answer.jsonPath().getString("detail")).as(operation.getKey() + " " + path.getKey())
                        .contains("lacks the scope " + scope);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    private static JsonPath openApi() {
        return given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath();
    }
}
