package io.nexuschat.conversation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nexuschat.answer.ScriptedAnswerEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A slow engine does not leave the stream quiet: comment lines keep clients and proxies waiting, and are not events.
 * Tests run with {@code nexus.conversation.heartbeat=400ms}; {@code #slowstart} thinks 1.5 s before its first chunk.
 */
@QuarkusTest
class StreamHeartbeatTest {

    private static String stream(String text) {
        return given().contentType(ContentType.JSON).accept("text/event-stream")
                .body(Map.of("experienceId", "scripted", "text", text)).post("/api/v2/query").then().statusCode(200)
                .extract().asString();
    }

    @Test
    void pingCommentsArriveWhileTheEngineThinksBeforeItsFirstChunk() {
        String body = stream("take your time #slowstart").replace("\r\n", "\n");

        int firstChunk = body.indexOf("event:chunk");
        assertThat(firstChunk).as(body).isPositive();
        String beforeFirstChunk = body.substring(0, firstChunk);
        assertThat(beforeFirstChunk.lines().filter(": ping"::equals).count()).as(body).isBetween(2L, 5L);
        assertThat(body.lines().filter(line -> line.startsWith(":")).toList()).containsOnly(": ping");

        SseEvents events = SseEvents.parse(body);
        assertThat(events.names()).doesNotContain("message", "ping").containsSubsequence("chunk", "complete");
        assertThat(events.first("complete").json().getString("answer"))
                .isEqualTo(ScriptedAnswerEngine.answerTo("take your time #slowstart", 0));
    }

    @Test
    void aBusyStreamNeedsNoPing() {
        assertThat(stream("quick")).doesNotContain(": ping");
    }
}
