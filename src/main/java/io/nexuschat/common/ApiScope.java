package io.nexuschat.common;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an API key may do. A key configured as {@code key:scope,scope} (in {@code NEXUS_SECURITY_API_KEYS}) holds only
 * the scopes listed; a key listed without scopes holds all of them. {@link ApiScopes} says which scope each endpoint
 * needs.
 */
public enum ApiScope {
    /** Read sessions, their messages, handover requests and ratings. */
    SESSIONS_READ("sessions:read"),
    /** Create, change, clear and delete sessions; ask queries, request handovers and rate answers for any session. */
    SESSIONS_WRITE("sessions:write"),
    /** Manage webhook endpoints: create, change, rotate secrets, read deliveries, replay. */
    WEBHOOKS_MANAGE("webhooks:manage"),
    /** Read the live event streams (per experience and per session). */
    EVENTS_READ("events:read"),
    /** The operator console; no endpoint of this version needs it. */
    CONSOLE("console");

    private final String value;

    ApiScope(String value) {
        this.value = value;
    }

    /** The scope as it is written in the configuration and in problem details, e.g. {@code sessions:read}. */
    public String value() {
        return value;
    }

    /** The scope written as {@code value}, if it is one. */
    public static Optional<ApiScope> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }

    @Override
    public String toString() {
        return value;
    }
}
