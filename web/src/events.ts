import type { WidgetEventMap, WidgetEventName } from './types';

type AnyListener = (data: any) => void;

/** Every event name of the public contract (seed 002), including those a later version emits. */
const KNOWN = new Set(
  ('open close minimize maximize sessionStart sessionEnd sessionClear messageStart messageChunk messageComplete ' +
    'typing typingStop feedback copy customAction handover disclaimerAccept linkClick voiceStart voiceEnd ttsStart ' +
    'ttsEnd error').split(' '),
);

/**
 * Typed event emitter of one widget instance. Listeners run synchronously, each in its own try/catch: one that throws
 * is logged and never stops the widget or the other listeners (and never causes another event, so no loops).
 */
export class Emitter {
  private listeners = new Map<string, Set<AnyListener>>();
  /** Internal observers of every emitted event (e.g. a future analytics relay). */
  private taps = new Set<(name: string, data: object) => void>();

  on(name: string, fn: AnyListener): () => void {
    if (typeof fn !== 'function') throw new TypeError('NexusChatWidget.on: listener must be a function');
    // Unknown names are kept (forward compatible with newer bundles) but most likely a typo.
    if (!KNOWN.has(name)) console.warn(`[NexusChatWidget] unknown event "${name}"`);
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, set = new Set());
    set.add(fn);
    return () => this.off(name, fn);
  }

  off(name: string, fn: AnyListener): void {
    this.listeners.get(name)?.delete(fn);
  }

  tap(fn: (name: string, data: object) => void): () => void {
    this.taps.add(fn);
    return () => this.taps.delete(fn);
  }

  /** Emits a frozen payload that always carries `timestamp`. */
  emit<E extends WidgetEventName>(name: E, payload: Omit<WidgetEventMap[E], 'timestamp'>): void {
    const data = Object.freeze({ ...payload, timestamp: new Date().toISOString() });
    for (const fn of [...(this.listeners.get(name) ?? [])]) guard(name, () => fn(data));
    for (const fn of [...this.taps]) guard(name, () => fn(name, data));
  }

  clear(): void {
    this.listeners.clear();
    this.taps.clear();
  }
}

function guard(name: string, call: () => void): void {
  try {
    call();
  } catch (e) {
    console.error(`[NexusChatWidget] a "${name}" listener threw`, e);
  }
}
