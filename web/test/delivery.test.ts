/// <reference lib="deno.ns" />
/**
 * The order messages go out in (delivery.ts with interceptor.ts): one at a time, in the order sent, the next only once
 * the one before is answered; an interceptor that never settles holds its message only until the timeout.
 */
import type { Api } from '../src/api.ts';
import type { WidgetContext } from '../src/context.ts';
import { loading } from '../src/chunks.ts';
import * as interceptorChunk from '../src/chunks/interceptor.ts';
import { answerId } from '../src/conversation/model.ts';
import { Delivery } from '../src/delivery.ts';
import { intercept } from '../src/interceptor.ts';
import type { SseEvent } from '../src/sse.ts';
import type { MessageInterceptor, WidgetConfig } from '../src/types.ts';
import { assert, assertEquals } from './assert.ts';
import { conversation, uuid } from './fixtures.ts';

/** One query the fake server holds open until the test answers it. */
interface OpenQuery {
  text: string;
  queryId: string;
  answer(): void;
}

const TIMEOUT_MS = 30;

// The interceptor chunk as the bundle would load it, without a server to serve it.
loading.interceptor = Promise.resolve(interceptorChunk);

/** A widget context around a real conversation model, with a fake query stream and the given interceptor. */
function widget(interceptor: MessageInterceptor) {
  const { model } = conversation({ sessionId: uuid(1), stored: uuid(1) });
  const queries: OpenQuery[] = [];
  const log: string[] = [];
  let waiting: (() => void) | undefined;
  const api = {
    query(body: { text: string; queryId: string }, onEvent: (e: SseEvent) => void): Promise<void> {
      log.push(`query ${body.text}`);
      return new Promise<void>((resolve) => {
        queries.push({
          ...body,
          answer: () => {
            onEvent({ event: 'chunk', data: JSON.stringify({ chunk: `You said ${body.text}` }) });
            onEvent({ event: 'complete', data: JSON.stringify({ answer: `You said ${body.text}`, answerHtml: '' }) });
            resolve();
          },
        });
        waiting?.();
      });
    },
  } as unknown as Api;
  const config = { experienceId: 'demo', advanced: { messageInterceptor: interceptor, requestTimeoutMs: TIMEOUT_MS } };
  const context: WidgetContext = {
    config: config as WidgetConfig,
    api,
    model,
    view: () => undefined,
    labels: () => ({}) as ReturnType<WidgetContext['labels']>,
    apply: (e) => {
      const effects = model.apply(e);
      for (const fx of effects) {
        if (fx.type === 'emit' && fx.name === 'messageComplete') log.push(`complete ${fx.payload.queryId}`);
      }
      return effects.length;
    },
    emit: (name, payload) => log.push(`${name} ${(payload as { type?: string }).type ?? ''}`.trim()),
    send: () => {},
    fail: () => {},
    reportApi: (e) => log.push(`failed ${String(e)}`),
    destroyed: () => false,
  };
  const delivery = new Delivery(context, new AbortController().signal);
  /** Resolves once the fake server holds `n` queries. */
  const queried = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (queries.length >= n ? resolve() : (waiting = check));
      check();
    });
  const send = (text: string) => {
    model.apply({ type: 'sent', text });
    delivery.pump();
    return model.outbox[model.outbox.length - 1].queryId;
  };
  return { model, queries, log, queried, send };
}

function online(): void {
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
}

Deno.test('after an interceptor that never settles, the messages still go out one at a time and in order', async () => {
  online();
  const seen: string[] = [];
  const w = widget((m) => {
    seen.push(m.text);
    return m.text.startsWith('hang') ? new Promise(() => {}) : null;
  });
  const first = w.send('hang forever');
  const second = w.send('then this');
  // The second message waits behind the first, whose interceptor holds it until the timeout.
  await w.queried(1);
  assertEquals(seen, ['hang forever']);
  assertEquals(w.log, ['error interceptor', 'query hang forever']);
  assertEquals(w.queries.map((q) => q.queryId), [first]);

  w.queries[0].answer();
  await w.queried(2);
  assertEquals(seen, ['hang forever', 'then this']);
  assertEquals(w.queries.map((q) => q.queryId), [first, second]);
  w.queries[1].answer();
  assertEquals(w.log, [
    'error interceptor',
    'query hang forever',
    `complete ${first}`,
    'query then this',
    `complete ${second}`,
  ]);
  assert(w.model.message(answerId(first)) && w.model.message(answerId(second)), 'both answers are shown');
  assertEquals(w.model.messages.filter((m) => m.role !== 'note').map((m) => m.id), [
    first,
    answerId(first),
    second,
    answerId(second),
  ]);
});

Deno.test('an interceptor that never settles is an error after the timeout; a late one after it is ignored', async () => {
  let late: (v: unknown) => void = () => {};
  const started = performance.now();
  const hanging = intercept(() => new Promise((resolve) => (late = resolve as (v: unknown) => void)), { text: 'hi' }, {
    sessionId: null,
    experienceId: 'demo',
    queryId: uuid(2),
  }, TIMEOUT_MS);
  const error = await hanging.then(() => undefined, (e: Error) => e);
  assert(error instanceof Error && error.message.includes(`within ${TIMEOUT_MS} ms`), String(error));
  assert(performance.now() - started >= TIMEOUT_MS - 1, 'not before the timeout');
  late({ handled: true, answer: 'too late' });
  // One that settles in time is read as usual.
  const quick = await intercept(() => ({ handled: false, message: { text: ' enriched ' } }), { text: 'hi' }, {
    sessionId: null,
    experienceId: 'demo',
    queryId: uuid(3),
  }, TIMEOUT_MS);
  assertEquals(quick, { send: { text: 'enriched', metadata: undefined } });
});
