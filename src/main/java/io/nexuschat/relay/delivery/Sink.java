package io.nexuschat.relay.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.nexuschat.relay.webhook.WebhookEndpoint;

/**
 * A kind of relay target. Workers claim deliveries per target and hand them to the sink of the target's kind: one at
 * a time ({@link #deliver}, webhooks), or — for a sink whose {@link #batchSize()} is above 1 — up to that many at
 * once ({@link #deliverBatch}, the analytics services, which take batches).
 */
public interface Sink {

    /** The {@code relay_endpoint.kind} this sink delivers to. */
    String kind();

    /** Every {@code relay_endpoint.kind} this sink delivers to. */
    default Set<String> kinds() {
        return Set.of(kind());
    }

    /** Sends one event to one target; never throws for a target's failure, reports it in the outcome. */
    DeliveryOutcome deliver(WebhookEndpoint target, ClaimedDelivery delivery);

    /** Deliveries a worker claims at once for one target of this sink; 1 = each is sent on its own. */
    default int batchSize() {
        return 1;
    }

    /**
     * Sends a batch of one target's deliveries, reporting outcomes as they are known (each delivery exactly once;
     * several reports per batch, e.g. one per HTTP request, so finished requests are recorded early). Never throws for
     * a target's failure.
     */
    default void deliverBatch(WebhookEndpoint target, List<ClaimedDelivery> batch,
            Consumer<Map<ClaimedDelivery, DeliveryOutcome>> report) {
        for (ClaimedDelivery delivery : batch) {
            Map<ClaimedDelivery, DeliveryOutcome> one = new LinkedHashMap<>();
            one.put(delivery, deliver(target, delivery));
            report.accept(one);
        }
    }
}
