/// <reference lib="deno.ns" />
import { Consent } from '../src/consent.ts';
import { Relay } from '../src/relay.ts';
import type { Area } from '../src/storage.ts';
import type { StorageMode, WidgetConfig } from '../src/types.ts';
import { assert, assertEquals } from './assert.ts';

/** A Storage in memory, like the browser's. */
class FakeArea implements Area {
  readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key = (i: number) => [...this.items.keys()][i] ?? null;
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, v);
  removeItem = (k: string) => void this.items.delete(k);
}

function setup(config: Partial<WidgetConfig> = {}, local = new FakeArea()) {
  const session = new FakeArea();
  const areas = (mode: StorageMode) => (mode === 'none' ? undefined : mode === 'session' ? session : local);
  const consent = new Consent({ experienceId: 'demo', ...config }, 'demo', areas);
  return { consent, local, session, store: consent.own, experience: consent.storage('exp') };
}

Deno.test('without consent.required everything is stored at once', () => {
  const { consent, local, store } = setup();
  assert(consent.granted);
  store.set('session', 'abc');
  assertEquals(local.getItem('nexus-chat:demo:session'), '"abc"');
});

Deno.test('with consent.required nothing is stored until grant, then what was kept is written out', () => {
  const { consent, local, session, store, experience } = setup({ consent: { required: true } });
  assert(!consent.granted);
  store.set('session', 'abc');
  experience.set('skin', { theme: 'dark' });
  store.set('outbox', [1]);
  store.remove('outbox');
  assertEquals(local.length + session.length, 0);
  assertEquals(store.get('session'), 'abc', 'the page reads its own copy meanwhile');

  consent.grant();
  assertEquals([...local.items.keys()].sort(), [
    'nexus-chat:demo:consent',
    'nexus-chat:demo:session',
    'nexus-chat:exp:skin',
  ]);
  store.set('used', ['a']);
  assertEquals(local.getItem('nexus-chat:demo:used'), '["a"]', 'written directly after the grant');
});

Deno.test('a remembered grant holds from the start; revoke forgets every key of the widget and stops storing', () => {
  const local = new FakeArea();
  local.setItem('nexus-chat:demo:consent', '1');
  local.setItem('nexus-chat:demo:session', '"old"');
  local.setItem('other-app', 'kept');
  const { consent, store } = setup({ consent: { required: true } }, local);
  assert(consent.granted);
  assertEquals(store.get('session'), 'old');

  consent.revoke();
  assertEquals([...local.items.keys()], ['other-app']);
  store.set('session', 'new');
  assertEquals([...local.items.keys()], ['other-app'], 'nothing stored after revoke');
  assertEquals(store.get('session'), 'new', 'memory serves the page');
});

Deno.test('grantOnFirstMessage: the visitor message grants only when the integrator allows it', () => {
  const a = setup({ consent: { required: true } });
  a.consent.sent();
  assert(!a.consent.granted);
  const b = setup({ consent: { required: true, grantOnFirstMessage: true } });
  b.consent.sent();
  assert(b.consent.granted);
});

Deno.test('storage modes: session keeps state in sessionStorage, none in memory only; bad values fall back to local', () => {
  const s = setup({ storage: 'session' });
  s.store.set('session', 'x');
  assertEquals([s.local.length, s.session.length], [0, 1]);
  const n = setup({ storage: 'none' });
  n.store.set('session', 'x');
  assertEquals([n.local.length, n.session.length], [0, 0]);
  assertEquals(n.store.get('session'), 'x');
  const warn = console.warn;
  console.warn = () => {};
  try {
    const bad = setup({ storage: 'cookies' as StorageMode });
    bad.store.set('session', 'x');
    assertEquals(bad.local.length, 1);
  } finally {
    console.warn = warn;
  }
});

Deno.test('the relay holds its events while consent is missing, even as the page goes away, and sends them on grant', () => {
  const posts: string[] = [];
  const beacons: string[] = [];
  const timers: (() => void)[] = [];
  let id = 0;
  const relay = new Relay('https://chat.example/api/v2/events', 'demo', {
    post: (_url, body) => (posts.push(body), Promise.resolve(202)),
    beacon: (_url, body) => (beacons.push(body), true),
    set: (fn) => timers.push(fn),
    clear: () => {},
    newId: () => `id-${id++}`,
  });
  const { consent } = setup({ consent: { required: true } });
  consent.gate(relay);
  relay.start();
  relay.add('open', { timestamp: 'T' }, null);
  relay.flush(true);
  for (const t of timers.splice(0)) t();
  assertEquals([posts.length, beacons.length], [0, 0]);

  consent.grant();
  for (const t of timers.splice(0)) t();
  assertEquals(posts.length, 1);
  assert(posts[0].includes('"type":"open"'));

  consent.revoke();
  relay.add('close', { timestamp: 'T' }, null);
  relay.flush(true);
  assertEquals([posts.length, beacons.length], [1, 0]);
});
