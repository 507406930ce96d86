/**
 * The consent gate of one widget (`storage` and `consent` options). Until consent is granted — when it is required, or
 * after `revokeConsent()` — nothing is written to (or read from) `localStorage`/`sessionStorage`, the widget keeps its
 * state in memory, and relayed events wait in memory; on grant, both go out. A grant is remembered in the chosen
 * storage (key `consent`, the one key read before consent), so later page loads start with storage at once.
 */
import { valid } from './options';
import type { Relay } from './relay';
import { type Area, areaOf, NamespacedStorage } from './storage';
import type { StorageMode, WidgetConfig } from './types';

export class Consent {
  /** Whether storing and relaying are allowed. */
  granted: boolean;
  /** The visitor's first message grants consent (`consent.grantOnFirstMessage`). */
  private readonly byMessage: boolean;
  private readonly mode: StorageMode;
  private readonly stores: [NamespacedStorage, Area | undefined][] = [];
  private relay?: Relay;

  /** @param areas the browser storage of a mode (injected by tests) */
  constructor(c: WidgetConfig, namespace: string, private readonly areas = areaOf) {
    this.mode = (valid('storage', c.storage, /^(local|session|none)$/) ?? 'local') as StorageMode;
    const required = c.consent?.required === true;
    this.byMessage = required && c.consent?.grantOnFirstMessage === true;
    let remembered = false;
    try {
      remembered = !!this.areas(this.mode)?.getItem(`nexus-chat:${namespace}:consent`);
    } catch {
      // Unavailable: not remembered.
    }
    this.granted = !required || remembered;
    // The first store is the instance's own: it holds the remembered grant.
    this.storage(namespace);
  }

  /** Storage under `namespace`, in memory until consent is granted; `session`: the browser session's storage at most. */
  storage(namespace: string, session = false): NamespacedStorage {
    const area = this.areas(session && this.mode !== 'none' ? 'session' : this.mode);
    const s = new NamespacedStorage(namespace, () => (this.granted ? area : undefined));
    this.stores.push([s, area]);
    return s;
  }

  /** Whether `localStorage` may be written now (tabs without BroadcastChannel talk through it). */
  get storesLocally(): boolean {
    return this.granted && this.mode === 'local';
  }

  /** The instance's own storage (session id, outbox, used buttons). */
  get own(): NamespacedStorage {
    return this.stores[0][0];
  }

  /** The visitor sent a message (typed, not from code): with `consent.grantOnFirstMessage` that grants consent. */
  sent(): void {
    if (this.byMessage) this.grant();
  }

  /** Holds `relay` while consent is missing. */
  gate(relay: Relay | undefined): void {
    this.relay = relay;
    relay?.hold(!this.granted);
  }

  /** Storing and relaying are allowed from now on: what was kept in memory is written out, held events are sent. */
  grant(): void {
    if (this.granted) return;
    this.granted = true;
    for (const [s] of this.stores) s.persist();
    this.own.set('consent', 1);
    this.relay?.hold(false);
  }

  /** Forgets everything stored (ids, outbox, remembered grant) and stops storing and relaying; memory serves the page. */
  revoke(): void {
    this.granted = false;
    for (const [s, area] of this.stores) s.forget(area);
    this.relay?.hold(true);
  }
}
