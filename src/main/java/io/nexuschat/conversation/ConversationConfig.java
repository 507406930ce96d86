package io.nexuschat.conversation;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How queries are answered ({@code nexus.conversation.*}). */
@ConfigMapping(prefix = "nexus.conversation")
public interface ConversationConfig {

    /** Longest time an answer engine may take for one answer; then the stream ends with an error of type timeout. */
    @WithDefault("120s")
    Duration answerTimeout();

    /** How many earlier messages of the session (the latest ones) the engine receives as context. */
    @WithDefault("50")
    int historyMessages();
}
