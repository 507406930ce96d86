/**
 * A message channel between tabs of one origin showing the same widget namespace: BroadcastChannel where available,
 * else `storage` events of a localStorage key (written, then removed at once). Messages never come back to the tab
 * that posted them.
 */
export class TabChannel {
  private channel?: BroadcastChannel;
  private readonly key: string;
  private readonly onStorage = (e: StorageEvent) => {
    if (e.key !== this.key || !e.newValue) return;
    try {
      this.receive(JSON.parse(e.newValue).m);
    } catch {
      // Not ours or corrupt: ignore.
    }
  };

  constructor(
    namespace: string,
    private readonly receive: (message: any) => void,
  ) {
    this.key = `nexus-chat:${namespace}:sync`;
    if (typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(this.key);
      this.channel.onmessage = (e) => this.receive(e.data);
    } else {
      addEventListener('storage', this.onStorage);
    }
  }

  post(message: object): void {
    try {
      if (this.channel) return this.channel.postMessage(message);
      // A nonce makes every write a change, so repeated identical messages still fire storage events.
      localStorage.setItem(this.key, JSON.stringify({ m: message, n: Math.random() }));
      localStorage.removeItem(this.key);
    } catch {
      // Storage unavailable (privacy mode): this tab simply does not sync.
    }
  }

  close(): void {
    this.channel?.close();
    removeEventListener('storage', this.onStorage);
  }
}
