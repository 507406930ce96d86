/** Recording a visitor's request for a person on the server (`POST /sessions/{id}/handover`). */
import { isObject, priority } from './actions';
import { type Api, ApiError } from './api';
import type { WidgetContext } from './context';
import { str } from './options';
import type { HandoverPriority } from './types';
import { newUuid } from './uuid';

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
    if (!(e instanceof ApiError && e.status === 404)) throw e;
    await api.post('/sessions', {
      id: sessionId,
      experienceId: body.experienceId,
      userId: body.userId,
      userHash: body.userHash,
    });
    await api.post(path, body, false, true);
  }
}

/**
 * A `trigger_handover` button: fires `handover` at once (opening a session first when none is active), shows a note,
 * and records the request; a failure fires `error` type `backend` and the visitor may click again.
 */
export function requestHandover(w: WidgetContext, payload: Record<string, unknown>): void {
  const reason = str(payload.reason, 100) ?? 'user_requested';
  const prio = priority(payload.priority);
  const metadata = isObject(payload.metadata) ? payload.metadata : undefined;
  w.apply({ type: 'sessionNeeded', trigger: 'handover' });
  const sessionId = w.model.sessionId!;
  w.emit('handover', { sessionId, reason, priority: prio, ...(metadata && { metadata }) });
  w.apply({ type: 'noted', id: `n-${newUuid()}`, text: w.labels().controls.handoverRequested });
  const { experienceId, userId, userHash } = w.config;
  const body = { id: newUuid(), experienceId, reason, priority: prio, metadata, userId, userHash };
  recordHandover(w.api, sessionId, body).catch((e) => w.reportApi(e, { sessionId, call: 'handover' }));
}
