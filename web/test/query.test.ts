/// <reference lib="deno.ns" />
import { ApiError } from '../src/api.ts';
import { queryEvent } from '../src/query.ts';
import { assert, assertEquals } from './assert.ts';

const q = 'q-1';

Deno.test('stream events become conversation events', () => {
  assertEquals(queryEvent({ event: 'chunk', data: '{"chunk":"Hel"}' }, q, () => 0), {
    type: 'chunk',
    queryId: q,
    chunk: 'Hel',
  });
  const session = { sessionId: 's-2', previousSessionId: 's-1', reason: 'expired' };
  assertEquals(queryEvent({ event: 'session', data: JSON.stringify(session) }, q, () => 0), {
    type: 'sessionChanged',
    queryId: q,
    data: session,
  });
  const complete = queryEvent(
    { event: 'complete', data: '{"answer":"Hi","answerHtml":"<p>Hi</p>","messageId":"m-1","queryId":"q-1"}' },
    q,
    () => 42,
  );
  assertEquals(complete, {
    type: 'completed',
    queryId: q,
    answer: 'Hi',
    html: '<p>Hi</p>',
    messageId: 'm-1',
    duration: 42,
  });
  // After `complete`: the bot stopped the session (no next session yet).
  const stopped = { previousSessionId: 's-2', sessionId: null, reason: 'resolved' };
  assertEquals(queryEvent({ event: 'session', data: JSON.stringify(stopped) }, q, () => 0), {
    type: 'sessionChanged',
    queryId: q,
    data: stopped,
  });
  assertEquals(queryEvent({ event: 'later', data: '{}' }, q, () => 0), undefined);
});

Deno.test('an error event fails the stream with its kind', () => {
  let caught: unknown;
  try {
    queryEvent({ event: 'error', data: '{"type":"timeout","message":"slow"}' }, q, () => 0);
  } catch (e) {
    caught = e;
  }
  assert(caught instanceof ApiError, 'an ApiError');
  assertEquals([caught.kind, caught.message], ['timeout', 'slow']);
});
