package io.nexuschat.conversation;

import java.util.List;

import io.nexuschat.experience.Experience;

/**
 * A message to store: its Markdown, the sanitized HTML the renderer made of it, the query it belongs to, and (for
 * answers) action buttons.
 */
public record NewMessage(String text, String html, String queryId, List<Experience.Action> actions) {

    public NewMessage {
        actions = actions == null ? List.of() : List.copyOf(actions);
    }
}
