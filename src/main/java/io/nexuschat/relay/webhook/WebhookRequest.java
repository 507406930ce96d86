package io.nexuschat.relay.webhook;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /api/v2/webhooks}.
 *
 * @param experienceId the experience whose events the endpoint receives
 * @param url http(s) URL that receives the events
 * @param events event types to receive ({@code session.created}, {@code widget.linkClick}, {@code widget.*}, …);
 *        absent or {@code ["*"]} = all
 * @param description a note for people
 */
@RegisterForReflection
public record WebhookRequest(String experienceId, String url, List<String> events, String description) {
}
