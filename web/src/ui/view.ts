import type { ViewMode } from '../types';
import type { Labels } from '../model';
import type { Msg } from '../conversation/types';
import { sheet } from './sheet';
import { legible, paint } from './theme';
import { copyText } from '../clipboard';
import { make } from './dom';

export { paint };

/** The answer controls (feedback, copy, read aloud) a message may get. */
export type Tool = 'up' | 'down' | 'copy' | 'tts';

/** Which answer controls are switched on. */
export interface Tools {
  feedback: boolean;
  copy: boolean;
  tts: boolean;
}

/** One message as the view shows it (owned by the conversation model). */
export type { Msg };

/** What the view reports back to the widget. */
export interface ViewActions {
  launcher(): void;
  minimize(): void;
  maximize(): void;
  close(): void;
  submit(text: string): void;
  input(text: string): void;
  blur(): void;
  retry(id?: string): void;
  /** A button with `data-nx-action`: under the welcome message (`owner` null) or under answer `owner`. */
  action(owner: string | null, id: string, button: HTMLElement): void;
  /** Whether a one-time button was used already (its key: `<owner or welcome>:<id>`). */
  used(key: string): boolean;
  tool(id: string, tool: Tool): void;
  /** A link in an answer was activated: clicked, or Enter/Space on a defused custom-protocol link. */
  link(a: HTMLAnchorElement, e: MouseEvent | KeyboardEvent): void;
  voice(): void;
  accept(): void;
}

let policy: { createHTML(s: string): string } | undefined;
try {
  // Pages enforcing Trusted Types must allow this policy name: `trusted-types nexus-chat-widget`.
  policy = (window as any).trustedTypes?.createPolicy('nexus-chat-widget', { createHTML: (s: string) => s });
} catch {
  // The page's CSP does not allow the policy: plain strings work unless Trusted Types are enforced.
}

/** Parses trusted server HTML (the shell, sanitized answers). The only way markup enters the widget. */
function trusted(html: string): DocumentFragment {
  const t = document.createElement('template');
  t.innerHTML = (policy ? policy.createHTML(html) : html) as string;
  return t.content;
}

/** Schemes a link in an answer may really navigate to (http(s) always in a new tab). */
const NAVIGABLE = /^(https?|mailto|tel):/i;

/**
 * Defuses the links of an inserted answer: any link that is not absolute http(s), mailto or tel loses its `href`
 * (kept in `data-href`), so neither middle-click, "open in new tab" nor dragging can hand a custom scheme such as
 * `ms-msdt:` to the operating system; it stays a focusable link the widget handles itself. http(s) links open in a new
 * tab without opener.
 */
function defuseLinks(body: HTMLElement): void {
  for (const a of body.querySelectorAll('a')) {
    const href = a.getAttribute('href');
    if (href == null) continue;
    // Control characters inside a scheme are ignored by browsers, so they are here too.
    // deno-lint-ignore no-control-regex
    if (NAVIGABLE.test(href.replace(/[\s\x00-\x1f]+/g, ''))) {
      if (/^https?:$/.test(a.protocol)) {
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
      }
      continue;
    }
    a.removeAttribute('href');
    a.dataset.href = href;
    a.setAttribute('role', 'link');
    a.tabIndex = 0;
  }
}

/**
 * A host element for a widget with an open shadow root that adopts the widget's stylesheet. Inline !important beats
 * any host stylesheet rule aimed at the element (`* { all: unset }`, resets).
 */
export function hostFor(embedded: boolean): [HTMLElement, ShadowRoot] {
  const host = document.createElement('nexus-chat-widget');
  const hs = host.style;
  const set = (p: string, v: string) => hs.setProperty(p, v, 'important');
  set('all', 'initial');
  set('display', embedded ? 'block' : 'contents');
  if (embedded) {
    set('width', '100%');
    set('height', '100%');
  }
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [sheet()];
  return [host, root];
}

/**
 * The DOM of one widget: a host element with an open shadow root holding the server-rendered shell. Binds the shell's
 * `data-nx` hooks and renders state it is given; it holds no rules of its own.
 */
export class View {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  /** The elements of the messages shown, by message id. */
  readonly items = new Map<string, HTMLElement>();
  private mode: ViewMode = 'closed';
  private gated = false;
  private statusTimers = new Map<string, number>();

  constructor(
    parent: HTMLElement,
    shellHtml: string,
    private readonly labels: Labels,
    private readonly actions: ViewActions,
    embedded: boolean,
    theme: unknown[],
    private readonly tools: Tools,
  ) {
    [this.host, this.root] = hostFor(embedded);
    this.root.append(trusted(shellHtml));
    const root = this.el('root');
    // A theme given as a string is a mode (the shell's class), not tokens.
    paint(root, ...theme.filter((t) => typeof t == 'object'));
    this.bind();
    parent.append(this.host);
    legible(root);
  }

  /** The shell element with `data-nx="name"`. */
  el<T extends HTMLElement = HTMLElement>(name: string): T {
    return this.root.querySelector(`[data-nx="${name}"]`) as T;
  }

  private bind(): void {
    const a = this.actions;
    const click = (name: string, fn: () => void) => this.el(name)?.addEventListener('click', fn);
    click('launcher', () => a.launcher());
    click('minimize', () => a.minimize());
    click('maximize', () => a.maximize());
    click('close', () => a.close());
    // The pressed Retry disappears (banner hidden, message status replaced): focus goes to the input, not <body>.
    const retry = (id?: string) => {
      a.retry(id);
      this.focusInput();
    };
    click('retry', () => retry());
    const input = this.el<HTMLTextAreaElement>('input');
    const form = this.el<HTMLFormElement>('form');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      a.submit(text);
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    input.addEventListener('input', () => a.input(input.value));
    input.addEventListener('blur', () => a.blur());
    this.el('panel').addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.el('launcher')) {
        e.stopPropagation();
        a.close();
      }
    });
    this.el('messages').addEventListener('click', (e) => {
      const target = e.target as Element;
      const owner = target.closest<HTMLElement>('[data-nx-id]')?.dataset.nxId;
      const b = target.closest('button[data-retry]');
      if (b) retry(b.getAttribute('data-retry')!);
      const action = target.closest<HTMLElement>('button[data-nx-action]');
      if (action && owner) a.action(owner, action.dataset.nxAction!, action);
      const tool = target.closest<HTMLElement>('button[data-nx-tool]');
      if (tool && owner) a.tool(owner, tool.dataset.nxTool as Tool);
      const link = target.closest('a');
      if (link) a.link(link, e);
      const code = target.closest('[data-nx-code]')?.previousElementSibling as HTMLElement | null;
      if (code && owner) {
        copyText(code.innerText, this.root).then((ok) => ok && this.status(owner, this.labels.controls.copied, 2500));
      }
    });
    this.el('messages').addEventListener('keydown', (e) => {
      // A defused link has no href, so the browser does not activate it: Enter and Space do, like a click.
      const link = (e.target as Element).closest<HTMLAnchorElement>('a[data-href]');
      if (!link || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      a.link(link, e);
    });
    this.el('welcome-actions')?.addEventListener('click', (e) => {
      const action = (e.target as Element).closest<HTMLElement>('button[data-nx-action]');
      if (action) a.action(null, action.dataset.nxAction!, action);
    });
    this.el('voice').addEventListener('click', () => a.voice());
    this.el('disclaimer-accept')?.addEventListener('click', () => a.accept());
  }

  /** Shows the disclaimer and disables the composer and welcome buttons until it is accepted (`false`). */
  gate(on: boolean): void {
    this.gated = on;
    const d = this.el('disclaimer');
    // Accepted elsewhere (another tab) while focus was on the disclaimer: focus moves on, not to <body>.
    const refocus = !on && !!d && !d.hidden && d.contains(this.root.activeElement);
    if (d) d.hidden = !on;
    for (const name of ['input', 'send', 'voice']) (this.el(name) as HTMLButtonElement).disabled = on;
    const welcome = this.el('welcome-actions');
    if (welcome) welcome.inert = on;
    if (refocus) this.focusInput();
  }

  /** Disables a used one-time button; it stays focusable so keyboard focus is not lost. */
  markUsed(button: HTMLElement): void {
    button.setAttribute('aria-disabled', 'true');
  }

  /** Marks the welcome buttons used in this session (`ids`); all others usable again. */
  welcomeUsed(ids: (id: string) => boolean): void {
    for (const b of this.root.querySelectorAll<HTMLElement>('[data-nx=welcome-actions] [data-nx-action]')) {
      if (ids(b.dataset.nxAction!)) this.markUsed(b);
      else b.removeAttribute('aria-disabled');
    }
  }

  /** The visible text of a message (what copy and read-aloud use). */
  textOf(id: string): string {
    const body = this.items.get(id)?.querySelector<HTMLElement>('.nx-md, .nx-text');
    return (body?.innerText ?? body?.textContent ?? '').trim();
  }

  /** Announces a short status next to an answer's controls; cleared after `clearMs` when given. */
  status(id: string, text: string, clearMs?: number): void {
    const s = this.tool(id, 'status');
    if (!s) return;
    s.textContent = text;
    clearTimeout(this.statusTimers.get(id));
    if (clearMs) this.statusTimers.set(id, window.setTimeout(() => (s.textContent = ''), clearMs));
  }

  private tool(id: string, name: string): HTMLElement | null | undefined {
    return this.items.get(id)?.querySelector<HTMLElement>(`[data-nx-tool=${name}]`);
  }

  /** A copy of a trusted `<template>` of the shell. */
  clone<T extends Element = HTMLElement>(name: string): T {
    const t = this.el<HTMLTemplateElement>(name);
    return t.content.firstElementChild!.cloneNode(true) as T;
  }

  setMode(mode: ViewMode): void {
    const prev = this.mode;
    this.mode = mode;
    const t = this.labels;
    const panel = this.el('panel');
    panel.hidden = mode === 'closed';
    panel.classList.toggle('nx-min', mode === 'minimized');
    panel.classList.toggle('nx-max', mode === 'maximized');
    const launcher = this.el('launcher');
    if (launcher) {
      launcher.setAttribute('aria-expanded', String(mode !== 'closed'));
      launcher.setAttribute('aria-label', mode === 'closed' ? t.openChat : t.closeChat);
    }
    this.el('minimize')?.setAttribute('aria-label', mode === 'minimized' ? t.restore : t.minimize);
    this.el('maximize').setAttribute('aria-label', mode === 'maximized' ? t.exitMaximize : t.maximize);
    if (mode === 'closed' && prev !== 'closed' && this.root.activeElement) launcher?.focus();
    if (mode !== 'closed' && mode !== 'minimized') this.scroll(true);
  }

  focusInput(): void {
    if (this.mode !== 'closed' && this.mode !== 'minimized') {
      this.el(this.gated ? 'disclaimer-accept' : 'input').focus();
    }
  }

  showWelcome(show: boolean): void {
    this.el('welcome').hidden = !show;
  }

  typing(on: boolean): void {
    this.el('typing').hidden = !on;
    const status = this.el('typing-status');
    if (status) status.textContent = on ? this.labels.typing : '';
    if (on) this.scroll();
  }

  offline(on: boolean): void {
    this.el('offline').hidden = !on;
  }

  /** Shows the error banner with its retry button, or hides it (`null`). */
  error(message: string | null): void {
    this.el('error').hidden = message == null;
    this.el('error-text').textContent = message ?? '';
  }

  clear(): void {
    this.items.clear();
    this.el('messages').replaceChildren();
  }

  /** Adds a message or updates it in place. */
  render(m: Msg): void {
    const old = this.items.get(m.id);
    if (m.role === 'bot' && m.state === 'streaming' && old) {
      old.firstElementChild!.textContent = m.text;
      return this.scroll();
    }
    const t = this.labels;
    if (old && m.role === 'user') {
      // Updated in place: re-inserting the bubble into the log would announce the visitor's message again.
      old.classList.remove('nx-failed', 'nx-queued');
      old.querySelector('.nx-status')?.remove();
      this.userStatus(old, m);
      return;
    }
    const el = make('div', `nx-msg nx-${m.role}${m.divider ? ' nx-divider' : ''}`);
    el.dataset.nxId = m.id;
    if (m.role != 'note') el.setAttribute('part', `message message-${m.role == 'user' ? 'visitor' : 'assistant'}`);
    if (m.role === 'note') {
      el.textContent = m.divider ? t[m.divider] : m.text;
    } else if (m.role === 'bot' && m.state === 'streaming') {
      // Hidden from assistive tech while it streams: the log announces the finished answer once, not every chunk.
      el.setAttribute('aria-hidden', 'true');
      el.append(make('div', 'nx-stream', m.text));
    } else {
      el.append(make('span', 'nx-sr', `${m.role === 'user' ? t.you : t.assistant}: `));
      const body = m.html != null ? make('div', 'nx-md') : make('div', 'nx-text', m.text);
      if (m.html != null) {
        body.append(trusted(m.html));
        defuseLinks(body);
        // Code blocks (wrapped by the server) get a copy button.
        for (const c of body.querySelectorAll('.nx-code')) c.append(this.clone('tpl-code'));
      }
      el.append(body);
      if (m.role === 'bot') this.answerParts(el, m);
      this.userStatus(el, m);
    }
    const anchor = m.after && this.items.get(m.after);
    if (old) old.replaceWith(el);
    else if (anchor) anchor.after(el);
    else this.el('messages').append(el);
    this.items.set(m.id, el);
    this.scroll(m.role === 'user');
  }

  /** The "waiting" or "not sent" line (with its Retry button) of a visitor's message in that state. */
  private userStatus(el: HTMLElement, m: Msg): void {
    if (m.state !== 'failed' && m.state !== 'queued') return;
    const t = this.labels;
    el.classList.add(`nx-${m.state}`);
    const status = make('div', 'nx-status');
    status.append(make('span', '', m.state === 'failed' ? t.notSent : t.queued));
    if (m.state === 'failed') {
      const retry = make('button', 'nx-link', t.retry);
      retry.type = 'button';
      retry.setAttribute('data-retry', m.id);
      status.append(retry);
    }
    el.append(status);
  }

  /** The buttons and controls under a finished answer, cloned from the shell's templates. */
  private answerParts(el: HTMLElement, m: Msg): void {
    if (m.actions?.length) {
      const row = this.clone('tpl-actions');
      for (const a of m.actions) {
        const b = this.clone('tpl-action');
        b.textContent = a.label;
        b.dataset.nxAction = a.id;
        if (a.oneTime && this.actions.used(`${m.id}:${a.id}`)) this.markUsed(b);
        row.append(b);
      }
      el.append(row);
    }
    const tools = this.clone('tpl-tools');
    // Only answers stored on the server can be rated.
    const rate = this.tools.feedback && !!m.messageId;
    const keep: Record<string, boolean> = { up: rate, down: rate, copy: this.tools.copy, tts: this.tools.tts };
    for (const b of tools.querySelectorAll<HTMLElement>('button[data-nx-tool]')) {
      if (!keep[b.dataset.nxTool!]) b.remove();
    }
    if (!tools.querySelector('button')) return;
    el.append(tools);
    if (m.rating) {
      for (const b of tools.querySelectorAll(`[data-nx-tool=${m.rating}]`)) b.setAttribute('aria-pressed', 'true');
    }
  }

  remove(id: string): void {
    this.items.get(id)?.remove();
    this.items.delete(id);
  }

  /** Keeps the newest message in view, unless the visitor scrolled up to read (then only when forced). */
  private scroll(force = false): void {
    const log = this.el('log');
    if (force || log.scrollHeight - log.scrollTop - log.clientHeight < 80) log.scrollTop = log.scrollHeight;
  }

  destroy(): void {
    for (const t of this.statusTimers.values()) clearTimeout(t);
    this.host.remove();
  }
}
