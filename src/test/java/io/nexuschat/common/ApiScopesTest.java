package io.nexuschat.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** API keys with scopes: what a scoped key may do, the 403 that names a missing scope, and the map of endpoints. */
@QuarkusTest
class ApiScopesTest {

    private static final String FULL = "Bearer test-api-key";
    private static final String READER = "Bearer test-reader-key";
    private static final String HOOKS = "Bearer test-hooks-key";

    private static String createSession() {
        String id = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body(Map.of("id", id, "experienceId", "scripted", "userId", "u-" + id))
                .post("/api/v2/sessions").then().statusCode(201);
        return id;
    }

    private static void forbiddenFor(Response response, String scope) {
        response.then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:nexus-chat:problem:insufficient-scope");
        assertThat(response.jsonPath().getString("detail")).contains(scope);
    }

    @Test
    void readOnlyKeyReadsButIsRefusedADeleteNamingTheScope() {
        String id = createSession();
        // The reader key may read any session, even one bound to a user it does not name.
        given().header("Authorization", READER).get("/api/v2/sessions/" + id).then().statusCode(200);
        given().header("Authorization", READER).get("/api/v2/sessions?experienceId=scripted").then().statusCode(200);

        forbiddenFor(given().header("Authorization", READER).delete("/api/v2/sessions/" + id), "sessions:write");
        given().header("Authorization", FULL).get("/api/v2/sessions/" + id).then().statusCode(200);

        given().header("Authorization", FULL).delete("/api/v2/sessions/" + id).then().statusCode(204);
    }

    @Test
    void scopedKeyIsRefusedEverywhereOutsideItsScopes() {
        String id = createSession();
        forbiddenFor(given().header("Authorization", HOOKS).get("/api/v2/sessions"), "sessions:read");
        forbiddenFor(given().header("Authorization", HOOKS).get("/api/v2/sessions/" + id + "/messages"),
                "sessions:read");
        forbiddenFor(given().header("Authorization", READER).contentType(ContentType.JSON)
                .body(Map.of("experienceId", "scripted", "sessionId", id, "text", "hello")).post("/api/v2/query"),
                "sessions:write");
        forbiddenFor(given().header("Authorization", READER).get("/api/v2/webhooks"), "webhooks:manage");

        given().header("Authorization", HOOKS).get("/api/v2/webhooks").then().statusCode(200);
        given().header("Authorization", FULL).get("/api/v2/webhooks").then().statusCode(200);
    }

    @Test
    void theWidgetFilesIgnoreAScopedKey() {
        // Public files outside /api/: a key a page happens to send is not this endpoint's business.
        given().header("Authorization", HOOKS).get("/nexus-chat-widget.js").then().statusCode(200);
        given().header("Authorization", READER).get("/nexus-chat-widget.d.ts").then().statusCode(200);
    }

    @Test
    void wrongKeyIsStillA401AndNoKeyIsUntouched() {
        given().header("Authorization", "Bearer not-a-key").get("/api/v2/sessions").then().statusCode(401);
        given().get("/api/v2/sessions").then().statusCode(401);
    }

    @Test
    void everyOperationOfTheOpenApiDocumentIsMappedToAScopeOrKeyless() {
        Map<String, Map<String, Object>> paths = given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String> unmapped = new ArrayList<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (String method : path.getValue().keySet()) {
                if (!List.of("get", "post", "put", "patch", "delete").contains(method)) {
                    continue;
                }
                operations++;
                String verb = method.toUpperCase(java.util.Locale.ROOT);
                if (ApiScopes.needed(verb, path.getKey()).isEmpty() && !ApiScopes.keyless(verb, path.getKey())
                        && path.getKey().startsWith("/api/")) {
                    unmapped.add(verb + " " + path.getKey());
                }
            }
        }
        assertThat(operations).isGreaterThan(20);
        assertThat(unmapped).as("operations without a scope in ApiScopes").isEmpty();
    }
}
