package io.nexuschat.relay.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How Segment and Mixpanel, which take track calls one JSON object per event, turn events into request items: events
 * neither tracks are dropped, as are events with no identity (no session and no user); each other event is encoded
 * at the fullest level that fits the service's per-event limit, else dropped.
 */
@FunctionalInterface
interface TrackEncoder {

    /** One event's JSON at {@code level}: 0 is complete, each higher level leaves out or cuts more. */
    byte[] encode(TrackedEvent tracked, AnalyticsEvent event, int level);

    /**
     * The items to send, in order; what cannot be sent goes to {@code dropped} with its reason.
     *
     * @param levels how many levels {@link #encode} has
     * @param maxEventBytes the service's per-event limit
     * @param noIdentity the reason for an event without session and user
     * @param tooLarge the reason for an event over the limit at every level
     */
    default List<RequestPacker.Item> items(List<AnalyticsEvent> events, int levels, int maxEventBytes,
            String noIdentity, String tooLarge, List<DroppedEvent> dropped) {
        List<RequestPacker.Item> items = new ArrayList<>();
        for (AnalyticsEvent event : events) {
            Optional<TrackedEvent> tracked = TrackedEvent.of(event.type());
            if (tracked.isEmpty()) {
                dropped.add(new DroppedEvent(event.id(), TrackedEvent.notTrackedReason(event.type())));
                continue;
            }
            if (event.sessionId() == null && event.userId() == null) {
                dropped.add(new DroppedEvent(event.id(), noIdentity));
                continue;
            }
            byte[] json = encode(tracked.get(), event, 0);
            for (int level = 1; level < levels && json.length > maxEventBytes; level++) {
                json = encode(tracked.get(), event, level);
            }
            if (json.length > maxEventBytes) {
                dropped.add(new DroppedEvent(event.id(), tooLarge));
                continue;
            }
            items.add(new RequestPacker.Item(event.id(), json));
        }
        return items;
    }
}
