/**
 * The outbox in storage, shared by the tabs showing one widget: one key, each tab's waiting and failed messages merged
 * into it. Each write is repeated under a Web Lock where available, and a tab whose messages another tab's write
 * dropped anyway (no Web Locks, or storage reaching a tab's process late) writes them back at once.
 */
import { isObject } from '../actions';
import { isUuid } from '../uuid';
import type { Pending } from './types';

/** The part of storage the outbox needs (NamespacedStorage, or a fake in tests). */
export interface OutboxStorage {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

/** The part of the Web Locks API the outbox needs (`navigator.locks`). */
export interface Locks {
  request(name: string, callback: () => void): Promise<unknown>;
}

const KEY = 'outbox';

/** The stored outbox entries that are well-formed messages. */
export function readOutbox(storage: OutboxStorage): Pending[] {
  const stored = storage.get<unknown[]>(KEY);
  return (Array.isArray(stored) ? stored : []).filter(
    (p): p is Pending => isObject(p) && isUuid(p.queryId) && typeof p.text === 'string',
  );
}

/**
 * The outbox to store: the other tabs' messages as stored (every entry this tab never had), then this tab's own.
 * `known` is every query id this tab has had: one it had and no longer has was sent or dropped here.
 */
export function mergeOutbox(
  stored: readonly Pending[],
  mine: readonly Pending[],
  known: ReadonlySet<string>,
): Pending[] {
  return [...stored.filter((p) => !known.has(p.queryId)), ...mine];
}

/** One tab's view of the stored outbox. */
export class OutboxStore {
  private readonly known = new Set<string>();
  private readonly lockName: string;

  /**
   * @param mine this tab's messages now (read when a write happens, so a queued write stores the latest)
   * @param locks `navigator.locks` when the browser has it
   */
  constructor(
    private readonly storage: OutboxStorage,
    namespace: string,
    private readonly mine: () => readonly Pending[],
    private readonly locks?: Locks,
  ) {
    this.lockName = `nexus-chat:${namespace}:outbox`;
  }

  /** Reads the stored outbox at start-up: this tab takes every message in it (and knows them from now on). */
  load(): Pending[] {
    const all = readOutbox(this.storage);
    for (const p of all) this.known.add(p.queryId);
    return all;
  }

  /**
   * Stores this tab's messages without dropping another tab's: at once (a page closed right after a send must not lose
   * the message), then again under the lock, so that among tabs writing at the same time the last write is a merge of
   * what every earlier one stored.
   */
  save(): void {
    this.write();
    this.locks?.request(this.lockName, () => this.write()).catch(() => {});
  }

  /** Another tab wrote the outbox: if it dropped one of this tab's messages, store them again. */
  changed(): void {
    const stored = new Set(readOutbox(this.storage).map((p) => p.queryId));
    if (this.mine().some((p) => !stored.has(p.queryId))) this.save();
  }

  private write(): void {
    const mine = this.mine();
    for (const p of mine) this.known.add(p.queryId);
    const all = mergeOutbox(readOutbox(this.storage), mine, this.known);
    this.storage.set(KEY, all.length ? all : null);
  }
}
