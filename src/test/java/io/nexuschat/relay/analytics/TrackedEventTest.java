package io.nexuschat.relay.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class TrackedEventTest {

    /** The 23 widget event names of the contract (src/test/resources/contract/events.json), as a cross-check. */
    static final List<String> CONTRACT_EVENTS = List.of("open", "close", "minimize", "maximize", "sessionStart",
            "sessionEnd", "sessionClear", "messageStart", "messageChunk", "messageComplete", "typing", "typingStop",
            "feedback", "copy", "customAction", "handover", "disclaimerAccept", "linkClick", "voiceStart", "voiceEnd",
            "ttsStart", "ttsEnd", "error");

    @Test
    void everyContractEventIsEitherTrackedOrDeliberatelyLeftOut() throws Exception {
        Path contract = Path.of("src/test/resources/contract/events.json");
        List<String> names = new ArrayList<>();
        JsonNode json = TestEvents.JSON.readTree(contract.toFile());
        json.path("events").forEach(e -> names.add(e.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(CONTRACT_EVENTS);
        for (String name : names) {
            boolean tracked = TrackedEvent.of("widget." + name).isPresent();
            assertThat(tracked ^ TrackedEvent.NOT_TRACKED_WIDGET_EVENTS.contains(name)).as(name).isTrue();
        }
        assertThat(TrackedEvent.values()).hasSize(20);
    }

    @Test
    void ga4NamesAreValidMeasurementProtocolNames() {
        for (TrackedEvent e : TrackedEvent.values()) {
            assertThat(e.ga4Name()).matches("[a-zA-Z][a-zA-Z0-9_]{0,39}");
        }
        Set<String> distinct = Set.of(TrackedEvent.values()).stream().map(TrackedEvent::ga4Name)
                .collect(Collectors.toSet());
        assertThat(distinct).hasSize(20);
        assertThat(Set.of(TrackedEvent.values()).stream().map(TrackedEvent::trackName).collect(Collectors.toSet()))
                .hasSize(20);
    }

    @Test
    void serverEventsAndUnknownTypesAreNotTrackedWithAReason() {
        assertThat(TrackedEvent.of("session.created")).isEmpty();
        assertThat(TrackedEvent.of("message.completed")).isEmpty();
        assertThat(TrackedEvent.notTrackedReason("session.created")).contains("server event");
        assertThat(TrackedEvent.notTrackedReason("widget.typing")).contains("keystroke");
        assertThat(TrackedEvent.notTrackedReason("widget.bogus")).contains("unknown widget event");
    }

    @Test
    void snakeCaseFollowsTheSeedsPairs() {
        assertThat(TrackedEvent.snakeCase("responseTime")).isEqualTo("response_time");
        assertThat(TrackedEvent.snakeCase("sessionId")).isEqualTo("session_id");
        assertThat(TrackedEvent.snakeCase("hasComment")).isEqualTo("has_comment");
        assertThat(TrackedEvent.snakeCase("rating")).isEqualTo("rating");
    }

    @Test
    void dedupIdKeepsUuidsAndHashesAnythingElseTo36Chars() {
        String uuid = "0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3";
        assertThat(DedupIds.of(uuid)).isEqualTo(uuid);
        String outbox = "session.created:42:2026-12-02T02:00:00Z";
        assertThat(DedupIds.of(outbox)).matches("[a-f0-9]{36}").isEqualTo(DedupIds.of(outbox));
        assertThat(DedupIds.of("x".repeat(37))).hasSize(36).isNotEqualTo("x".repeat(36));
        assertThat(DedupIds.of("evt_1")).isNotEqualTo(DedupIds.of("evt_2"));
    }
}
