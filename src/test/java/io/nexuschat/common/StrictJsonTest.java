package io.nexuschat.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Request bodies are read strictly: JSON of the wrong shape is a 400 in the client's words, never coerced. */
@QuarkusTest
class StrictJsonTest {

    private static final String SESSIONS = "/api/v2/sessions";
    private static final String QUERY = "/api/v2/query";

    private static ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body).post(path).then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    private static void fieldError(String path, String body, String field, String message) {
        post(path, body).body("type", equalTo("urn:nexus-chat:problem:validation"))
                .body("errors[0].field", equalTo(field)).body("errors[0].message", equalTo(message))
                .body("detail", equalTo(field + ": " + message));
    }

    @Test
    void aNumberOrBooleanIsNotAString() {
        fieldError(QUERY, "{\"experienceId\":\"scripted\",\"text\":5}", "text", "must be a string");
        fieldError(QUERY, "{\"experienceId\":\"scripted\",\"text\":1.5}", "text", "must be a string");
        fieldError(SESSIONS, "{\"experienceId\":\"scripted\",\"name\":true}", "name", "must be a string");
        fieldError(QUERY, "{\"experienceId\":\"scripted\",\"text\":\"hi\",\"queryId\":42}", "queryId",
                "must be a string");
    }

    @Test
    void aFloatOrAStringIsNotAWholeNumber() {
        fieldError(SESSIONS, "{\"experienceId\":\"scripted\",\"expirationSeconds\":100.5}", "expirationSeconds",
                "must be a whole number");
        fieldError(SESSIONS, "{\"experienceId\":\"scripted\",\"expirationSeconds\":3600.0}", "expirationSeconds",
                "must be a whole number");
        fieldError(SESSIONS, "{\"experienceId\":\"scripted\",\"expirationSeconds\":\"3600\"}", "expirationSeconds",
                "must be a whole number");
        fieldError(SESSIONS, "{\"experienceId\":\"scripted\",\"expirationSeconds\":\"\"}", "expirationSeconds",
                "must be a whole number");
    }

    @Test
    void aWholeNumberStillIsOne() {
        given().contentType(ContentType.JSON).body("{\"experienceId\":\"scripted\",\"expirationSeconds\":3600}")
                .post(SESSIONS).then().statusCode(201);
    }

    @Test
    void contentAfterTheJsonValueIsRefused() {
        JsonPath problem = post(SESSIONS, "{\"experienceId\":\"scripted\"} {\"experienceId\":\"demo\"}")
                .body("type", equalTo("urn:nexus-chat:problem:malformed-json")).extract().jsonPath();
        assertThat(problem.getString("detail"))
                .isEqualTo("The request body is not valid JSON: unexpected content after the JSON value at line 1 "
                        + "column 29");
        post(SESSIONS, "{\"experienceId\":\"scripted\"}]").body("type",
                equalTo("urn:nexus-chat:problem:malformed-json"));
    }

    @Test
    void aFieldGivenTwiceIsRefused() {
        fieldError(SESSIONS, "{\"experienceId\":\"scripted\",\"experienceId\":\"scripted-idle\"}", "experienceId",
                "appears more than once");
    }

    @Test
    void numbersTooLargeToBeFiniteAreRefusedInMetadata() {
        fieldError(SESSIONS, "{\"experienceId\":\"scripted\",\"metadata\":{\"score\":1e999}}", "metadata.score",
                "must be a finite number");
        fieldError(QUERY, "{\"experienceId\":\"scripted\",\"text\":\"hi\",\"metadata\":{\"a\":{\"b\":[1,-1e400]}}}",
                "metadata.a", "must be a finite number");
        String created = given().contentType(ContentType.JSON)
                .body("{\"experienceId\":\"scripted\",\"metadata\":{\"score\":1.5e300,\"n\":12345678901234567890}}")
                .post(SESSIONS).then().statusCode(201).extract().asString();
        assertThat(created).contains("\"score\":1.5E300", "\"n\":12345678901234567890");
    }

    @Test
    void problemDetailsNeverLeakJacksonInternals() {
        List<String> details = List.of(
                post(SESSIONS, "{\"experienceId\":\"scripted\",\"metadata\":{\"deep\":" + "[".repeat(1500)
                        + "]".repeat(1500) + "}}").extract().path("detail"),
                post(SESSIONS, "{\"experienceId\":\"scripted\",\"expirationSeconds\":99999999999999999999999}")
                        .extract().path("detail"),
                post(SESSIONS, "{\"experienceId\":\"scripted\",\"expirationSeconds\":tru}").extract().path("detail"),
                post(SESSIONS, "{\"experienceId\":\"scripted\",\"name\":\"x\"").extract().path("detail"),
                post(QUERY, "{\"experienceId\":\"scripted\",\"text\":[\"hi\"]}").extract().path("detail"),
                post(QUERY, "[{\"experienceId\":\"scripted\"}]").extract().path("detail"),
                post(QUERY, "\"hi\"").extract().path("detail"));
        assertThat(details).allSatisfy(detail -> assertThat(detail).doesNotContain("StreamReadConstraints", "java.",
                "io.nexuschat", "`", "long", "Long", "9223372036854775807", "tru'", "Cannot", "token"));
        assertThat(details.get(0)).isEqualTo("The request body exceeds a limit: nesting too deep");
        assertThat(details.get(1)).isEqualTo("expirationSeconds: is out of range");
        assertThat(details.get(2)).isEqualTo("The request body is not valid JSON: malformed JSON at line 1 column 48");
        assertThat(details.get(3)).startsWith("The request body is not valid JSON: it ends before");
        assertThat(details.get(4)).isEqualTo("text: must be a string");
        assertThat(details.get(5)).isEqualTo("The request body must be a JSON object");
        assertThat(details.get(6)).isEqualTo("The request body must be a JSON object");
    }
}
