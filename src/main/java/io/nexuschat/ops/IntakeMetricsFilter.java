package io.nexuschat.ops;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.nexuschat.relay.intake.IntakeResult;

/** Counts the verdicts of every answered {@code POST /api/v2/events} batch, from the answer itself. */
public class IntakeMetricsFilter {

    @Inject
    DomainMetrics metrics;

    @ServerResponseFilter
    public void count(ContainerResponseContext response) {
        if (response.getEntity() instanceof IntakeResult result) {
            metrics.intake(result.accepted(), result.duplicates(), result.rejected());
        }
    }
}
