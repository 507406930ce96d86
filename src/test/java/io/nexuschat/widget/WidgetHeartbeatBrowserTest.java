package io.nexuschat.widget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nexuschat.answer.ScriptedAnswerEngine;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A slow engine does not trip the widget's stream-stall timeout: the server's {@code : ping} comments (every 400 ms in
 * tests) count as activity, yet never become events. With a timeout shorter than the ping interval the same answer
 * times out, which shows the timer really is what the pings keep alive (fixture heartbeat.html).
 */
@QuarkusTest
class WidgetHeartbeatBrowserTest extends BrowserScenario {

    @Test
    void pingCommentsKeepASlowAnswerAliveWithoutEmittingEvents() {
        assertThat(ScriptedAnswerEngine.SLOW_START_MILLIS).isGreaterThan(1000);
        openFixture("heartbeat?timeout=1000");
        waitForWidgets(1);
        page.evaluate("() => widget.sendMessage('#slowstart tell me slowly')");
        Map<String, Object> complete = waitForEvent("messageComplete");
        assertThat(((Number) complete.get("duration")).longValue()).isGreaterThanOrEqualTo(1000);
        assertThat(events("error")).isEmpty();
        assertThat(events("messageChunk")).allSatisfy(c -> assertThat((String) c.get("chunk")).doesNotContain("ping"));
    }

    @Test
    void withoutActivityWithinTheTimeoutTheStreamTimesOut() {
        openFixture("heartbeat?timeout=250");
        waitForWidgets(1);
        page.evaluate("() => widget.sendMessage('#slowstart tell me slowly')");
        Map<String, Object> error = waitForEvent("error");
        assertThat(error.get("type")).isEqualTo("timeout");
    }
}
