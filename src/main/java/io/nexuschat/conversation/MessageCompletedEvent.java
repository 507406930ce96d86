package io.nexuschat.conversation;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * CDI event fired inside the transaction that stored an assistant's answer (once per query: a retry that finds the
 * answer already stored fires nothing); the relay turns it into {@code message.completed}.
 *
 * @param experienceId the experience of the session, whose relay sinks receive it
 * @param answer the answer as stored
 */
@RegisterForReflection
public record MessageCompletedEvent(String experienceId, MessageView answer) {
}
