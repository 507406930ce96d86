package io.nexuschat.handover;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * CDI event fired inside the transaction that recorded a handover request; observe it with
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to relay only committed requests (the widget's
 * {@code handover} event, forwarded to the integrator's live-chat or ticket system).
 *
 * @param experienceId the experience of the session, whose relay sinks receive it
 * @param handover the recorded request
 */
@RegisterForReflection
public record HandoverEvent(String experienceId, HandoverView handover) {
}
