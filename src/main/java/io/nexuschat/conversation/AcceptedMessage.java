package io.nexuschat.conversation;

import java.util.List;

import io.nexuschat.session.SessionChange;
import io.nexuschat.session.SessionView;

/**
 * A visitor's message stored for a query: the session it landed in, whether that session is new, the stored message,
 * and the earlier messages of that session (oldest first) that form the answer's context.
 *
 * @param session the session the message was stored in
 * @param change set when the session was created by this query or replaced an ended one; null otherwise
 * @param message the stored user message
 * @param history earlier messages of the session, oldest first, without {@code message}
 * @param answer for a retried query that was already answered: the stored answer, to be sent again instead of asking
 *        the engine; null otherwise
 * @param carried the message is a copy the bot's {@code new} directive carried into this new session (its original
 *        stays in the ended session): it is not carried again
 */
public record AcceptedMessage(SessionView session, SessionChange change, MessageView message,
        List<MessageView> history, MessageView answer, boolean carried) {
}
