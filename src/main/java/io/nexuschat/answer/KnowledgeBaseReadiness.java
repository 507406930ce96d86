package io.nexuschat.answer;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the knowledge-base engine: DOWN while the indexes started at startup are still being built (the first
 * second or so after start) and for good if one could not be built, naming the experience.
 */
@Readiness
@ApplicationScoped
public class KnowledgeBaseReadiness implements HealthCheck {

    @Inject
    KnowledgeBaseEngine engine;

    @Override
    public HealthCheckResponse call() {
        Map<String, String> pending = engine.pendingIndexes();
        HealthCheckResponseBuilder health = HealthCheckResponse.named("Knowledge-base indexes");
        pending.forEach(health::withData);
        return health.status(pending.isEmpty()).build();
    }
}
