package io.nexuschat.relay.webhook;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /api/v2/webhooks/{id}/replay}.
 *
 * @param since ISO 8601 instant: events stored at or after it are sent again
 */
@RegisterForReflection
public record ReplayRequest(String since) {
}
