package io.nexuschat.security;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.nexuschat.common.Problem;
import io.nexuschat.common.ProblemException;
import io.nexuschat.common.TooManyRequests;
import io.quarkus.runtime.configuration.DurationConverter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Token-bucket rate limits (Bucket4j) on the public endpoints, per client address and per session: a request over a
 * limit gets a 429 problem with {@code Retry-After} (seconds) before any resource runs, and counts in the
 * {@code nexus.rate.limited} metric (tags {@code endpoint}, {@code limit} = {@code ip} or {@code session}). The client
 * address is checked first, before the body is read; the session limit reads the session id from the path
 * (feedback, handover) or, checked by the resource after Quarkus REST read the body, from the body ({@code sessionId}
 * of a query or init, of each event in a batch: {@link #requireSessionBudget}). Buckets live
 * in this instance's memory (idle ones are dropped), so budgets are per instance.
 */
@ApplicationScoped
public class RateLimits {

    /** The public endpoints that are limited, as named in configuration and in the metric's {@code endpoint} tag. */
    public enum Endpoint {
        INIT, QUERY, EVENTS, FEEDBACK, HANDOVER;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One limit: {@code count} requests per {@code period}, as configured ({@code text}). */
    record Limit(long count, Duration period, String text) {

        static Optional<Limit> parse(String key, String text) {
            String value = text.trim();
            if (value.equalsIgnoreCase("off")) {
                return Optional.empty();
            }
            int slash = value.indexOf('/');
            try {
                long count = Long.parseLong(value.substring(0, Math.max(slash, 0)).trim());
                Duration period = DurationConverter.parseDuration(value.substring(slash + 1).trim());
                if (count < 1 || period == null || period.isZero() || period.isNegative()) {
                    throw new IllegalArgumentException();
                }
                return Optional.of(new Limit(count, period, value));
            } catch (RuntimeException e) {
                throw new IllegalStateException("nexus.rate-limit." + key + ": '" + text
                        + "' is not N/period (e.g. 300/1m) or off");
            }
        }
    }

    /**
     * The limited operations, by HTTP method and path template as the OpenAPI document names them: the routes
     * {@link #install} guards and the operations {@code ProblemResponsesFilter} documents a 429 on.
     */
    public static final Map<String, Endpoint> LIMITED = Map.of(
            "POST /api/v2/widget/init", Endpoint.INIT,
            "POST /api/v2/query", Endpoint.QUERY,
            "POST /api/v2/events", Endpoint.EVENTS,
            "POST /api/v2/sessions/{id}/feedback", Endpoint.FEEDBACK,
            "POST /api/v2/sessions/{id}/handover", Endpoint.HANDOVER);
    private static final int MAX_SESSIONS_PER_BODY = 50;
    // Before RequestLimits (-3) and Quarkus's body size check (-2): a limited client costs no body read.
    private static final int ORDER_BY_IP = -4;

    @Inject
    RateLimitConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry metrics;

    private final Map<Endpoint, Limiter> byIp = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Limiter> bySession = new EnumMap<>(Endpoint.class);
    private ClientAddress clients;

    void install(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        clients = new ClientAddress(config.trustedProxies().orElse(List.of()));
        limit(Endpoint.INIT, config.initPerIp(), config.initPerSession());
        limit(Endpoint.QUERY, config.queryPerIp(), config.queryPerSession());
        limit(Endpoint.EVENTS, config.eventsPerIp(), config.eventsPerSession());
        limit(Endpoint.FEEDBACK, config.feedbackPerIp(), config.feedbackPerSession());
        limit(Endpoint.HANDOVER, config.handoverPerIp(), config.handoverPerSession());

        // The session limits of the endpoints that name their session in the body are checked by their resources once
        // Quarkus REST has read the body (requireSessionBudget): a body read here, before Quarkus REST, breaks HTTP/2.
        // Those that name it in the path ({id}) are checked here.
        LIMITED.forEach((operation, endpoint) -> {
            String[] methodAndPath = operation.split(" ", 2);
            Pattern path = Pattern.compile(methodAndPath[1].replace("{id}", "([^/]+)") + "/?");
            router.routeWithRegex(HttpMethod.valueOf(methodAndPath[0]), path.pattern()).order(ORDER_BY_IP)
                    .handler(ctx -> {
                        if (!checkIp(ctx, endpoint)) {
                            return;
                        }
                        Matcher m = path.matcher(ctx.request().path());
                        if (m.matches() && m.groupCount() > 0) {
                            checkSessions(ctx, endpoint, Set.of(m.group(1)));
                        } else {
                            ctx.next();
                        }
                    });
        });
    }

    /** The limit on {@code method} {@code pathTemplate} (as the OpenAPI document names it), if it is limited. */
    public static Optional<Endpoint> limited(String method, String pathTemplate) {
        return Optional.ofNullable(LIMITED.get(method + " " + pathTemplate));
    }

    private void limit(Endpoint endpoint, String perIp, String perSession) {
        Limit.parse(endpoint.tag() + ".per-ip", perIp).ifPresent(l -> byIp.put(endpoint, new Limiter(l)));
        Limit.parse(endpoint.tag() + ".per-session", perSession)
                .ifPresent(l -> bySession.put(endpoint, new Limiter(l)));
    }

    /** Answers 429 when the client address is over the endpoint's limit; true when it passed. */
    private boolean checkIp(RoutingContext ctx, Endpoint endpoint) {
        Limiter limiter = byIp.get(endpoint);
        if (limiter == null) {
            return true;
        }
        String client = clients.of(ctx.request().connection().remoteAddress().hostAddress(),
                ctx.request().getHeader("X-Forwarded-For"));
        ConsumptionProbe probe = limiter.take(client);
        if (!probe.isConsumed()) {
            refuse(ctx, endpoint, "ip", probe, "Too many " + endpoint.tag() + " requests from your address: at most "
                    + limiter.limit.text() + " (requests/period)");
            return false;
        }
        return true;
    }

    /**
     * The per-session limit of an endpoint that names its session in the body (init, query, each event of a batch),
     * checked by its resource once the body is read.
     *
     * @throws TooManyRequests (429 with {@code Retry-After}) when one of the sessions is over the limit
     */
    public void requireSessionBudget(Endpoint endpoint, Collection<String> sessionIds) {
        Limiter limiter = bySession.get(endpoint);
        if (limiter == null) {
            return;
        }
        for (String session : normalized(sessionIds)) {
            ConsumptionProbe probe = limiter.take(session);
            if (!probe.isConsumed()) {
                long seconds = retryAfter(probe);
                metrics.counter("nexus.rate.limited", "endpoint", endpoint.tag(), "limit", "session").increment();
                throw new TooManyRequests("Too many " + endpoint.tag() + " requests for this session: at most "
                        + limiter.limit.text() + " (requests/period); retry after " + seconds + " s", seconds);
            }
        }
    }

    /** {@link #requireSessionBudget} for an event batch: the sessions its items name (at most 50 are counted). */
    public void requireSessionBudget(Endpoint endpoint, byte[] jsonBody) {
        if (bySession.containsKey(endpoint)) {
            requireSessionBudget(endpoint, sessionIds(jsonBody));
        }
    }

    private static Set<String> normalized(Collection<String> ids) {
        Set<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            if (id != null && !id.isEmpty() && id.length() <= 64 && out.size() < MAX_SESSIONS_PER_BODY) {
                out.add(id.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    private static long retryAfter(ConsumptionProbe probe) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
    }

    private void checkSessions(RoutingContext ctx, Endpoint endpoint, Set<String> sessions) {
        Limiter limiter = bySession.get(endpoint);
        if (limiter != null) {
            for (String session : sessions) {
                ConsumptionProbe probe = limiter.take(session);
                if (!probe.isConsumed()) {
                    refuse(ctx, endpoint, "session", probe, "Too many " + endpoint.tag()
                            + " requests for this session: at most " + limiter.limit.text() + " (requests/period)");
                    return;
                }
            }
        }
        ctx.next();
    }

    /** The session ids a JSON body names: its {@code sessionId}, or that of each item of an array (events). */
    private Set<String> sessionIds(byte[] body) {
        if (body == null || body.length == 0) {
            return Set.of();
        }
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (java.io.IOException | RuntimeException unreadable) {
            return Set.of(); // the resource answers the malformed body
        }
        Set<String> ids = new LinkedHashSet<>();
        if (json != null && json.isArray()) {
            for (JsonNode item : json) {
                addSession(ids, item);
                if (ids.size() >= MAX_SESSIONS_PER_BODY) {
                    break;
                }
            }
        } else {
            addSession(ids, json);
        }
        return ids;
    }

    private static void addSession(Set<String> ids, JsonNode node) {
        JsonNode id = node == null ? null : node.get("sessionId");
        if (id != null && id.isTextual() && !id.asText().isEmpty() && id.asText().length() <= 64) {
            ids.add(id.asText().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private void refuse(RoutingContext ctx, Endpoint endpoint, String kind, ConsumptionProbe probe, String detail) {
        long seconds = retryAfter(probe);
        metrics.counter("nexus.rate.limited", "endpoint", endpoint.tag(), "limit", kind).increment();
        Problem problem = new ProblemException(429, "rate-limited", "Too Many Requests",
                detail + "; retry after " + seconds + " s", null).toProblem(ctx.request().path());
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.response().setStatusCode(429).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader("Retry-After", Long.toString(seconds)).end(body);
    }

    /** The buckets of one limit, by key (client address or session id); idle buckets (full again) are dropped. */
    private static final class Limiter {

        private final Limit limit;
        private final Cache<String, Bucket> buckets;

        Limiter(Limit limit) {
            this.limit = limit;
            // A bucket untouched for one period is full again: forgetting it changes nothing.
            this.buckets = Caffeine.newBuilder().expireAfterAccess(limit.period()).maximumSize(200_000).build();
        }

        ConsumptionProbe take(String key) {
            return buckets.get(key, k -> Bucket.builder()
                    .addLimit(b -> b.capacity(limit.count()).refillGreedy(limit.count(), limit.period())).build())
                    .tryConsumeAndReturnRemaining(1);
        }
    }
}
