/**
 * The event relay: every event a widget emits is also sent to the server's intake (`POST {apiUrl}/events`), which
 * forwards it to the experience's webhooks and analytics tools. Queued as emitted (nothing serialised then), sent in
 * batches after the widget is usable, by beacon when the page is hidden or left. The batching is pure logic over an
 * injected {@link RelayEnv} (test/relay.test.ts); `browserEnv` is the browser's. While consent is missing (consent.ts) the
 * queue is held in memory: nothing is sent until consent is granted, and nothing at all if it never is.
 */
import type { Emitter } from './events';
import type { WidgetConfig } from './types';
import { newUuid } from './uuid';

/** Largest body: under the intake's 64 KiB and the browser's 64 KiB for keepalive requests, with room to spare. */
export const MAX_BYTES = 64_000;
/** Events per request at most. */
export const MAX_EVENTS = 50;
/** A batch goes out this long after its first event, or at once when {@link MAX_EVENTS} are waiting. */
export const DELAY_MS = 1_000;
/** Further tries of a batch that failed (network, 408, 429, 5xx), after 2, 4 and 8 s; then it is dropped. */
export const RETRIES = 3;
/** Events kept at most while they cannot be sent; the oldest go first. */
export const MAX_QUEUED = 500;

/** What the relay needs of the browser. */
export interface RelayEnv {
  /** POSTs `body` while the page lives: resolves with the HTTP status, rejects when the network failed. */
  post(url: string, body: string): Promise<number>;
  /** Hands `body` to the browser as the page goes away (`sendBeacon`): false when it refused. */
  beacon(url: string, body: string): boolean;
  set(fn: () => void, ms: number): number;
  clear(timer: number): void;
  newId(): string;
}

type Payload = { timestamp?: string; sessionId?: unknown };

const utf8 = new TextEncoder();
const size = (s: string) => utf8.encode(s).length;

/** The batching queue of one widget. */
export class Relay {
  /** Emitted, not serialised yet: type, payload, the session at the time. */
  private queue: [string, Payload, string | null][] = [];
  /** Serialised with their id (kept across retries), and their size in bytes. */
  private ready: [string, number][] = [];
  private timer = 0;
  /** The timer stays as it is: the 0 ms one of a full batch, or a retry's backoff. */
  private fixed = false;
  /** A request is in flight. */
  private busy = false;
  private tries = 0;
  private started = false;
  /** Consent is missing (consent.ts): events wait in memory and nothing is sent, not even as the page goes away. */
  private held = false;
  /** Nothing more is queued nor sent: the server has no intake (404/405), or the widget was destroyed. */
  off = false;
  private warned = false;

  constructor(private readonly url: string, private readonly experienceId: string, private readonly env: RelayEnv) {}

  /** Queues an event. Cheap, since it runs for every streamed chunk: nothing is serialised or sent here. */
  add(type: string, data: Payload, sessionId: string | null): void {
    if (this.off) return;
    if (this.queue.push([type, data, sessionId]) + this.ready.length > MAX_QUEUED) {
      (this.ready.length ? this.ready : this.queue).shift();
    }
    this.schedule();
  }

  /** The widget is usable (init answered or failed): sending may begin. */
  start(): void {
    this.started = true;
    this.schedule();
  }

  /** Holds the events while consent is missing (`true`), or sends what waits once it is granted (`false`). */
  hold(on: boolean): void {
    this.held = on;
    this.schedule();
  }

  private schedule(): void {
    const n = this.queue.length + this.ready.length;
    if (!this.started || this.held || this.busy || !n || (this.timer && (this.fixed || n < MAX_EVENTS))) return;
    this.env.clear(this.timer);
    this.fixed = n >= MAX_EVENTS;
    this.timer = this.env.set(() => this.flush(), this.fixed ? 0 : DELAY_MS);
  }

  /**
   * Sends one batch now (unless one is in flight), or, as the page goes away (`leaving`), everything by beacon
   * (keepalive fetch when the browser refuses the beacon). Events are serialised here, off the path of the event.
   */
  flush(leaving = false): void {
    if (this.off) return;
    this.env.clear(this.timer);
    this.timer = 0;
    this.fixed = false;
    if (this.held) return;
    for (const [type, data, sessionId] of this.queue.splice(0)) {
      const s = JSON.stringify({
        id: this.env.newId(),
        experienceId: this.experienceId,
        sessionId: (typeof data.sessionId == 'string' && data.sessionId) || sessionId || undefined,
        type,
        timestamp: data.timestamp,
        data,
      });
      const bytes = size(s);
      if (bytes + 2 > MAX_BYTES) this.warn(`${type} over 64 KB`);
      else this.ready.push([s, bytes]);
    }
    for (let b; (leaving || !this.busy) && (b = this.take()).length;) {
      const batch = b;
      const body = `[${batch.map((e) => e[0])}]`;
      if (!leaving) {
        this.busy = true;
        this.env.post(this.url, body).then((status) => this.sent(batch, status), () => this.sent(batch, 0));
      } else if (!this.env.beacon(this.url, body)) this.env.post(this.url, body).catch(() => {});
    }
  }

  /** Takes the next batch out of `ready`: at most {@link MAX_EVENTS} events in at most {@link MAX_BYTES}. */
  private take(): [string, number][] {
    let n = 0;
    // The body is `[` + events joined by `,` + `]`.
    for (let bytes = 1; n < this.ready.length && n < MAX_EVENTS && (bytes += this.ready[n][1] + 1) <= MAX_BYTES;) n++;
    return this.ready.splice(0, n);
  }

  /** A batch was answered with `status` (0: the network failed). */
  private sent(batch: [string, number][], status: number): void {
    this.busy = false;
    if (status > 199 && status < 300) this.tries = 0;
    else if ((!status || status == 408 || status == 429 || status > 499) && this.tries++ < RETRIES) {
      this.ready.unshift(...batch);
      this.fixed = true;
      this.timer = this.env.set(() => this.flush(), 1000 * 2 ** this.tries);
      return;
    } else {
      this.tries = 0;
      this.off = status == 404 || status == 405;
      this.warn(status || 'network failure');
    }
    this.schedule();
  }

  /** One console warning per widget at most: the relay never fires `error` nor fills the console. */
  private warn(why: unknown): void {
    if (!this.warned) console.warn('[NexusChatWidget] events not relayed:', why, this.url);
    this.warned = true;
  }
}

/** Bytes of keepalive requests in flight on the page (the browser allows 64 KiB in all, for every script). */
let inflight = 0;

/** The browser: keepalive `fetch` (plain while others hold the keepalive quota), `sendBeacon`, timers. */
export const browserEnv: RelayEnv = {
  async post(url, body) {
    const n = size(body);
    const keepalive = inflight + n <= MAX_BYTES;
    if (keepalive) inflight += n;
    try {
      // text/plain: a simple request, no CORS preflight.
      const init = { method: 'POST', body, keepalive, credentials: 'omit', headers: { 'Content-Type': 'text/plain' } };
      return (await fetch(url, init as RequestInit)).status;
    } finally {
      if (keepalive) inflight -= n;
    }
  },
  beacon: (url, body) => !!navigator.sendBeacon?.(url, new Blob([body], { type: 'text/plain' })),
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (t) => clearTimeout(t),
  newId: newUuid,
};

/**
 * The relay of a widget, fed by its emitter, flushed by beacon when the page is hidden or left, and for the last time
 * when `signal` aborts (the widget is destroyed); none when `config.analytics.relay` is false.
 */
export function relayEvents(
  c: WidgetConfig,
  url: string,
  events: Emitter,
  sessionId: () => string | null,
  signal: AbortSignal,
  env = browserEnv,
): Relay | undefined {
  if (c.analytics?.relay === false) return;
  const relay = new Relay(url, c.experienceId, env);
  events.tap((name, data) => relay.add(name, data, sessionId()));
  const leave = () => relay.flush(true);
  document.addEventListener('visibilitychange', () => document.hidden && leave(), { signal });
  addEventListener('pagehide', leave, { signal });
  // Destroyed: what is queued goes out by beacon, and nothing after.
  signal.addEventListener('abort', () => {
    leave();
    relay.off = true;
  });
  return relay;
}
