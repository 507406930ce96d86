package io.nexuschat.session;

import static io.nexuschat.session.SessionResourceTest.json;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Text limits count characters (code points): text at the limit is stored even when every character is an emoji. */
@QuarkusTest
class TextLimitsTest {

    private static final String EMOJI = "🙂";

    @Test
    void sessionNameAndUserIdAtTheirLimitAreStoredWhateverTheCharacters() {
        String name = EMOJI.repeat(SessionService.MAX_NAME);
        String userId = EMOJI.repeat(SessionService.MAX_USER_ID);
        json().body(Map.of("experienceId", "scripted", "name", name, "userId", userId)).post("/api/v2/sessions").then()
                .statusCode(201).body("name", equalTo(name)).body("userId", equalTo(userId));
    }

    @Test
    void queryIdAtItsLimitIsStoredWhateverTheCharacters() {
        String queryId = EMOJI.repeat(100);
        json().body(Map.of("experienceId", "scripted", "text", "hi", "queryId", queryId)).post("/api/v2/query").then()
                .statusCode(200).body("queryId", equalTo(queryId));
    }
}
