package io.nexuschat.conversation;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * CDI event fired inside the transaction that stored a rating; observe it with
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to relay only committed ratings (the widget's
 * {@code feedback} event).
 *
 * @param experienceId the experience of the session, whose relay sinks receive it
 * @param feedback the rating as stored
 * @param replaced true when it replaced an earlier rating of the same message
 */
@RegisterForReflection
public record FeedbackEvent(String experienceId, FeedbackView feedback, boolean replaced) {
}
