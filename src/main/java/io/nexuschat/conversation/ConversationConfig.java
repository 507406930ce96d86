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

    /**
     * While an answer is produced, a server-sent-events comment ({@code : ping}) is written when nothing else was sent
     * for this long, so clients and proxies that give up on quiet streams (the widget after 30 s) keep waiting for a
     * slow engine. Comments are not events: every SSE parser ignores them. {@code 0} disables it.
     */
    @WithDefault("15s")
    Duration heartbeat();

    /** How many earlier messages of the session (the latest ones) the engine receives as context. */
    @WithDefault("50")
    int historyMessages();
}
