package io.nexuschat.answer;

import java.util.List;

import io.nexuschat.experience.Experience;

/**
 * A complete answer: Markdown (the concatenation of the streamed chunks), optional action buttons, such as the
 * handover offered by the knowledge-base fallback, and an optional session directive (only the {@code http} engine's
 * bot gives one).
 */
public record Answer(String markdown, List<Experience.Action> actions, SessionDirective session) {

    public Answer {
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    /** An answer without a session directive. */
    public Answer(String markdown, List<Experience.Action> actions) {
        this(markdown, actions, null);
    }
}
