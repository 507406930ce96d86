package io.nexuschat.session;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Why a session is no longer active. */
@RegisterForReflection
public enum EndReason {
    /** The visitor cleared the chat ({@code POST /sessions/{id}/clear}). */
    CLEARED,
    /** Ended through {@code PATCH {status: "completed"}}. */
    ENDED,
    /** Ended because the visitor's issue was resolved ({@code PATCH {status: "completed", endReason: "resolved"}}). */
    RESOLVED,
    /** Its absolute lifetime ({@code expirationSeconds}) ran out. */
    EXPIRED,
    /** Nothing happened for longer than the experience's inactivity timeout. */
    INACTIVITY,
    /**
     * The experience's bot ({@code http} answer engine) started a new session with the directive
     * {@code {"action": "new"}}: this one ended and its successor continues the conversation.
     */
    BOT;

    /** The API spelling, lower case. */
    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
