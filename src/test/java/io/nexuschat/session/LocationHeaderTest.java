package io.nexuschat.session;

import static io.nexuschat.session.SessionResourceTest.SESSIONS;
import static io.nexuschat.session.SessionResourceTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** Location headers are relative paths: never built from the client-controlled Host header. */
@QuarkusTest
class LocationHeaderTest {

    private static final String EVIL = "evil.example";

    private static ExtractableResponse<Response> created(String path, Map<String, ?> body) {
        return json().header("Host", EVIL).header("X-Forwarded-Host", EVIL).body(body).post(path).then()
                .statusCode(201).extract();
    }

    @Test
    void sessionHandoverAndFeedbackLocationsAreRelativeWhateverTheHost() {
        ExtractableResponse<Response> session = created(SESSIONS, Map.of("experienceId", "scripted"));
        String id = session.path("id");
        assertThat(session.header("Location")).isEqualTo("/api/v2/sessions/" + id);

        ExtractableResponse<Response> handover = created(SESSIONS + "/" + id + "/handover",
                Map.of("reason", "user_requested"));
        assertThat(handover.header("Location"))
                .isEqualTo("/api/v2/sessions/" + id + "/handovers/" + handover.path("id"));

        String messageId = json().body(Map.of("experienceId", "scripted", "sessionId", id, "text", "hi"))
                .post("/api/v2/query").then().statusCode(200).extract().path("messageId");
        ExtractableResponse<Response> rating = created(SESSIONS + "/" + id + "/feedback",
                Map.of("messageId", messageId, "rating", "up"));
        assertThat(rating.header("Location"))
                .isEqualTo("/api/v2/sessions/" + id + "/feedback/" + rating.path("id"));

        assertThat(String.join(" ", session.header("Location"), handover.header("Location"),
                rating.header("Location"))).doesNotContain(EVIL, "http");
    }
}
