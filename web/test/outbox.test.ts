/// <reference lib="deno.ns" />
import { answerId } from '../src/conversation/model.ts';
import { type Locks, mergeOutbox, type OutboxStorage, OutboxStore } from '../src/conversation/outbox.ts';
import type { Pending } from '../src/conversation/types.ts';
import { assertEquals } from './assert.ts';
import { conversation, emitted, pending, uuid } from './fixtures.ts';

/** One storage shared by tabs, as localStorage is. */
function sharedStorage(): OutboxStorage & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return {
    raw,
    get: <T>(k: string) => (raw.has(k) ? JSON.parse(raw.get(k)!) as T : undefined),
    set: (k: string, v: unknown) => (v == null ? raw.delete(k) : raw.set(k, JSON.stringify(v))),
  };
}

const texts = (s: OutboxStorage) => (s.get<Pending[]>('outbox') ?? []).map((p) => p.text);

Deno.test("merging keeps the other tabs' messages and replaces this tab's own", () => {
  const a = pending(1, uuid(9));
  const b = pending(2, uuid(9));
  const sent = pending(3, uuid(9));
  const merged = mergeOutbox([a, sent, b], [b], new Set([b.queryId, sent.queryId]));
  assertEquals(merged.map((p) => p.queryId), [a.queryId, b.queryId]);
});

Deno.test('a tab sending its message keeps the message waiting in another tab', () => {
  const storage = sharedStorage();
  let mineA: Pending[] = [];
  let mineB: Pending[] = [];
  const tabA = new OutboxStore(storage, 'demo', () => mineA);
  const tabB = new OutboxStore(storage, 'demo', () => mineB);
  tabA.load();
  tabB.load();
  mineA = [pending(1, uuid(9), { text: 'Waiting in the first tab' })];
  tabA.save();
  mineB = [pending(2, uuid(9), { text: 'Sent from the second' })];
  tabB.save();
  assertEquals(texts(storage), ['Waiting in the first tab', 'Sent from the second']);
  mineB = [];
  tabB.save();
  assertEquals(texts(storage), ['Waiting in the first tab']);
});

Deno.test("a tab whose message another tab's late write dropped stores it again", () => {
  const storage = sharedStorage();
  const mineA = [pending(1, uuid(9), { text: 'Waiting in the first tab' })];
  const tabA = new OutboxStore(storage, 'demo', () => mineA);
  tabA.save();
  // Another tab wrote from a stale copy of storage (no Web Locks, or storage reaching it late).
  storage.set('outbox', [pending(2, uuid(9), { text: 'Other' })]);
  tabA.changed();
  assertEquals(texts(storage), ['Other', 'Waiting in the first tab']);
});

Deno.test('a write happens at once and again under the lock shared by the tabs, with the latest messages', async () => {
  const storage = sharedStorage();
  let chain = Promise.resolve();
  const granted: string[] = [];
  const locks: Locks = {
    request: (name, callback) => (chain = chain.then(() => {
      granted.push(name);
      callback();
    })),
  };
  let mine: Pending[] = [pending(1, uuid(9))];
  const tab = new OutboxStore(storage, 'demo', () => mine, locks);
  tab.save();
  assertEquals(texts(storage), ['message 1']);
  mine = [...mine, pending(2, uuid(9))];
  // Another tab's unlocked write drops this tab's messages; the locked write puts them back.
  storage.set('outbox', [pending(3, uuid(9), { text: 'other' })]);
  await chain;
  assertEquals(granted, ['nexus-chat:demo:outbox']);
  assertEquals(texts(storage), ['other', 'message 1', 'message 2']);
});

Deno.test('a failed message is kept, marked, and sent again after the waiting ones when retried', () => {
  const { model } = conversation({ sessionId: uuid(1), stored: uuid(1) });
  model.apply({ type: 'sent', text: 'first' });
  model.apply({ type: 'sent', text: 'second' });
  const [first, second] = model.outbox.map((p) => p.queryId);
  model.apply({ type: 'sending', queryId: first });
  model.apply({ type: 'chunk', queryId: first, chunk: 'Partial' });
  const failed = model.apply({ type: 'failed', queryId: first, offline: false });
  // The partial answer goes; the question stays, "Not sent".
  assertEquals(model.message(answerId(first)), undefined);
  assertEquals(model.message(first)?.state, 'failed');
  assertEquals(failed.filter((e) => e.type === 'outbox').length, 1);
  assertEquals(model.next()?.queryId, second);

  const retried = model.apply({ type: 'retried', queryId: first });
  assertEquals(emitted(retried), []);
  assertEquals(model.message(first)?.state, undefined);
  assertEquals(model.outbox.map((p) => [p.queryId, !!p.failed]), [[second, false], [first, false]]);
});

Deno.test('a message failing while offline waits instead of failing', () => {
  const { model } = conversation();
  model.apply({ type: 'sent', text: 'later' });
  const queryId = model.next()!.queryId;
  model.apply({ type: 'failed', queryId, offline: true });
  assertEquals(model.message(queryId)?.state, 'queued');
  assertEquals(model.next()?.queryId, queryId);
});

Deno.test('messages kept in storage come back waiting or failed', () => {
  const { model } = conversation({
    outbox: [pending(1, uuid(9)), pending(2, uuid(9), { failed: true })],
  });
  assertEquals(model.messages.map((m) => m.state), ['queued', 'failed']);
  assertEquals(model.next()?.queryId, uuid(1));
});
