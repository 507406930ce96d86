package io.nexuschat.conversation;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Who wrote a message. */
@RegisterForReflection
public enum MessageRole {
    USER, ASSISTANT;

    /** The API spelling, lower case (also the {@code role} of an answer engine's history turn). */
    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
