package io.nexuschat.common;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Refuses requests to {@link ManagementApi} endpoints that lack a valid API key: 401 problem+json. */
@Provider
@ManagementApi
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    @Inject
    ApiKeys apiKeys;

    @Override
    public void filter(ContainerRequestContext request) {
        apiKeys.requireValid(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }
}
