/**
 * The proactive teaser: a small dismissible bubble beside the launcher (`showTeaser()`, or the experience's `teaser`
 * after its delay on matching pages). Opening it opens the chat with its text as an assistant message; a teaser the
 * visitor dismissed or opened is remembered for the browser session (in memory only where storage is not allowed).
 * It never takes focus, and its text is always set as text.
 */
import { validActions } from './actions';
import type { WidgetContext } from './context';
import { hash, str } from './options';
import type { NamespacedStorage } from './storage';
import type { ViewModes } from './modes';
import type { ViewMode, WidgetAction } from './types';
import { make } from './ui/dom';
import { unseen } from './unread';

/** The experience's teaser, from `POST /widget/init`. */
export interface TeaserConfig {
  text: string;
  delaySeconds?: number;
  /** Path globs of the pages it shows on (all when absent). */
  pages?: string[];
}

/** Whether `path` matches `glob`: `**` any characters, `*` any characters but `/`, `?` one character but `/`. */
export function globMatch(glob: string, path: string): boolean {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(
    /\*\*|\*|\?/g,
    (m) => (m === '**' ? '.*' : m === '*' ? '[^/]*' : '[^/]'),
  );
  return new RegExp(`^${re}$`).test(path);
}

/** Whether a teaser with these page globs shows on `path` (every page when there are none). */
export const onPage = (pages: unknown, path: string): boolean =>
  !Array.isArray(pages) || !pages.length || pages.some((g) => typeof g === 'string' && globMatch(g, path));

export class Teaser {
  private el?: HTMLElement;
  private text = '';
  private actions: WidgetAction[] = [];
  /** A teaser asked for before the shell mounted. */
  private waiting?: [string, unknown];
  private timer = 0;

  constructor(
    private readonly w: WidgetContext,
    private readonly storage: NamespacedStorage,
    private readonly modes: ViewModes,
    private readonly run: (owner: string, id: string) => void,
    private readonly say: (text: string) => void,
  ) {}

  /** The shell mounted: shows a waiting teaser, and plans the experience's (not for a conversation under way). */
  plan(t: TeaserConfig | undefined): void {
    if (this.waiting) this.show(...this.waiting);
    // Embedded, there is no launcher to show it beside.
    if (!t || !this.w.view()?.el('launcher') || !onPage(t.pages, location.pathname)) return;
    this.timer = setTimeout(
      () => !this.w.model.messages.length && this.show(t.text),
      Math.max(0, Number(t.delaySeconds) || 0) * 1000,
    );
  }

  show(text: string, actions?: unknown): void {
    const view = this.w.view();
    const t = str(text, 500)?.trim();
    if (!view) this.waiting = [text, actions];
    if (!view || !t || this.el || this.dismissed().includes(hash(t))) return;
    this.text = t;
    this.actions = validActions(actions, 'showTeaser').slice(0, 3);
    if (!unseen(this.modes.mode)) return this.accept();
    const labels = this.w.labels();
    const el = this.el = make('div', 'nx-teaser');
    const close = make('button', 'nx-teaser-close', '×');
    el.setAttribute('role', 'group');
    el.ariaLabel = labels.assistant;
    close.ariaLabel = labels.notices.dismiss;
    el.append(make('button', 'nx-teaser-text', t), close);
    for (const a of this.actions) el.appendChild(make('button', 'nx-btn nx-action', a.label)).dataset.nxAction = a.id;
    el.onclick = (e) => {
      const b = (e.target as Element).closest('button');
      if (b == close) this.dismiss();
      else if (b) this.accept(b.dataset.nxAction);
    };
    // Braces: a handler property returning false would cancel the key, and Enter would no longer press a button.
    el.onkeydown = (e) => {
      if (e.key == 'Escape') this.dismiss();
    };
    view.el('root').append(el);
    this.say(`${labels.assistant}: ${t}`);
  }

  /** The panel changed to `mode`: opened while a teaser shows, the teaser goes into the conversation. */
  modeChanged(mode: ViewMode): void {
    if (this.el && !unseen(mode)) this.accept();
  }

  /** Opens the teaser into the conversation (and runs its button `actionId`). */
  private accept(actionId?: string): void {
    const id = `t-${Date.now()}`;
    this.dismiss();
    this.w.apply({ type: 'teased', id, text: this.text, actions: this.actions });
    this.modes.open();
    if (actionId) this.run(id, actionId);
  }

  /** Hides the teaser and remembers it for the browser session; focus inside it goes to the launcher. */
  private dismiss(): void {
    const el = this.el;
    const view = this.w.view();
    if (!el || !view) return;
    this.el = undefined;
    this.storage.set('teasers', [...this.dismissed(), hash(this.text)].slice(-20));
    const focused = el.contains(view.root.activeElement);
    el.remove();
    if (focused) view.el('launcher')?.focus();
  }

  private dismissed(): string[] {
    const s = this.storage.get<string[]>('teasers');
    return Array.isArray(s) ? s : [];
  }

  destroy(): void {
    clearTimeout(this.timer);
  }
}
