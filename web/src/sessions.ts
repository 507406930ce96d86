/**
 * The widget's calls that change a session on the server, for the conversation model's `create` and `ended` (in the
 * sessions chunk). Failures are read by their status, not tested with `instanceof ApiError`: the chunk has its own copy
 * of that class.
 */
import type { Api, ApiError } from './api';
import type { WidgetContext } from './context';
import type { HandoverPriority } from './types';

/** Creates the session of `startNewSession` on the server; a 409 (id taken) makes the model forget it first. */
export function createSession(w: WidgetContext, id: string): void {
  const { experienceId, userId, userHash } = w.config;
  w.api.post('/sessions', { id, experienceId, userId, userHash }).then(
    () => w.apply({ type: 'sessionCreated', id }),
    (e) => {
      const refused = (e as ApiError)?.status === 409;
      // Any other failure keeps the id: the server creates it on the first message.
      w.apply(refused ? { type: 'newSessionRefused', id } : { type: 'sessionCreated', id });
      w.reportApi(e, { sessionId: id, call: 'createSession' });
    },
  );
}

/** Completes an ended session on the server; a 404 (it never reached the server) is no error. */
export function endSession(w: WidgetContext, id: string): void {
  w.api.post(`/sessions/${id}/clear`, {}).catch((e) => {
    if ((e as ApiError)?.status !== 404) w.reportApi(e, { sessionId: id, call: 'clearSession' });
  });
}

/** A handover request as the server records it; `id` is the idempotency key (a repeat creates nothing). */
export interface HandoverBody {
  id: string;
  experienceId: string;
  reason: string;
  priority: HandoverPriority;
  metadata?: Record<string, unknown>;
  userId?: string;
  userHash?: string;
}

/**
 * Records a handover in one request: the server creates the session when it does not exist yet (the widget may not have
 * sent a message), and answers a repeated `id` with the record it has. Sent with `keepalive`, so leaving the page
 * right after the click does not lose it, and never retried on its own (the visitor may click again). A server without
 * that contract answers 404 for a session only this widget knows: then it is created, and the same request sent again.
 */
export async function recordHandover(api: Api, sessionId: string, body: HandoverBody): Promise<void> {
  const path = `/sessions/${sessionId}/handover`;
  try {
    await api.post(path, body, false, true);
  } catch (e) {
    if ((e as ApiError)?.status !== 404) throw e;
    await api.post('/sessions', {
      id: sessionId,
      experienceId: body.experienceId,
      userId: body.userId,
      userHash: body.userHash,
    });
    await api.post(path, body, false, true);
  }
}
