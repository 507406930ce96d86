import type { ViewMode } from '../types';
import type { Labels } from '../model';
import { sheet } from './sheet';

/** One message as the view shows it. */
export interface Msg {
  id: string;
  role: 'user' | 'bot';
  text: string;
  /** Trusted server-rendered HTML of a completed answer. */
  html?: string;
  /** `streaming`: answer text still arriving; `queued`: waiting for the network; `failed`: not sent, retryable. */
  state?: 'streaming' | 'queued' | 'failed';
  /** An answer is placed right after its question (later questions may already be on screen). */
  after?: string;
}

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

function make<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = cls;
  if (text != null) el.textContent = text;
  return el;
}

/**
 * The DOM of one widget: a host element with an open shadow root holding the server-rendered shell. Binds the shell's
 * `data-nx` hooks and renders state it is given; it holds no rules of its own.
 */
export class View {
  readonly host: HTMLElement;
  private root: ShadowRoot;
  private items = new Map<string, HTMLElement>();
  private mode: ViewMode = 'closed';

  constructor(
    parent: HTMLElement,
    shellHtml: string,
    private readonly labels: Labels,
    private readonly actions: ViewActions,
    embedded: boolean,
    accent?: string,
  ) {
    this.host = document.createElement('nexus-chat-widget');
    // Inline !important beats any host stylesheet rule aimed at the element (`* { all: unset }`, resets).
    const hs = this.host.style;
    hs.setProperty('all', 'initial', 'important');
    hs.setProperty('display', embedded ? 'block' : 'contents', 'important');
    if (embedded) {
      hs.setProperty('width', '100%', 'important');
      hs.setProperty('height', '100%', 'important');
    }
    this.root = this.host.attachShadow({ mode: 'open' });
    this.root.adoptedStyleSheets = [sheet()];
    const shell = trusted(shellHtml);
    this.root.append(shell);
    if (accent) {
      const r = this.el('root');
      r.style.setProperty('--nx-accent', accent);
      r.style.setProperty('--nx-on-accent', readableOn(accent));
    }
    this.bind();
    parent.append(this.host);
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
    click('retry', () => a.retry());
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
      const b = target.closest('button[data-retry]');
      if (b) a.retry(b.getAttribute('data-retry')!);
      // Only http(s), mailto and tel links navigate; custom protocols (tour:, action:…) never do.
      const link = target.closest('a');
      if (link && !/^(https?|mailto|tel):$/.test(link.protocol)) e.preventDefault();
    });
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
    this.el('minimize').setAttribute('aria-label', mode === 'minimized' ? t.restore : t.minimize);
    this.el('maximize').setAttribute('aria-label', mode === 'maximized' ? t.exitMaximize : t.maximize);
    if (mode === 'closed' && prev !== 'closed' && this.root.activeElement) launcher?.focus();
    if (mode !== 'closed' && mode !== 'minimized') this.scroll(true);
  }

  focusInput(): void {
    if (this.mode !== 'closed' && this.mode !== 'minimized') this.el('input').focus();
  }

  showWelcome(show: boolean): void {
    this.el('welcome').hidden = !show;
  }

  typing(on: boolean): void {
    this.el('typing').hidden = !on;
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
    const el = make('div', `nx-msg nx-${m.role}`);
    const t = this.labels;
    if (m.role === 'bot' && m.state === 'streaming') {
      // Hidden from assistive tech while it streams: the log announces the finished answer once, not every chunk.
      el.setAttribute('aria-hidden', 'true');
      el.append(make('div', 'nx-stream', m.text));
    } else {
      el.append(make('span', 'nx-sr', `${m.role === 'user' ? t.you : t.assistant}: `));
      const body = m.html != null ? make('div', 'nx-md') : make('div', 'nx-text', m.text);
      if (m.html != null) body.append(trusted(m.html));
      el.append(body);
      if (m.state === 'failed' || m.state === 'queued') {
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
    }
    const anchor = m.after && this.items.get(m.after);
    if (old) old.replaceWith(el);
    else if (anchor) anchor.after(el);
    else this.el('messages').append(el);
    this.items.set(m.id, el);
    this.scroll(m.role === 'user');
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
    this.host.remove();
  }
}

/** Black or white, whichever reads better on a `#rgb`/`#rrggbb` background (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05/(l+.05); with black (l+.05)/.05: pick the larger.
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#fff' : '#000';
}
