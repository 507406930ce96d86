package io.nexuschat.widget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nexuschat.answer.HeldAnswers;
import io.nexuschat.answer.ScriptedAnswerEngine;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A slow engine does not trip the widget's stream-stall timeout: the server's {@code : ping} comments (every 400 ms in
 * tests) count as activity, yet never become events. With the pings kept from the widget the same answer times out,
 * which shows the timer really is what the pings keep alive (fixture heartbeat.html counts the pings the page receives,
 * and with {@code pings=hide} removes them from the widget's stream). The engine is held ({@code #held}) until the test
 * has seen what it waits for, so no outcome depends on how long anything takes.
 */
@QuarkusTest
class WidgetHeartbeatBrowserTest extends BrowserScenario {

    /**
     * The widget's stall timeout: above the server's ping interval, and with the pings that outlast it well below the
     * server's own answer timeout in tests ({@code nexus.conversation.answer-timeout=2s}).
     */
    static final int TIMEOUT_MILLIS = 1000;
    static final int PING_MILLIS = 400;

    @Test
    void pingCommentsKeepASlowAnswerAliveWithoutEmittingEvents() {
        // Pings come only after a whole interval of silence: this many span more than the widget's timeout.
        int pings = TIMEOUT_MILLIS / PING_MILLIS + 1;
        String hold = HeldAnswers.newHold();
        String text = "tell me slowly #held:" + hold;
        try {
            openFixture("heartbeat?timeout=" + TIMEOUT_MILLIS);
            waitForWidgets(1);
            page.evaluate("t => widget.sendMessage(t)", text);
            // Ends at the pings, or early (and failing) at an error such as the stall timeout.
            page.waitForFunction("n => window.__pings >= n || window.__events.some(e => e.name === 'error')", pings);
            assertThat(events("error")).as("pings seen by the page: %s", page.evaluate("() => window.__pings"))
                    .isEmpty();
            assertThat(events("messageChunk")).isEmpty();
        } finally {
            HeldAnswers.release(hold);
        }
        Map<String, Object> complete = waitForEvent("messageComplete");
        assertThat((String) complete.get("answer")).startsWith(ScriptedAnswerEngine.chunks(text, 0).get(0))
                .contains(text);
        assertThat(((Number) complete.get("duration")).longValue()).isGreaterThanOrEqualTo(pings * PING_MILLIS);
        assertThat(events("error")).isEmpty();
        assertThat(eventNames()).doesNotContain("ping");
        assertThat(events("messageChunk")).isNotEmpty()
                .allSatisfy(c -> assertThat((String) c.get("chunk")).doesNotContain("ping"));
    }

    @Test
    void withoutThePingsTheSameSlowAnswerTimesOut() {
        String hold = HeldAnswers.newHold();
        try {
            openFixture("heartbeat?pings=hide&timeout=" + TIMEOUT_MILLIS);
            waitForWidgets(1);
            page.evaluate("t => widget.sendMessage(t)", "tell me slowly #held:" + hold);
            // Held until the widget gives up: the engine's silence lasts as long as the test needs.
            Map<String, Object> error = waitForEvent("error");
            assertThat(error.get("type")).isEqualTo("timeout");
            // The widget's own stall timer, not the server's answer timeout (2 s in tests, "No answer within 2 s").
            assertThat((String) error.get("message")).doesNotStartWith("No answer within");
            assertThat(events("messageChunk")).isEmpty();
        } finally {
            HeldAnswers.release(hold);
        }
    }
}
