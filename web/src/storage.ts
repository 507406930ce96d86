import type { StorageMode } from './types';

/** The part of `localStorage`/`sessionStorage` the widget uses. */
export type Area = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** The browser storage of a mode; undefined for `none` and where storage is unavailable (privacy modes, sandboxes). */
export function areaOf(mode: StorageMode): Area | undefined {
  try {
    return mode === 'none' ? undefined : mode === 'session' ? sessionStorage : localStorage;
  } catch {
    return undefined;
  }
}

/**
 * Values of one widget under `nexus-chat:<namespace>:<key>`, as JSON. Every write is also kept in memory, so the widget
 * works for the page's life where storage is unavailable or not allowed (`area()` undefined: no consent yet, or
 * `storage: 'none'`), and what was kept so far is written out when storage becomes allowed ({@link persist}).
 */
export class NamespacedStorage {
  private memory = new Map<string, string>();

  /** @param area where values go now; undefined: memory only */
  constructor(private readonly namespace: string, private readonly area: () => Area | undefined) {}

  private key(k: string): string {
    return `nexus-chat:${this.namespace}:${k}`;
  }

  get<T>(k: string): T | undefined {
    let raw: string | null | undefined = this.memory.get(k);
    try {
      const a = this.area();
      if (a) raw = a.getItem(this.key(k));
    } catch {
      // Unavailable: the page's own copy.
    }
    try {
      return raw == null ? undefined : (JSON.parse(raw) as T);
    } catch {
      return undefined;
    }
  }

  set(k: string, value: unknown): void {
    if (value == null) return this.remove(k);
    const raw = JSON.stringify(value);
    this.memory.set(k, raw);
    this.write((a) => a.setItem(this.key(k), raw));
  }

  remove(k: string): void {
    this.memory.delete(k);
    this.write((a) => a.removeItem(this.key(k)));
  }

  /** Storage became allowed: what this page kept in memory is written out. */
  persist(): void {
    for (const [k, raw] of this.memory) this.write((a) => a.setItem(this.key(k), raw));
  }

  /** Removes every key of this namespace from `area` (consent revoked); the page's copy in memory stays. */
  forget(area: Area | undefined): void {
    const prefix = this.key('');
    try {
      for (let i = area ? area.length : 0; i--;) {
        const k = area!.key(i);
        if (k?.startsWith(prefix)) area!.removeItem(k);
      }
    } catch {
      // Unavailable: nothing stored.
    }
  }

  private write(fn: (a: Area) => void): void {
    try {
      const a = this.area();
      if (a) fn(a);
    } catch {
      // Full or unavailable: the copy in memory serves this page.
    }
  }
}
