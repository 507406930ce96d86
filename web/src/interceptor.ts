import { isObject, validActions } from './actions';
import type { WidgetContext } from './context';
import type { InterceptorContext, MessageInterceptor, OutgoingMessage, WidgetAction } from './types';

/** What to do with a message after the interceptor saw it: send it (maybe enriched), or show a local answer. */
export type Interception = { send: OutgoingMessage } | { answer: string; actions: WidgetAction[] };

/**
 * Runs the integrator's interceptor and reads its result. Throws (the widget reports an `interceptor` error and sends
 * the message unchanged) when the interceptor throws, rejects, does not settle within `timeoutMs` or returns something
 * else than its documented results.
 */
export async function intercept(
  fn: MessageInterceptor,
  message: OutgoingMessage,
  context: InterceptorContext,
  timeoutMs: number,
): Promise<Interception> {
  // Messages go out one at a time: an interceptor that never settles would hold this one and every later one forever.
  let timer = 0;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`messageInterceptor did not settle within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const r =
    (await Promise.race([new Promise((ok) => ok(fn({ ...message }, context))), late]).finally(() =>
      clearTimeout(timer)
    )) as unknown;
  if (r == null) return { send: message };
  if (isObject(r) && r.handled === true && typeof r.answer === 'string' && r.answer.trim()) {
    return { answer: r.answer, actions: validActions(r.actions, 'the interceptor answer') };
  }
  if (isObject(r) && r.handled === false) {
    const m = r.message;
    if (m == null) return { send: message };
    if (isObject(m) && typeof m.text === 'string' && m.text.trim()) {
      return {
        send: { text: m.text.trim().slice(0, 4000), metadata: isObject(m.metadata) ? m.metadata : message.metadata },
      };
    }
  }
  throw new TypeError(
    'messageInterceptor must return null, {handled: false, message: {text}} or {handled: true, answer}',
  );
}

/**
 * Lets interceptor `fn` see waiting message `queryId` and applies what it decided: a local answer (shown, `true`), or
 * the message to send, maybe enriched (`false`); undefined when the widget dropped the message meanwhile (`signal`).
 * Throws when the interceptor failed: the widget reports it and sends the message unchanged.
 */
export async function intercepted(
  w: WidgetContext,
  fn: MessageInterceptor,
  queryId: string,
  signal: AbortSignal,
  duration: () => number,
): Promise<boolean | undefined> {
  const item = w.model.pending(queryId)!;
  const context = { sessionId: item.sessionId, experienceId: w.config.experienceId, queryId };
  const outcome = await intercept(fn, { text: item.text }, context, w.config.advanced?.requestTimeoutMs ?? 30000);
  if (signal.aborted) return undefined;
  if ('answer' in outcome) {
    w.view()?.typing(false);
    const { answer, actions } = outcome;
    w.apply({ type: 'completed', queryId, answer, actions, local: true, duration: duration() });
    return true;
  }
  const { text, metadata } = outcome.send;
  w.apply({ type: 'intercepted', queryId, send: text !== item.text ? text : undefined, meta: metadata });
  return false;
}
