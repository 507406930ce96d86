/// <reference lib="deno.ns" />
import { answerId } from '../src/conversation/model.ts';
import { assert, assertEquals } from './assert.ts';
import { conversation, emitted, ofType, payload, pending, uuid } from './fixtures.ts';

const SNAPSHOT = {
  id: uuid(1),
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  messageCount: 2,
  messages: [
    { id: 'u-1', role: 'user' as const, text: 'Hi', queryId: uuid(7) },
    {
      id: 'm-1',
      role: 'assistant' as const,
      text: 'Hello',
      html: '<p>Hello</p>',
      queryId: uuid(7),
      rating: 'up' as const,
    },
  ],
};

Deno.test('resume shows the history with its stored rating and emits no sessionStart and no feedback', () => {
  const { model } = conversation({ sessionId: uuid(1), stored: uuid(1) });
  const effects = model.apply({ type: 'resumed', session: SNAPSHOT });
  assertEquals(emitted(effects), []);
  assertEquals(model.sessionId, uuid(1));
  assertEquals(model.messageCount, 2);
  assertEquals(model.messages.map((m) => m.id), [uuid(7), answerId(uuid(7))]);
  assertEquals(model.message(answerId(uuid(7)))?.rating, 'up');
  assertEquals(model.message(answerId(uuid(7)))?.messageId, 'm-1');
});

Deno.test('resume forgets a stored session the server no longer has active', () => {
  const { model } = conversation({ sessionId: uuid(1), stored: uuid(1) });
  const effects = model.apply({ type: 'resumed', session: { ...SNAPSHOT, status: 'expired' } });
  assertEquals(model.sessionId, null);
  assertEquals(ofType(effects, 'session'), [{ type: 'session', id: null }]);
  assertEquals(ofType(effects, 'forgetUsed').length, 1);
});

Deno.test('resume keeps a stored session a waiting message uses (the server rolls it over)', () => {
  const { model } = conversation({ sessionId: uuid(1), stored: uuid(1), outbox: [pending(8, uuid(1))] });
  model.apply({ type: 'resumed', session: undefined });
  assertEquals(model.sessionId, uuid(1));
});

Deno.test('resume drops a kept message the server already answered', () => {
  const { model } = conversation({ sessionId: uuid(1), stored: uuid(1), outbox: [pending(7, uuid(1))] });
  const effects = model.apply({ type: 'resumed', session: SNAPSHOT });
  assertEquals(model.outbox, []);
  assertEquals(model.next(), undefined);
  assertEquals(ofType(effects, 'outbox').length, 1);
  assertEquals(model.messages.filter((m) => m.id === uuid(7)).length, 1);
});

Deno.test('the first message opens a session and announces it once', () => {
  const { model } = conversation();
  const effects = model.apply({ type: 'sent', text: 'Hi' });
  assertEquals(emitted(effects), ['sessionStart', 'messageStart']);
  const id = model.sessionId!;
  assertEquals(payload(effects, 'sessionStart'), {
    sessionId: id,
    metadata: { trigger: 'message', experienceId: 'demo' },
  });
  assertEquals(payload(effects, 'messageStart').sessionId, id);
  const queryId = model.next()!.queryId;
  // The server's `created` for the id this widget announced already is no news.
  const created = model.apply({
    type: 'sessionChanged',
    queryId,
    data: { sessionId: id, previousSessionId: null, reason: 'created' },
  });
  assertEquals(emitted(created), []);
});

Deno.test('a rollover mid-stream ends the session and starts the new one through the model', () => {
  const { model, clock } = conversation({ sessionId: uuid(1), stored: uuid(1) });
  model.apply({ type: 'resumed', session: SNAPSHOT });
  model.apply({ type: 'sent', text: 'Still there?' });
  const queryId = model.next()!.queryId;
  model.apply({ type: 'sending', queryId });
  clock.now += 5_000;
  const effects = model.apply({
    type: 'sessionChanged',
    queryId,
    data: { sessionId: uuid(2), previousSessionId: uuid(1), reason: 'expired' },
  });
  assertEquals(emitted(effects), ['sessionEnd', 'sessionStart']);
  // The message in flight belongs to the new session: the ended one counts the two resumed messages.
  assertEquals(payload(effects, 'sessionEnd').messageCount, 2);
  assertEquals(payload(effects, 'sessionStart'), {
    sessionId: uuid(2),
    metadata: { trigger: 'rollover', previousSessionId: uuid(1), reason: 'expired', experienceId: 'demo' },
  });
  assertEquals(model.sessionId, uuid(2));
  assertEquals(model.pending(queryId)?.sessionId, uuid(2));
  assertEquals(model.messageCount, 1);
  assertEquals(ofType(effects, 'session'), [{ type: 'session', id: uuid(2) }]);
  assertEquals(ofType(effects, 'ended'), [{ type: 'ended', id: uuid(1) }]);

  const done = model.apply({ type: 'completed', queryId, answer: 'Yes', messageId: 'm-2', duration: 3 });
  assertEquals(payload(done, 'messageComplete').sessionId, uuid(2));
  assertEquals(model.messageCount, 2);
  assertEquals(model.outbox, []);
});

Deno.test('startNewSession refused with a 409 forgets the id, and the next message opens a fresh session', () => {
  const { model } = conversation({ sessionId: uuid(1), stored: uuid(1) });
  model.apply({ type: 'resumed', session: SNAPSHOT });
  const started = model.apply({ type: 'newSession', id: uuid(3) });
  assertEquals(emitted(started), ['sessionEnd', 'sessionStart']);
  assertEquals(model.sessionId, uuid(3));
  assertEquals(model.messages, []);
  assert(model.welcome, 'the welcome shows');
  // Other tabs clear now but hear of the id only once the server created it.
  assertEquals(ofType(started, 'sync').map((s) => s.message), [{ t: 'reset', id: null, at: 1_000, welcome: true }]);
  assertEquals(ofType(started, 'create'), [{ type: 'create', id: uuid(3) }]);

  const refused = model.apply({ type: 'newSessionRefused', id: uuid(3) });
  assertEquals(refused, [{ type: 'session', id: null }]);
  assertEquals(model.sessionId, null);

  const next = model.apply({ type: 'sent', text: 'Hello again' });
  const fresh = model.sessionId!;
  assert(fresh && fresh !== uuid(3), 'a fresh session');
  assertEquals(payload(next, 'sessionStart').sessionId, fresh);
});

Deno.test('startNewSession confirmed by the server is announced to the other tabs', () => {
  const { model } = conversation();
  model.apply({ type: 'newSession', id: uuid(3) });
  const created = model.apply({ type: 'sessionCreated', id: uuid(3) });
  assertEquals(created.map((e) => e.type === 'sync' && e.message), [{ t: 'session', id: uuid(3), at: 1_000 }]);
  // A refusal of an id no longer current changes nothing.
  model.apply({ type: 'newSession', id: uuid(4) });
  assertEquals(model.apply({ type: 'newSessionRefused', id: uuid(3) }), []);
  assertEquals(model.sessionId, uuid(4));
});

Deno.test('clearChat ends the session, clears and leaves the next session to the next message', () => {
  const { model } = conversation({ sessionId: uuid(1), stored: uuid(1) });
  model.apply({ type: 'resumed', session: SNAPSHOT });
  const effects = model.apply({ type: 'cleared' });
  assertEquals(emitted(effects), ['sessionClear', 'sessionEnd']);
  assertEquals(payload(effects, 'sessionClear'), { messageCount: 2, sessionId: uuid(1) });
  assertEquals(model.sessionId, null);
  assertEquals(model.welcome, false);
  assertEquals(model.messages, []);
});

Deno.test("another tab starting a session makes it this tab's without events", () => {
  const { model } = conversation();
  const effects = model.apply({ type: 'tabSync', message: { t: 'session', id: uuid(5), at: 10 } });
  assertEquals(effects, []);
  assertEquals(model.sessionId, uuid(5));
  // This tab's message now goes to that session and announces nothing.
  assertEquals(emitted(model.apply({ type: 'sent', text: 'Hi' })), ['messageStart']);
});
