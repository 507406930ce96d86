import type { ViewMode } from '../types';
import { make } from './dom';
import { hostFor, paint } from './view';

/**
 * How this experience's widget looked at its last start, remembered per experience so the next start can show the
 * composer before the server answers: `key` names the init request it answered (without session and user), the rest
 * are the theme, accent colour, direction, language and the words of the composer and launcher, read from the
 * server-rendered shell; `disclaimer` is the key of a disclaimer the shell gated.
 */
export interface Skin {
  key: string;
  theme: string;
  accent?: string;
  dir?: string;
  lang?: string;
  placeholder?: string;
  message?: string;
  send?: string;
  open?: string;
  disclaimer?: string;
}

/** What the skeleton reports back to its widget. */
export interface SkeletonActions {
  launcher(): void;
  /** A message the visitor sent: kept by the widget until it can go out. */
  submit(text: string): void;
  input(text: string): void;
  blur(): void;
}

/** A new element with class `cls` (and `part`, as the shell's element of the same role has) added to `parent`. */
function add<K extends keyof HTMLElementTagNameMap>(parent: Node, tag: K, cls: string, part?: string) {
  const el = parent.appendChild(make(tag, cls));
  if (part) el.setAttribute('part', part);
  return el;
}

/**
 * The launcher and composer a widget shows until `POST /widget/init` answers, so the visitor can type and press Enter
 * at once, with the shell's `::part` names (`launcher`, `panel`, `input`, `send`), so the page's rules style it alike.
 * Built with DOM APIs only; its look and words are those of the last start of this experience (nothing on a
 * first visit, so nothing wrong flashes), always set as attributes or text. The server-rendered shell replaces it and
 * takes over what was typed.
 */
export class Skeleton {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  readonly input: HTMLTextAreaElement;
  private readonly panel: HTMLElement;
  private readonly launcher?: HTMLButtonElement;

  constructor(
    parent: HTMLElement,
    embedded: boolean,
    position: string,
    skin: Skin,
    gated: boolean,
    a: SkeletonActions,
  ) {
    [this.host, this.root] = hostFor(embedded);
    const r = add(this.root, 'div', `nx-root nx-${skin.theme} nx-${position} nx-${embedded ? 'embedded' : 'floating'}`);
    r.dir = skin.dir ?? '';
    r.lang = skin.lang ?? '';
    paint(r, skin.accent);
    if (!embedded) {
      const l = this.launcher = add(r, 'button', 'nx-launcher', 'launcher');
      l.type = 'button';
      l.ariaLabel = skin.open ?? null;
      l.addEventListener('click', () => a.launcher());
    }
    this.panel = add(r, 'div', 'nx-panel', 'panel');
    const body = add(this.panel, 'div', 'nx-body');
    const log = add(body, 'div', 'nx-log');
    const form = add(body, 'form', 'nx-composer');
    const input = this.input = add(form, 'textarea', 'nx-input', 'input');
    input.rows = 1;
    input.maxLength = 4000;
    input.placeholder = skin.placeholder ?? '';
    input.ariaLabel = skin.message ?? null;
    input.disabled = gated;
    const send = add(form, 'button', 'nx-send', 'send');
    send.ariaLabel = skin.send ?? null;
    send.disabled = gated;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      a.submit(text);
      // Shown at once as text; the shell shows it again from the conversation once it is sent.
      add(add(log, 'div', 'nx-msg nx-user'), 'div', 'nx-text').textContent = text;
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    input.addEventListener('input', () => a.input(input.value));
    input.addEventListener('blur', () => a.blur());
    parent.append(this.host);
  }

  setMode(mode: ViewMode): void {
    this.panel.hidden = mode === 'closed';
    this.panel.classList.toggle('nx-min', mode === 'minimized');
    this.panel.classList.toggle('nx-max', mode === 'maximized');
    this.launcher?.setAttribute('aria-expanded', String(mode !== 'closed'));
  }

  focus(): void {
    if (!this.panel.hidden) this.input.focus();
  }

  /** Whether the visitor is in the composer (the shell then puts focus in its own). */
  focused(): boolean {
    return this.root.activeElement === this.input;
  }
}
