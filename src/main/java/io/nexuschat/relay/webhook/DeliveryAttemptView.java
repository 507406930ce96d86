package io.nexuschat.relay.webhook;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One delivery attempt in an endpoint's log.
 *
 * @param eventId the event (the {@code webhook-id} header)
 * @param type the event type
 * @param attempt 1 for the first attempt of this event to this endpoint, 2 for the first retry, …
 * @param attemptedAt when it was sent
 * @param statusCode the endpoint's HTTP status; absent when there was no answer
 * @param latencyMs time until the answer (or the failure)
 * @param error what went wrong, when it did
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryAttemptView(UUID eventId, String type, int attempt, Instant attemptedAt, Integer statusCode,
        long latencyMs, String error) {
}
