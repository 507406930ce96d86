package io.nexuschat.common;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a valid API key that lacks the scope an endpoint needs ({@link ApiScopes}): 403 problem naming the scope.
 * Runs after authentication ({@link ApiKeyFilter} and {@link ApiKeys#caller}), which answer missing or wrong keys with
 * 401; a request without a key is not this filter's business.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class ApiScopeFilter implements ContainerRequestFilter {

    private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();

    @Inject
    ApiKeys apiKeys;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || resource.getResourceMethod() == null) {
            return;
        }
        Set<ApiScope> granted = apiKeys.scopes(authorization).orElse(null);
        if (granted == null || granted.size() == ApiScope.values().length) {
            return; // no valid key (refused elsewhere when it matters), or a key with full access
        }
        String method = request.getMethod();
        String template = TEMPLATES.computeIfAbsent(resource.getResourceMethod(),
                m -> template(resource.getResourceClass(), m));
        if (ApiScopes.keyless(method, template)) {
            return;
        }
        ApiScope needed = ApiScopes.needed(method, template).orElse(null);
        if (needed == null) {
            throw new ProblemException(403, "insufficient-scope", "Forbidden", method + " " + template
                    + " is open only to API keys with full access (configured without scopes)", null);
        }
        if (!granted.contains(needed)) {
            throw new ProblemException(403, "insufficient-scope", "Forbidden", "This API key lacks the scope "
                    + needed.value() + ", which " + method + " " + template + " needs", null);
        }
    }

    /** {@code /api/v2/sessions/{id}/handover}: the class's and the method's {@code @Path}, joined. */
    static String template(Class<?> type, Method method) {
        Path onClass = type.getAnnotation(Path.class);
        Path onMethod = method.getAnnotation(Path.class);
        String joined = (onClass == null ? "" : "/" + onClass.value())
                + (onMethod == null ? "" : "/" + onMethod.value());
        String normalized = joined.replaceAll("/+", "/");
        return normalized.length() > 1 && normalized.endsWith("/")
                ? normalized.substring(0, normalized.length() - 1)
                : normalized;
    }
}
