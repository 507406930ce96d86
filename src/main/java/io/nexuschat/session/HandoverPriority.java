package io.nexuschat.session;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How urgently a visitor wants a person: {@code low}, {@code normal} (the default) or {@code high}. */
@RegisterForReflection
public enum HandoverPriority {
    LOW, NORMAL, HIGH;

    /** The API spelling, lower case. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the API spelling; null when unknown. */
    public static HandoverPriority fromJson(String value) {
        for (HandoverPriority p : values()) {
            if (p.json().equals(value)) {
                return p;
            }
        }
        return null;
    }
}
