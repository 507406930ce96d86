package io.nexuschat.conversation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nexuschat.answer.AnswerException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A misconfigured experience tells visitors only that the assistant is unavailable; the operator reads the log. */
@QuarkusTest
class MisconfiguredExperienceTest {

    private static final String VARIABLE = "NEXUS_TEST_KEY_THAT_IS_NEVER_SET";
    private static final Map<String, String> QUESTION = Map.of("experienceId", "misconfigured", "text", "hello");

    private final Logger log = Logger.getLogger(QueryService.class.getName());
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        log.removeHandler(capture);
    }

    @Test
    void streamedErrorIsGenericAndTheDetailGoesToTheLog() {
        String body = given().contentType(ContentType.JSON).accept("text/event-stream").body(QUESTION)
                .post("/api/v2/query").then().statusCode(200).extract().asString();
        SseEvents.Event error = SseEvents.parse(body).first("error");
        assertThat(error.json().getString("type")).isEqualTo("backend");
        assertThat(error.json().getString("message")).isEqualTo(AnswerException.UNAVAILABLE);
        assertThat(body).doesNotContain(VARIABLE, "environment", "misconfigured'", "answer.settings");
        assertThat(logged).anySatisfy(line -> assertThat(line).contains(VARIABLE, "is not set"));
    }

    @Test
    void jsonAnswerIsA502WithAGenericDetail() {
        JsonPath problem = given().contentType(ContentType.JSON).accept(ContentType.JSON).body(QUESTION)
                .post("/api/v2/query").then().statusCode(502).contentType("application/problem+json").extract()
                .jsonPath();
        assertThat(problem.getString("detail")).isEqualTo(AnswerException.UNAVAILABLE);
        assertThat(problem.prettify()).doesNotContain(VARIABLE, "environment");
    }
}
