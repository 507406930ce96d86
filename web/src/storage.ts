/**
 * localStorage under one namespace per widget instance (`nexus-chat:<namespace>:<key>`), JSON values. Falls back to
 * memory when storage is unavailable (privacy modes, sandboxed iframes) so the widget still works for the page's life.
 */
export class NamespacedStorage {
  private memory = new Map<string, string>();

  constructor(private readonly namespace: string) {}

  private key(k: string): string {
    return `nexus-chat:${this.namespace}:${k}`;
  }

  get<T>(k: string): T | undefined {
    let raw: string | null | undefined;
    try {
      raw = localStorage.getItem(this.key(k));
    } catch {
      raw = this.memory.get(k);
    }
    try {
      return raw == null ? undefined : (JSON.parse(raw) as T);
    } catch {
      return undefined;
    }
  }

  set(k: string, value: unknown): void {
    if (value === undefined || value === null) return this.remove(k);
    const raw = JSON.stringify(value);
    try {
      localStorage.setItem(this.key(k), raw);
    } catch {
      this.memory.set(k, raw);
    }
  }

  remove(k: string): void {
    try {
      localStorage.removeItem(this.key(k));
    } catch {
      this.memory.delete(k);
    }
  }
}
