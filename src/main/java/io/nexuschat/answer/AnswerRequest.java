package io.nexuschat.answer;

import java.util.List;

import io.nexuschat.experience.Experience;

/**
 * Everything an engine may use: the experience, the session's earlier turns (oldest first, not including this query),
 * and the query text.
 */
public record AnswerRequest(Experience experience, String sessionId, List<Turn> history, String query) {

    /** One earlier message of the conversation. {@code role} is {@code user} or {@code assistant}. */
    public record Turn(String role, String text) {
    }
}
