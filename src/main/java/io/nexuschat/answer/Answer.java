package io.nexuschat.answer;

import java.util.List;

import io.nexuschat.experience.Experience;

/**
 * A complete answer: Markdown (the concatenation of the streamed chunks) and optional action buttons, such as the
 * handover offered by the knowledge-base fallback.
 */
public record Answer(String markdown, List<Experience.Action> actions) {

    public Answer {
        actions = actions == null ? List.of() : List.copyOf(actions);
    }
}
