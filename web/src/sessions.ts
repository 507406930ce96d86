/** The widget's calls that change a session on the server, for the conversation model's `create` and `ended`. */
import { ApiError } from './api';
import type { WidgetContext } from './context';

/** Creates the session of `startNewSession` on the server; a 409 (id taken) makes the model forget it first. */
export function createSession(w: WidgetContext, id: string): void {
  const { experienceId, userId, userHash } = w.config;
  w.api.post('/sessions', { id, experienceId, userId, userHash }).then(
    () => w.apply({ type: 'sessionCreated', id }),
    (e) => {
      const refused = e instanceof ApiError && e.status === 409;
      // Any other failure keeps the id: the server creates it on the first message.
      w.apply(refused ? { type: 'newSessionRefused', id } : { type: 'sessionCreated', id });
      w.reportApi(e, { sessionId: id, call: 'createSession' });
    },
  );
}

/** Completes an ended session on the server; a 404 (it never reached the server) is no error. */
export function endSession(w: WidgetContext, id: string): void {
  w.api.post(`/sessions/${id}/clear`, {}).catch((e) => {
    if (!(e instanceof ApiError && e.status === 404)) w.reportApi(e, { sessionId: id, call: 'clearSession' });
  });
}
