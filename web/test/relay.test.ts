/// <reference lib="deno.ns" />
import { Emitter } from '../src/events.ts';
import { DELAY_MS, MAX_BYTES, MAX_EVENTS, Relay, type RelayEnv, relayEvents, RETRIES } from '../src/relay.ts';
import { assert, assertEquals } from './assert.ts';
import { uuid } from './fixtures.ts';

const URL = 'https://chat.example/api/v2/events';
const T = '2026-01-01T00:00:00.000Z';

/** A relay over a fake clock and transport: `tick(ms)` runs due timers; `answer(status)` settles the oldest post. */
function relay() {
  let now = 0;
  let nextTimer = 1;
  let nextId = 1;
  const timers = new Map<number, [number, () => void]>();
  const posts: { body: string; settle: (status: number) => void; fail: () => void }[] = [];
  const beacons: string[] = [];
  let beaconAccepts = true;
  const r = new Relay(URL, 'demo', {
    post: (url, body) => {
      assertEquals(url, URL);
      return new Promise((resolve, reject) =>
        posts.push({ body, settle: resolve, fail: () => reject(new TypeError()) })
      );
    },
    beacon: (url, body) => {
      assertEquals(url, URL);
      if (beaconAccepts) beacons.push(body);
      return beaconAccepts;
    },
    set: (fn, ms) => {
      timers.set(nextTimer, [now + ms, fn]);
      return nextTimer++;
    },
    clear: (t) => timers.delete(t),
    newId: () => uuid(nextId++),
  });
  const tick = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers].filter(([, [at]]) => at <= until).sort((a, b) => a[1][0] - b[1][0])[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1][0];
      due[1][1]();
      await settled();
    }
    now = until;
  };
  /** Settles the oldest open post with `status` (0: a network failure). */
  const answer = async (status: number) => {
    const p = posts.shift()!;
    if (status) p.settle(status);
    else p.fail();
    await settled();
  };
  return {
    r,
    posts,
    beacons,
    tick,
    answer,
    refuseBeacons: () => (beaconAccepts = false),
    body: (i = 0) => JSON.parse(posts[i].body) as Record<string, any>[],
    timers: () => timers.size,
  };
}

/** Lets promise callbacks run. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

const add = (
  r: Relay,
  n: number,
  type = 'open',
  data: Record<string, unknown> = {},
  sessionId: string | null = null,
) => {
  for (let i = 0; i < n; i++) r.add(type, { ...data, timestamp: T }, sessionId);
};

Deno.test('nothing is sent before the widget is usable; then one batch a second after the first event', async () => {
  const t = relay();
  add(t.r, 3);
  await t.tick(5_000);
  assertEquals(t.posts.length, 0);
  t.r.start();
  await t.tick(DELAY_MS - 1);
  assertEquals(t.posts.length, 0);
  await t.tick(1);
  assertEquals(t.posts.length, 1);
  assertEquals(t.body().length, 3);
});

Deno.test('each event carries its own id, the experience, the session, its type, timestamp and payload', async () => {
  const t = relay();
  t.r.start();
  t.r.add('linkClick', { href: 'tour:id=1', sessionId: uuid(50), timestamp: T } as never, uuid(60));
  t.r.add('open', { sessionId: null, timestamp: T }, uuid(60));
  t.r.add('close', { sessionId: null, timestamp: T }, null);
  await t.tick(DELAY_MS);
  const [link, open, close] = t.body();
  assertEquals(link, {
    id: uuid(1),
    experienceId: 'demo',
    sessionId: uuid(50),
    type: 'linkClick',
    timestamp: T,
    data: { href: 'tour:id=1', sessionId: uuid(50), timestamp: T },
  });
  assertEquals([open.id, open.sessionId, open.type], [uuid(2), uuid(60), 'open'], 'the session when emitted');
  assert(!('sessionId' in close), 'no sessionId without a session');
  assertEquals(close.id, uuid(3));
});

Deno.test('fifty waiting events go out at once, not after the delay', async () => {
  const t = relay();
  t.r.start();
  add(t.r, MAX_EVENTS - 1);
  await t.tick(0);
  assertEquals(t.posts.length, 0);
  add(t.r, 1);
  await t.tick(0);
  assertEquals(t.posts.length, 1);
  assertEquals(t.body().length, MAX_EVENTS);
});

Deno.test('one request at a time: events added meanwhile go in the next batch, at most fifty each', async () => {
  const t = relay();
  t.r.start();
  add(t.r, 120);
  await t.tick(0);
  assertEquals(t.posts.length, 1);
  add(t.r, 5);
  await t.tick(10_000);
  assertEquals(t.posts.length, 1, 'no second request while one is in flight');
  await t.answer(202);
  await t.tick(0);
  assertEquals(t.body().length, MAX_EVENTS);
  await t.answer(202);
  await t.tick(0);
  await t.tick(DELAY_MS);
  assertEquals(t.body().length, 25);
});

Deno.test('batches are split so that no body exceeds 64 KB, and a single oversized event is dropped', async () => {
  const warnings: unknown[] = [];
  const warn = console.warn;
  console.warn = (...a: unknown[]) => warnings.push(a);
  try {
    const t = relay();
    t.r.start();
    add(t.r, 10, 'messageComplete', { answer: 'é'.repeat(7_000) }); // ~14 KB each in UTF-8
    add(t.r, 1, 'messageComplete', { answer: 'x'.repeat(MAX_BYTES) });
    add(t.r, 1, 'close');
    await t.tick(DELAY_MS);
    const sizes: number[] = [];
    const types: string[] = [];
    while (t.posts.length) {
      sizes.push(new TextEncoder().encode(t.posts[0].body).length);
      types.push(...t.body().map((e) => e.type));
      await t.answer(202);
      await t.tick(DELAY_MS);
    }
    assert(sizes.every((s) => s <= MAX_BYTES), `sizes ${sizes}`);
    assert(sizes.length >= 3, `split into ${sizes.length}`);
    assertEquals(types.length, 11, 'all but the oversized one');
    assertEquals(types.at(-1), 'close');
    assertEquals(warnings.length, 1);
  } finally {
    console.warn = warn;
  }
});

Deno.test('a failed send is retried with the same ids after 2, 4 and 8 s, then dropped', async () => {
  const t = relay();
  t.r.start();
  add(t.r, 2);
  await t.tick(DELAY_MS);
  const first = t.posts[0].body;
  await t.answer(503);
  for (const wait of [2_000, 4_000, 8_000]) {
    await t.tick(wait - 1);
    assertEquals(t.posts.length, 0, `not before ${wait} ms`);
    await t.tick(1);
    assertEquals(t.posts[0].body, first, 'the same events, the same ids');
    await t.answer(0);
  }
  assertEquals(RETRIES, 3);
  await t.tick(60_000);
  assertEquals(t.posts.length, 0, 'dropped after the last retry');
  add(t.r, 1);
  await t.tick(DELAY_MS);
  assertEquals(t.body().map((e) => e.id), [uuid(3)], 'the relay goes on with new events');
});

Deno.test('429 is retried; another 4xx drops the batch and the relay goes on', async () => {
  const t = relay();
  t.r.start();
  add(t.r, 1);
  await t.tick(DELAY_MS);
  await t.answer(429);
  await t.tick(2_000);
  assertEquals(t.posts.length, 1);
  await t.answer(400);
  await t.tick(60_000);
  assertEquals(t.posts.length, 0);
  add(t.r, 1);
  await t.tick(DELAY_MS);
  assertEquals(t.posts.length, 1);
});

Deno.test('a server without the intake (404) stops the relay after one warning', async () => {
  const warnings: unknown[] = [];
  const warn = console.warn;
  console.warn = (...a: unknown[]) => warnings.push(a);
  try {
    const t = relay();
    t.r.start();
    add(t.r, 1);
    await t.tick(DELAY_MS);
    add(t.r, 3);
    await t.answer(404);
    add(t.r, 100);
    await t.tick(60_000);
    t.r.flush(true);
    assertEquals([t.posts.length, t.beacons.length, warnings.length], [0, 0, 1]);
  } finally {
    console.warn = warn;
  }
});

Deno.test('leaving sends everything by beacon, the batch waiting for a retry included, each body under 64 KB', async () => {
  const t = relay();
  t.r.start();
  add(t.r, 1, 'open');
  await t.tick(DELAY_MS);
  await t.answer(500);
  add(t.r, 70, 'messageChunk', { chunk: 'x'.repeat(1_000) });
  t.r.flush(true);
  assertEquals(t.posts.length, 0);
  const sent = t.beacons.flatMap((b) => JSON.parse(b) as Record<string, unknown>[]);
  assertEquals(sent.length, 71);
  assertEquals(sent[0].type, 'open', 'the retried batch first, with its id');
  assertEquals(sent[0].id, uuid(1));
  assert(t.beacons.every((b) => new TextEncoder().encode(b).length <= MAX_BYTES));
  assertEquals(t.timers(), 0, 'no retry left');
});

Deno.test('a refused beacon falls back to a keepalive post', () => {
  const t = relay();
  add(t.r, 2);
  t.refuseBeacons();
  t.r.flush(true);
  assertEquals(t.posts.length, 1);
  assertEquals(t.body().length, 2);
});

Deno.test('a widget relay taps its emitter and beacons on pagehide; analytics.relay false creates none', () => {
  const beacons: string[] = [];
  const env: RelayEnv = {
    post: () => Promise.resolve(202),
    beacon: (_, body) => beacons.push(body) > 0,
    set: () => 1,
    clear: () => {},
    newId: () => uuid(9),
  };
  const g = globalThis as { document?: unknown };
  g.document = new EventTarget();
  const life = new AbortController();
  try {
    for (const relay of [true, false]) {
      const events = new Emitter();
      const made = relayEvents(
        { experienceId: 'demo', analytics: { relay } },
        URL,
        events,
        () => uuid(5),
        life.signal,
        env,
      );
      assertEquals(!!made, relay);
      events.emit('open', { sessionId: null });
      dispatchEvent(new Event('pagehide'));
    }
  } finally {
    life.abort();
    delete g.document;
  }
  assertEquals(beacons.length, 1, 'only the relay:true widget sent');
  const [open] = JSON.parse(beacons[0]);
  assertEquals([open.type, open.sessionId, open.id], ['open', uuid(5), uuid(9)]);
});

Deno.test('a destroyed widget beacons what is queued, and nothing after', () => {
  const beacons: string[] = [];
  const env: RelayEnv = {
    post: () => Promise.resolve(202),
    beacon: (_, body) => beacons.push(body) > 0,
    set: () => 1,
    clear: () => {},
    newId: () => uuid(9),
  };
  const g = globalThis as { document?: unknown };
  g.document = new EventTarget();
  const life = new AbortController();
  try {
    const relay = relayEvents({ experienceId: 'demo' }, URL, new Emitter(), () => null, life.signal, env)!;
    relay.add('close', { timestamp: T }, null);
    life.abort();
    relay.add('open', { timestamp: T }, null);
    relay.start();
    relay.flush(true);
    dispatchEvent(new Event('pagehide'));
  } finally {
    delete g.document;
  }
  assertEquals(beacons.map((b) => JSON.parse(b).map((e: { type: string }) => e.type)), [['close']]);
});
