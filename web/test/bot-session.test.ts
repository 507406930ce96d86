/// <reference lib="deno.ns" />
// Session lifetime decided by the integrator's bot (seed 003): the stream's `session` event before the answer (the
// message carried into a new session) and after it (the session stopped, or a new one started).
import { answerId } from '../src/conversation/model.ts';
import { assert, assertEquals } from './assert.ts';
import { conversation, emitted, ofType, payload, uuid } from './fixtures.ts';

/** A conversation with one answered message in session `uuid(1)`; returns it and that message's query id. */
function answered() {
  const c = conversation({ sessionId: uuid(1), stored: uuid(1) });
  c.model.apply({ type: 'sent', text: 'My order arrived, thanks' });
  const queryId = c.model.next()!.queryId;
  c.model.apply({ type: 'sending', queryId });
  c.model.apply({ type: 'chunk', queryId, chunk: 'Glad to hear it!' });
  c.model.apply({ type: 'completed', queryId, answer: 'Glad to hear it!', messageId: 'm-1', duration: 5 });
  return { ...c, queryId };
}

Deno.test('the bot stopping the session after its answer ends it and leaves the next session to the next message', () => {
  const { model, queryId, clock } = answered();
  clock.now += 2_000;
  const effects = model.apply({
    type: 'sessionChanged',
    queryId,
    data: { previousSessionId: uuid(1), sessionId: null, reason: 'resolved' },
  });
  assertEquals(emitted(effects), ['sessionEnd']);
  assertEquals(payload(effects, 'sessionEnd'), { sessionId: uuid(1), duration: 2_000, messageCount: 2 });
  assertEquals(model.sessionId, null);
  // The divider follows the answer; the conversation stays on screen.
  assertEquals(model.messages.map((m) => m.id), [queryId, answerId(queryId), `d-${queryId}`]);
  assertEquals(model.message(`d-${queryId}`)?.divider, 'conversationEnded');
  assertEquals(ofType(effects, 'sync').map((s) => s.message), [{ t: 'session', id: null, at: 3_000 }]);

  const next = model.apply({ type: 'sent', text: 'One more thing' });
  const fresh = model.sessionId!;
  assert(fresh && fresh !== uuid(1), 'a new session');
  assertEquals(emitted(next), ['sessionStart', 'messageStart']);
  assertEquals(payload(next, 'sessionStart').metadata, { trigger: 'message', experienceId: 'demo' });
});

Deno.test('the bot starting a new session after its answer ends this one and starts the new one at once', () => {
  const { model, queryId } = answered();
  const effects = model.apply({
    type: 'sessionChanged',
    queryId,
    data: { previousSessionId: uuid(1), sessionId: uuid(2), reason: 'bot' },
  });
  assertEquals(emitted(effects), ['sessionEnd', 'sessionStart']);
  assertEquals(payload(effects, 'sessionEnd').messageCount, 2);
  assertEquals(payload(effects, 'sessionStart'), {
    sessionId: uuid(2),
    metadata: { trigger: 'rollover', previousSessionId: uuid(1), reason: 'bot', experienceId: 'demo' },
  });
  assertEquals(model.sessionId, uuid(2));
  assertEquals(model.messageCount, 0);
  assertEquals(model.message(`d-${queryId}`)?.divider, 'newConversation');
  // The next message goes to the session the bot started, without another sessionStart.
  assertEquals(emitted(model.apply({ type: 'sent', text: 'Hello again' })), ['messageStart']);
  assertEquals(model.next()!.sessionId, uuid(2));
});

Deno.test('the bot carrying the message into a new session drops what streamed and answers after the divider', () => {
  const { model } = conversation({ sessionId: uuid(1), stored: uuid(1) });
  model.apply({ type: 'sent', text: 'Start over: I have a new question' });
  const queryId = model.next()!.queryId;
  model.apply({ type: 'sending', queryId });
  model.apply({ type: 'chunk', queryId, chunk: 'Let me' });
  const effects = model.apply({
    type: 'sessionChanged',
    queryId,
    data: { previousSessionId: uuid(1), sessionId: uuid(2), reason: 'bot' },
  });
  assertEquals(emitted(effects), ['sessionEnd', 'sessionStart']);
  // The message was asked in the ended session too: it counts there.
  assertEquals(payload(effects, 'sessionEnd'), { sessionId: uuid(1), duration: 0, messageCount: 1 });
  assertEquals(payload(effects, 'sessionStart').sessionId, uuid(2));
  assertEquals(ofType(effects, 'remove'), [{ type: 'remove', id: answerId(queryId) }]);
  assertEquals(model.sessionId, uuid(2));
  assertEquals(model.pending(queryId)?.sessionId, uuid(2));

  model.apply({ type: 'chunk', queryId, chunk: 'Sure, ' });
  const done = model.apply({ type: 'completed', queryId, answer: 'Sure, ask away.', messageId: 'm-2', duration: 9 });
  assertEquals(model.messages.map((m) => m.id), [queryId, `d-${queryId}`, answerId(queryId)]);
  assertEquals(model.message(answerId(queryId))?.sessionId, uuid(2));
  assertEquals(payload(done, 'messageComplete').sessionId, uuid(2));
  assertEquals(model.messageCount, 2);
});

Deno.test('a session event after the answer for a session this widget has left changes nothing', () => {
  const { model, queryId } = answered();
  model.apply({ type: 'newSession', id: uuid(3) });
  const effects = model.apply({
    type: 'sessionChanged',
    queryId,
    data: { previousSessionId: uuid(1), sessionId: null, reason: 'ended' },
  });
  assertEquals(effects, []);
  assertEquals(model.sessionId, uuid(3));
});

Deno.test('after a newSessionOnEvent button the next message ends the session and starts a new one', () => {
  const { model } = answered();
  assertEquals(model.apply({ type: 'renewNext' }), []);
  const effects = model.apply({ type: 'sent', text: 'Talk about something else' });
  assertEquals(emitted(effects), ['sessionEnd', 'sessionStart', 'messageStart']);
  assertEquals(payload(effects, 'sessionEnd'), { sessionId: uuid(1), duration: 0, messageCount: 2 });
  assertEquals(ofType(effects, 'ended'), [{ type: 'ended', id: uuid(1) }]);
  const fresh = model.sessionId!;
  assert(fresh !== uuid(1), 'a new session');
  assertEquals(payload(effects, 'messageStart').sessionId, fresh);
  const divider = model.messages.find((m) => m.divider);
  assertEquals(divider?.divider, 'newConversation');
  // The rule applies once.
  assertEquals(emitted(model.apply({ type: 'sent', text: 'And this?' })), ['messageStart']);
});

Deno.test('a newSessionOnEvent button before any session changes nothing', () => {
  const { model } = conversation();
  model.apply({ type: 'renewNext' });
  assertEquals(emitted(model.apply({ type: 'sent', text: 'Hi' })), ['sessionStart', 'messageStart']);
  assertEquals(model.messages.filter((m) => m.divider), []);
});

Deno.test('another tab hears that the bot stopped the session, without events', () => {
  const { model } = conversation({ sessionId: uuid(1), stored: uuid(1) });
  const effects = model.apply({ type: 'tabSync', message: { t: 'session', id: null, at: 10 } });
  assertEquals(effects, []);
  assertEquals(model.sessionId, null);
  assertEquals(emitted(model.apply({ type: 'sent', text: 'Hi' })), ['sessionStart', 'messageStart']);
});
