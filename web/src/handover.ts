/** A visitor's request for a person (in the sessions chunk): the `handover` event, the note, its record on the server. */
import { isObject, priority } from './actions';
import { recordHandover } from './sessions';
import type { WidgetContext } from './context';
import { str } from './options';
import { newUuid } from './uuid';

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
