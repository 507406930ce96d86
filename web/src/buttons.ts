/** The action buttons under the welcome message and under answers: one-time use, and what each type does. */
import { isObject, openUrl, validActions } from './actions';
import type { WidgetContext } from './context';
import type { SyncMessage } from './conversation/types';
import { requestHandover } from './handover';
import { str } from './options';
import type { NamespacedStorage } from './storage';
import type { WidgetAction } from './types';

/** Runs the buttons of one widget and remembers its used one-time buttons (in storage, and across tabs). */
export class ActionButtons {
  private readonly welcome = new Map<string, WidgetAction>();
  /** The experience's `session.newSessionOnEvent`: action ids and `send_event` names that renew the session. */
  renewOn: string[] = [];
  /** One-time buttons used in this conversation (`<owner>:<id>`, owner = message id or `welcome`). */
  private readonly used: Set<string>;

  constructor(
    private readonly w: WidgetContext,
    private readonly storage: NamespacedStorage,
    private readonly tell: (m: SyncMessage) => void,
  ) {
    this.used = new Set(storage.get<string[]>('used') ?? []);
  }

  /** The welcome buttons of the experience (as init returned them), bound by id. */
  setWelcome(actions: unknown): void {
    for (const a of validActions(actions)) this.welcome.set(a.id, a);
  }

  /** Whether a one-time button was used (`<owner or welcome>:<id>`). */
  isUsed(key: string): boolean {
    return this.used.has(key);
  }

  /** A new conversation: every one-time button is usable again. */
  forget(): void {
    this.used.clear();
    this.storage.remove('used');
    this.w.view()?.welcomeUsed(() => false);
  }

  /** Another tab used a one-time button. */
  usedElsewhere(key: string): void {
    this.used.add(key);
    const [owner, id] = key.split(':');
    const view = this.w.view();
    if (owner === 'welcome') return view?.welcomeUsed((x) => this.used.has(`welcome:${x}`));
    const m = this.w.model.message(owner);
    if (m && id) view?.render(m);
  }

  /** A button was clicked: under the welcome message (`owner` null) or under answer `owner`. */
  run(owner: string | null, id: string, button?: HTMLElement): void {
    const w = this.w;
    const spec = owner ? w.model.message(owner)?.actions?.find((a) => a.id === id) : this.welcome.get(id);
    if (!spec) return;
    const key = `${owner ?? 'welcome'}:${id}`;
    if (spec.oneTime) {
      if (this.used.has(key)) return;
      this.used.add(key);
      this.storage.set('used', [...this.used]);
      this.tell({ t: 'used', key });
      if (button) w.view()?.markUsed(button);
    }
    const p = (isObject(spec.action.payload) ? spec.action.payload : {}) as Record<string, unknown>;
    const type = spec.action.type;
    // Before the action runs: a `send_query` button's own message is the next one.
    if (this.renewOn.includes(id) || (type === 'send_event' && this.renewOn.includes(String(p.eventName)))) {
      w.apply({ type: 'renewNext' });
    }
    if (type === 'send_query') {
      const q = str(p.text, 4000)?.trim();
      if (q) w.send(q);
    } else if (type === 'open_url') {
      if (!openUrl(p)) {
        w.fail('unknown', 'open_url opens only http and https URLs', { actionId: id, url: String(p.url) });
      }
    } else if (type === 'send_event') {
      w.emit('customAction', { eventName: String(p.eventName ?? ''), eventData: p.eventData ?? {}, actionId: id });
    } else if (type === 'trigger_handover') {
      requestHandover(w, p);
    }
  }
}
