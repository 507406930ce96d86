package io.nexuschat.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.common.Caller;
import io.nexuschat.experience.ExperienceConfig;
import io.nexuschat.experience.ExperienceRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Identity verification through the real HTTP API: for an experience with {@code identity}, a userId counts only with
 * {@code userHash = hex(HMAC-SHA256(secret, userId))}; in bodies and in the {@code X-Nexus-User-Hash} header. The
 * secret is the test profile's {@code NEXUS_TEST_IDENTITY_SECRET}.
 */
@QuarkusTest
class IdentityVerificationTest {

    static final String SECRET = "test-identity-secret-0123456789";
    private static final String REQUIRED = "identity-required";
    private static final String OPTIONAL = "identity-optional";
    private static final String SESSIONS = "/api/v2/sessions";
    private static final String API_KEY = "Bearer test-api-key";

    private static String hash(String userId) {
        return IdentityVerification.hash(SECRET, userId);
    }

    private static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }

    /** A refusal: 403 problem+json with a detail that explains and never shows the expected hash. */
    private static void refused(ValidatableResponse response, String userId, String detail) {
        String body = response.statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403)).body("detail", containsString(detail)).extract().asString();
        assertThat(body).doesNotContain(hash(userId)).doesNotContain(SECRET);
    }

    private static String session(String experience, String userId) {
        return json().body(body("experienceId", experience, "userId", userId, "userHash", hash(userId))).post(SESSIONS)
                .then().statusCode(201).extract().path("id");
    }

    private static JsonPath ask(String experience, String sessionId, String userId, String userHash) {
        return json().body(body("experienceId", experience, "sessionId", sessionId, "text", "hello", "userId", userId,
                "userHash", userHash)).post("/api/v2/query").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void hashIsTheLowercaseHexHmacSha256OfTheUserId() {
        // Known answer, as `echo -n alice | openssl dgst -sha256 -hmac test-identity-secret-0123456789` prints it.
        assertThat(hash("alice")).matches("[0-9a-f]{64}");
        assertThat(IdentityVerification.hash("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void requiredRefusesBodiesWithoutAHashOrWithAnotherUsersHash() {
        String id = UUID.randomUUID().toString();
        // create session
        refused(json().body(body("experienceId", REQUIRED, "userId", "alice")).post(SESSIONS).then(), "alice",
                "send userHash");
        refused(json().body(body("experienceId", REQUIRED, "userId", "alice", "userHash", hash("bob")))
                .post(SESSIONS).then(), "alice", "does not match");
        // query (opening a session on first sight)
        refused(json().body(body("experienceId", REQUIRED, "sessionId", id, "text", "hi", "userId", "alice"))
                .post("/api/v2/query").then(), "alice", "send userHash");
        refused(json().body(body("experienceId", REQUIRED, "sessionId", id, "text", "hi", "userId", "alice",
                "userHash", hash("bob"))).post("/api/v2/query").then(), "alice", "does not match");
        // widget init
        refused(json().body(body("experienceId", REQUIRED, "userId", "alice")).post("/api/v2/widget/init").then(),
                "alice", "send userHash");
        refused(json().body(body("experienceId", REQUIRED, "userId", "alice", "userHash", hash("bob")))
                .post("/api/v2/widget/init").then(), "alice", "does not match");
        // handover opening a session on first sight
        refused(json().body(body("reason", "user_requested", "experienceId", REQUIRED, "userId", "alice"))
                .post(SESSIONS + "/" + id + "/handover").then(), "alice", "send userHash");
        // nothing was opened by the refused calls
        given().header("Authorization", API_KEY).get(SESSIONS + "/" + id).then().statusCode(404);
    }

    @Test
    void requiredAcceptsTheRightHashOnBodies() {
        String id = session(REQUIRED, "alice");
        JsonPath answer = ask(REQUIRED, id, "alice", hash("alice"));
        assertThat(answer.getString("sessionId")).isEqualTo(id);
        // the hash is hex: upper case is the same hash
        ask(REQUIRED, id, "alice", hash("alice").toUpperCase());
        json().body(body("experienceId", REQUIRED, "sessionId", id, "userId", "alice", "userHash", hash("alice")))
                .post("/api/v2/widget/init").then().statusCode(200).body("session.id", equalTo(id))
                .body("session.messages.size()", equalTo(4));
        json().body(body("messageId", answer.getString("messageId"), "rating", "up", "userId", "alice", "userHash",
                hash("alice"))).post(SESSIONS + "/" + id + "/feedback").then().statusCode(201);
        json().body(body("reason", "user_requested", "userId", "alice", "userHash", hash("alice")))
                .post(SESSIONS + "/" + id + "/handover").then().statusCode(201);
        // a query opening a session on first sight, and a handover doing so
        String opened = UUID.randomUUID().toString();
        assertThat(ask(REQUIRED, opened, "carol", hash("carol")).getString("sessionId")).isEqualTo(opened);
        json().body(body("reason", "user_requested", "experienceId", REQUIRED, "userId", "dave", "userHash",
                hash("dave"))).post(SESSIONS + "/" + UUID.randomUUID() + "/handover").then().statusCode(201);
    }

    @Test
    void requiredRefusesFeedbackAndHandoverWithAnotherUsersHash() {
        String id = session(REQUIRED, "alice");
        String messageId = ask(REQUIRED, id, "alice", hash("alice")).getString("messageId");
        refused(json().body(body("messageId", messageId, "rating", "down", "userId", "alice", "userHash",
                hash("mallory"))).post(SESSIONS + "/" + id + "/feedback").then(), "alice", "does not match");
        refused(json().body(body("messageId", messageId, "rating", "down", "userId", "alice"))
                .post(SESSIONS + "/" + id + "/feedback").then(), "alice", "send userHash");
        refused(json().body(body("reason", "user_requested", "userId", "alice", "userHash", hash("mallory")))
                .post(SESSIONS + "/" + id + "/handover").then(), "alice", "does not match");
        // mallory with her own valid hash is still not alice
        json().body(body("reason", "user_requested", "userId", "mallory", "userHash", hash("mallory")))
                .post(SESSIONS + "/" + id + "/handover").then().statusCode(403)
                .body("detail", containsString("another user"));
        given().header("Authorization", API_KEY).get(SESSIONS + "/" + id + "/handovers").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void requiredChecksTheHeadersOfGetMessagesHistoryPatchClearAndTheEventStream() {
        String id = session(REQUIRED, "alice");
        ask(REQUIRED, id, "alice", hash("alice"));
        String path = SESSIONS + "/" + id;
        for (String read : List.of(path, path + "/messages", path + "/events/stream")) {
            refused(given().header(Caller.USER_ID_HEADER, "alice").get(read).then(), "alice",
                    Caller.USER_HASH_HEADER);
            refused(given().header(Caller.USER_ID_HEADER, "alice").header(Caller.USER_HASH_HEADER, hash("bob"))
                    .get(read).then(), "alice", "does not match");
        }
        refused(json().header(Caller.USER_ID_HEADER, "alice").header(Caller.USER_HASH_HEADER, hash("bob"))
                .body(Map.of("name", "taken")).patch(path).then(), "alice", "does not match");
        refused(given().header(Caller.USER_ID_HEADER, "alice").post(path + "/clear").then(), "alice",
                "send userHash");
        refused(given().header(Caller.USER_ID_HEADER, "alice").delete(path).then(), "alice", "send userHash");

        given().header(Caller.USER_ID_HEADER, "alice").header(Caller.USER_HASH_HEADER, hash("alice")).get(path)
                .then().statusCode(200).body("userId", equalTo("alice")).body("name", equalTo(null));
        given().header(Caller.USER_ID_HEADER, "alice").header(Caller.USER_HASH_HEADER, hash("alice"))
                .get(path + "/messages").then().statusCode(200).body("items.size()", equalTo(2));
        json().header(Caller.USER_ID_HEADER, "alice").header(Caller.USER_HASH_HEADER, hash("alice"))
                .body(Map.of("name", "mine")).patch(path).then().statusCode(200).body("name", equalTo("mine"));
        given().header(Caller.USER_ID_HEADER, "alice").header(Caller.USER_HASH_HEADER, hash("alice"))
                .post(path + "/clear").then().statusCode(200);
    }

    @Test
    void requiredStillServesAnonymousVisitorsAndTrustsApiKeys() {
        // No userId: nothing is claimed, nothing to verify.
        String anonymous = json().body(body("experienceId", REQUIRED)).post(SESSIONS).then().statusCode(201)
                .extract().path("id");
        assertThat(ask(REQUIRED, anonymous, null, null).getString("sessionId")).isEqualTo(anonymous);
        json().body(body("experienceId", REQUIRED)).post("/api/v2/widget/init").then().statusCode(200);
        // A management caller needs no hash.
        String id = json().header("Authorization", API_KEY).body(body("experienceId", REQUIRED, "userId", "erin"))
                .post(SESSIONS).then().statusCode(201).body("userId", equalTo("erin")).extract().path("id");
        given().header("Authorization", API_KEY).get(SESSIONS + "/" + id + "/messages").then().statusCode(200);
        // The session the backend created for erin is hers once she proves it.
        ask(REQUIRED, id, "erin", hash("erin"));
    }

    @Test
    void optionalAcceptsAUserIdWithoutAHashButNeverAWrongOne() {
        // Migration mode: no hash is accepted …
        String id = json().body(body("experienceId", OPTIONAL, "userId", "frank")).post(SESSIONS).then()
                .statusCode(201).extract().path("id");
        ask(OPTIONAL, id, "frank", null);
        given().header(Caller.USER_ID_HEADER, "frank").get(SESSIONS + "/" + id + "/messages").then().statusCode(200)
                .body("items.size()", equalTo(2));
        json().body(body("experienceId", OPTIONAL, "sessionId", id, "userId", "frank")).post("/api/v2/widget/init")
                .then().statusCode(200).body("session.id", equalTo(id));
        // … the right one too …
        ask(OPTIONAL, id, "frank", hash("frank"));
        given().header(Caller.USER_ID_HEADER, "frank").header(Caller.USER_HASH_HEADER, hash("frank"))
                .get(SESSIONS + "/" + id).then().statusCode(200);
        // … but a hash that is sent must be valid, on bodies and on headers.
        refused(json().body(body("experienceId", OPTIONAL, "sessionId", id, "text", "hi", "userId", "frank",
                "userHash", hash("grace"))).post("/api/v2/query").then(), "frank", "does not match");
        refused(json().body(body("experienceId", OPTIONAL, "userId", "frank", "userHash", hash("grace")))
                .post(SESSIONS).then(), "frank", "does not match");
        refused(json().body(body("experienceId", OPTIONAL, "userId", "frank", "userHash", "not-a-hash"))
                .post("/api/v2/widget/init").then(), "frank", "does not match");
        refused(json().body(body("reason", "user_requested", "userId", "frank", "userHash", hash("grace")))
                .post(SESSIONS + "/" + id + "/handover").then(), "frank", "does not match");
        refused(given().header(Caller.USER_ID_HEADER, "frank").header(Caller.USER_HASH_HEADER, hash("grace"))
                .get(SESSIONS + "/" + id + "/messages").then(), "frank", "does not match");
        // Another user's id is refused as without identity verification.
        given().header(Caller.USER_ID_HEADER, "grace").get(SESSIONS + "/" + id).then().statusCode(403)
                .body("detail", containsString("another user"));
    }

    @Test
    void experiencesWithoutIdentityIgnoreHashes() {
        String id = json().body(body("experienceId", "scripted", "userId", "henry", "userHash", "anything"))
                .post(SESSIONS).then().statusCode(201).extract().path("id");
        given().header(Caller.USER_ID_HEADER, "henry").get(SESSIONS + "/" + id).then().statusCode(200);
        given().header(Caller.USER_ID_HEADER, "henry").header(Caller.USER_HASH_HEADER, "whatever")
                .get(SESSIONS + "/" + id).then().statusCode(200).body("userId", equalTo("henry"))
                .body(not(containsString("userHash")));
    }

    @Test
    void openApiDocumentsTheHashBesideTheUserId() {
        JsonPath doc = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath();
        for (String schema : List.of("QueryRequest", "CreateSessionRequest", "WidgetInitRequest", "FeedbackRequest",
                "HandoverRequest")) {
            assertThat(doc.getString("components.schemas." + schema + ".properties.userHash.description"))
                    .as(schema).contains("HMAC-SHA256");
        }
        assertThat(doc.prettify()).contains(Caller.USER_HASH_HEADER);
    }

    @Test
    void anExperienceNamingAMissingVariableStopsStartupWithoutShowingSecrets(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("shop.json"),
                "{\"id\":\"shop\",\"identity\":{\"secretEnv\":\"SHOP_IDENTITY_SECRET\",\"required\":true}}");
        ExperienceRegistry registry = new ExperienceRegistry(new ExperienceConfig() {
            @Override
            public List<String> builtin() {
                return List.of();
            }

            @Override
            public Optional<java.nio.file.Path> dir() {
                return Optional.of(dir);
            }
        }, new ObjectMapper());
        assertThatThrownBy(() -> new IdentityVerification(registry, variable -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'shop'").hasMessageContaining("SHOP_IDENTITY_SECRET")
                .hasMessageContaining("not set");
        assertThatThrownBy(() -> new IdentityVerification(registry, variable -> "short"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 16")
                .hasMessageNotContaining("short\"");
        new IdentityVerification(registry, variable -> SECRET);

        java.nio.file.Files.writeString(dir.resolve("shop.json"), "{\"id\":\"shop\",\"identity\":{\"required\":true}}");
        assertThatThrownBy(() -> new ExperienceRegistry(new ExperienceConfig() {
            @Override
            public List<String> builtin() {
                return List.of();
            }

            @Override
            public Optional<java.nio.file.Path> dir() {
                return Optional.of(dir);
            }
        }, new ObjectMapper())).isInstanceOf(IllegalStateException.class).hasMessageContaining("secretEnv");
    }
}
