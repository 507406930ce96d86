package io.nexuschat.session;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Lifecycle state of a session: {@code active} until it is completed (by someone) or expires (by time). */
@RegisterForReflection
public enum SessionStatus {
    ACTIVE, COMPLETED, EXPIRED;

    /** The API spelling, lower case. */
    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the API spelling; null when unknown. */
    public static SessionStatus fromJson(String value) {
        for (SessionStatus s : values()) {
            if (s.json().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
