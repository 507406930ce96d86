package io.nexuschat.conversation;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A visitor's verdict on an answer: thumbs {@code up} or {@code down}. */
@RegisterForReflection
public enum FeedbackRating {
    UP, DOWN;

    /** The API spelling, lower case. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the API spelling; null when unknown. */
    public static FeedbackRating fromJson(String value) {
        for (FeedbackRating r : values()) {
            if (r.json().equals(value)) {
                return r;
            }
        }
        return null;
    }
}
