/** Turns the session snapshot of `POST /widget/init` into the conversation's messages. */
import { validActions } from '../actions';
import type { Msg, Snapshot } from './types';

/**
 * The resumed messages, with ids as the live conversation uses them (`queryId`, `a-<queryId>`) so other tabs' updates
 * find them, and the visitor's stored ratings (restored without firing `feedback`).
 */
export function history(s: Snapshot): Msg[] {
  return s.messages.map((m): Msg =>
    m.role === 'user' ? { id: m.queryId ?? m.id, role: 'user', text: m.text } : {
      id: m.queryId ? `a-${m.queryId}` : m.id,
      role: 'bot',
      text: m.text,
      html: m.html ?? undefined,
      messageId: m.id,
      sessionId: s.id,
      actions: validActions(m.actions),
      ...((m.rating === 'up' || m.rating === 'down') && { rating: m.rating }),
    }
  );
}
