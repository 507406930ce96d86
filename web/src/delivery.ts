/**
 * Delivers the outbox: one message at a time while online, through the message interceptor, then the query stream;
 * what happens is applied to the conversation model, which decides what is shown and emitted.
 */
import { ApiError } from './api';
import { chunk } from './chunks';
import type * as Interceptor from './chunks/interceptor';
import type { WidgetContext } from './context';
import { queryEvent } from './query';

/** Sends the waiting messages of one widget. */
export class Delivery {
  private inFlight?: { queryId: string; abort: AbortController };

  /** @param lifetime aborted when the widget is destroyed: the request in flight stops */
  constructor(private readonly w: WidgetContext, private readonly lifetime: AbortSignal) {
    // The interceptor's code is a chunk: loaded at start, so the first message does not wait for it.
    if (this.interceptor()) setTimeout(() => this.w.destroyed() || chunk('interceptor').catch(() => {}));
  }

  private interceptor() {
    const fn = this.w.config.advanced?.messageInterceptor;
    return typeof fn === 'function' ? fn : undefined;
  }

  /** The conversation was dropped: the request in flight stops, with nothing reported. */
  abort(): void {
    this.inFlight?.abort.abort();
    this.inFlight = undefined;
  }

  /** Sends the next waiting message, one at a time, while online. */
  pump(): void {
    const next = this.w.model.next();
    if (this.w.destroyed() || this.inFlight || !next) return;
    if (!navigator.onLine) {
      this.w.view()?.offline(true);
      this.w.apply({ type: 'waiting' });
      return;
    }
    void this.send(next.queryId);
  }

  private async send(queryId: string): Promise<void> {
    this.w.apply({ type: 'sending', queryId });
    const abort = new AbortController();
    const stop = () => abort.abort();
    this.lifetime.addEventListener('abort', stop);
    this.inFlight = { queryId, abort };
    const started = performance.now();
    const duration = () => Math.round(performance.now() - started);
    this.w.view()?.typing(true);
    this.w.view()?.error(null);
    try {
      if (!(await this.intercepted(queryId, abort.signal, duration))) await this.query(queryId, abort.signal, duration);
    } catch (e) {
      if (abort.signal.aborted) return; // cleared, replaced or destroyed: nothing to report
      this.w.view()?.typing(false);
      const err = e instanceof ApiError ? e : new ApiError(String((e as Error)?.message ?? e), 'backend');
      // Went offline: it stays queued and goes out on the 'online' event.
      const offline = err.kind === 'network' && !navigator.onLine;
      if (this.w.apply({ type: 'failed', queryId, offline })) {
        if (offline) return this.w.view()?.offline(true);
        const t = this.w.labels();
        // A stream that reported the engine's failure (no HTTP status): the assistant is not available right now.
        this.w.view()?.error(
          err.kind === 'timeout'
            ? t.errorTimeout
            : err.status || err.kind === 'network'
            ? t.errorBackend
            : t.unavailable,
        );
        return this.w.reportApi(err, { queryId });
      }
    } finally {
      this.lifetime.removeEventListener('abort', stop);
      if (this.inFlight?.queryId === queryId) this.inFlight = undefined;
    }
    this.pump();
  }

  /** Streams the answer to a waiting message into the conversation. */
  private async query(queryId: string, signal: AbortSignal, duration: () => number): Promise<void> {
    const item = this.w.model.pending(queryId)!;
    let completed = false;
    const { experienceId, userId, userHash } = this.w.config;
    const body = {
      experienceId,
      sessionId: item.sessionId,
      text: item.send ?? item.text,
      queryId,
      userId,
      userHash,
      metadata: item.meta,
    };
    await this.w.api.query(body, (ev) => {
      const e = signal.aborted ? undefined : queryEvent(ev, queryId, duration);
      if (!e) return;
      if (e.type !== 'sessionChanged') this.w.view()?.typing(false);
      completed ||= e.type === 'completed';
      this.w.apply(e);
    }, signal);
    if (!completed && !signal.aborted) throw new ApiError('The answer stream ended early', 'backend');
  }

  /**
   * Lets the message interceptor see a message once. True when it answered the message locally (then shown). A
   * throwing or rejecting interceptor (or one whose chunk could not be loaded) fires `error` (type `interceptor`) and
   * the message goes out unchanged.
   */
  private async intercepted(queryId: string, signal: AbortSignal, duration: () => number): Promise<boolean> {
    const fn = this.interceptor();
    if (!fn || this.w.model.pending(queryId)!.seen) return false;
    try {
      const { intercepted } = await chunk<typeof Interceptor>('interceptor');
      const done = await intercepted(this.w, fn, queryId, signal, duration);
      if (done != null) return done;
    } catch (e) {
      const err = e as Error;
      const message = String(err?.message ?? e);
      this.w.emit('error', { type: 'interceptor', message, stack: err?.stack, details: { queryId } });
    }
    if (signal.aborted) throw new ApiError('Cancelled', 'network');
    this.w.apply({ type: 'intercepted', queryId });
    return false;
  }

  /** Retries one failed message, or all of them (the error banner's button). */
  retry(id?: string): void {
    this.w.view()?.error(null);
    this.w.apply({ type: 'retried', queryId: id });
    this.pump();
  }
}
