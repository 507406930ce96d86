import { type SseEvent, SseParser } from './sse';
import type { WidgetEventMap } from './types';

/** Why a call failed: `timeout` (no byte in time), `network` (unreachable, offline) or `backend` (HTTP error). */
export type FailureKind = 'timeout' | 'network' | 'backend';

/** A failed API call. `received` tells whether any byte of a streamed response arrived before the failure. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly status?: number,
    readonly problem?: { type?: string; detail?: string; title?: string },
    readonly received = false,
  ) {
    super(message);
  }

  /** Worth another try: the network, a timeout, 408/429 or a 5xx; never another 4xx (the request itself is wrong). */
  get transient(): boolean {
    return this.kind !== 'backend' || this.status === 408 || this.status === 429 || (this.status ?? 0) >= 500;
  }
}

/** Network settings of one widget instance. */
export interface ApiSettings {
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  /** The visitor's id, sent as `X-Nexus-User-Id` (sessions bound to a user refuse other callers). */
  userId?: string;
  /** The `userHash` of `userId`, sent as `X-Nexus-User-Hash` beside it. */
  userHash?: string;
  /** Aborted when the widget is destroyed: every request and backoff wait stops (calls may pass a narrower one). */
  signal: AbortSignal;
}

/**
 * The REST API as the widget uses it: JSON calls with a first-byte timeout and retries with backoff, and the streamed
 * query (POST + SSE, read with fetch since EventSource cannot POST).
 */
export class Api {
  constructor(private readonly s: ApiSettings) {}

  /**
   * POSTs JSON and returns the JSON answer; idempotent calls (`retry`) are retried on transient failures. `keepalive`:
   * the request outlives the page (leaving it right after a click must not drop what the click asked for).
   */
  post<T>(path: string, body: unknown, retry = true, keepalive = false): Promise<T> {
    const signal = this.s.signal;
    return this.withRetries(signal, retry, async () => {
      const r = await this.open(path, body, 'application/json', signal, keepalive);
      try {
        return (await r.response.json().catch(r.fail)) as T;
      } finally {
        r.done();
      }
    });
  }

  /**
   * Sends a query and calls `onEvent` for each server-sent event. Retried (same body, so the same queryId) only while
   * no byte has arrived; a stream that stalls longer than the timeout fails with `timeout`.
   */
  async query(body: object, onEvent: (e: SseEvent) => void, signal = this.s.signal): Promise<void> {
    let received = false;
    await this.withRetries(
      signal,
      true,
      async () => {
        const r = await this.open('/query', body, 'text/event-stream', signal);
        try {
          const reader = r.response.body!.getReader();
          const decoder = new TextDecoder();
          const parser = new SseParser();
          for (;;) {
            const { value, done } = await reader.read().catch((e) => r.fail(e, received));
            if (done) break;
            received = true;
            r.rearm();
            for (const ev of parser.push(decoder.decode(value, { stream: true }))) onEvent(ev);
          }
          for (const ev of parser.push(decoder.decode() + '\n\n')) onEvent(ev);
        } finally {
          r.done();
        }
      },
      () => received,
    );
  }

  /**
   * Opens a request. A timer aborts it when no byte arrives in time: first the headers, then (via `rearm`) each
   * chunk. `fail` turns a read failure into the right {@link ApiError}.
   */
  private async open(path: string, body: unknown, accept: string, signal: AbortSignal, keepalive = false) {
    const controller = new AbortController();
    let timedOut = false;
    let timer = 0;
    const rearm = () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, this.s.timeoutMs);
    };
    const stop = () => controller.abort();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    };
    const fail = (e: unknown, received = false): never => {
      done();
      throw timedOut ? timeout(this.s.timeoutMs, received) : failure(e, signal, received);
    };
    if (signal.aborted) throw failure(undefined, signal, false);
    signal.addEventListener('abort', stop);
    rearm();
    const response = await fetch(this.s.baseUrl + path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: accept,
        ...(this.s.userId ? { 'X-Nexus-User-Id': this.s.userId } : {}),
        ...(this.s.userHash ? { 'X-Nexus-User-Hash': this.s.userHash } : {}),
      },
      body: JSON.stringify(body),
      signal: controller.signal,
      credentials: 'omit',
      keepalive,
    }).catch(fail);
    if (!response.ok) {
      const problem = await response.json().catch(() => undefined);
      done();
      throw new ApiError(problem?.detail || `HTTP ${response.status}`, 'backend', response.status, problem);
    }
    return { response, rearm, done, fail };
  }

  private async withRetries<T>(
    signal: AbortSignal,
    retry: boolean,
    call: () => Promise<T>,
    received = () => false,
  ): Promise<T> {
    for (let attempt = 0;; attempt++) {
      try {
        return await call();
      } catch (e) {
        const err = e instanceof ApiError ? e : failure(e, signal, received());
        if (
          signal.aborted || !retry || !err.transient || err.received || received() || attempt >= this.s.retries ||
          !navigator.onLine
        ) {
          throw err;
        }
        await sleep(300 * 2 ** attempt + Math.random() * 200, signal);
      }
    }
  }
}

function timeout(ms: number, received = false): ApiError {
  return new ApiError(`No response within ${ms} ms`, 'timeout', undefined, undefined, received);
}

function failure(e: unknown, signal: AbortSignal, received: boolean): ApiError {
  if (e instanceof ApiError) return e;
  const message = signal.aborted ? 'Cancelled' : (e as Error)?.message || 'Network failure';
  return new ApiError(message, 'network', undefined, undefined, received);
}

/** Waits, unless the widget is destroyed first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(failure(undefined, signal, false));
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

/**
 * The `error` event for a failure: a failed API call is `timeout` or `backend` (with its status, problem type and
 * whether the network failed); any other exception is `unknown`, with its stack.
 */
export function errorEvent(e: unknown, details: Record<string, unknown>): Omit<WidgetEventMap['error'], 'timestamp'> {
  if (!(e instanceof ApiError)) {
    const err = e as Error;
    return { type: 'unknown', message: String(err?.message ?? e), stack: err?.stack, details };
  }
  const { status, problem, kind } = e;
  const more = { status, problemType: problem?.type, network: kind === 'network' || undefined };
  return { type: kind === 'timeout' ? 'timeout' : 'backend', message: e.message, details: { ...details, ...more } };
}
