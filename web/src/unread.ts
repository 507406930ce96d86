/** The unread count on the launcher (`features.sound`, `features.titleBadge`): answers the visitor has not seen yet. */
import type { Labels } from './model';
import { chime } from './sound';
import type { Features, ViewMode } from './types';
import { make } from './ui/dom';
import type { View } from './ui/view';

/** Whether the panel hides the conversation in `mode`. */
export const unseen = (mode: ViewMode): boolean => mode == 'closed' || mode == 'minimized';

/** Counts new assistant messages while the panel is closed or minimized; opening it clears the count. */
export class UnreadCounter {
  count = 0;

  /** @param show shows `count`; `added`: a message just arrived (announce it) */
  constructor(private readonly show: (count: number, added?: boolean) => void) {}

  /** A new assistant message arrived while the panel was in `mode`. */
  add(mode: ViewMode): void {
    if (unseen(mode)) this.show(++this.count, true);
  }

  /** The panel changed to `mode`: open, the messages are seen; still closed, the count shows again. */
  mode(mode: ViewMode): void {
    if (this.count) this.show(unseen(mode) ? this.count : (this.count = 0));
  }
}

/** A polite live region in the widget's root: what is put in it is announced once. */
export function announcer(view: View): (text: string) => void {
  const live = make('div', 'nx-sr');
  live.setAttribute('role', 'status');
  view.el('root').append(live);
  return (text) => (live.textContent = text);
}

/**
 * Shows the count on the launcher: a badge, the launcher's accessible name and a polite announcement ("New messages:
 * 2"); optionally the page's title (`(2) Title`) and a tone. Nothing without a launcher (embedded).
 */
export function unreadBadge(
  view: View,
  labels: Labels,
  mode: () => ViewMode,
  say: (text: string) => void,
  f: Features,
): (count: number, added?: boolean) => void {
  const launcher = view.el('launcher');
  const badge = launcher?.appendChild(make('span', 'nx-badge'));
  badge?.setAttribute('aria-hidden', 'true');
  return (n, added) => {
    if (!badge) return;
    const text = labels.notices.unread.replace('{n}', '' + n);
    badge.textContent = n ? (n > 9 ? '9+' : '' + n) : '';
    // Closed or minimized with a count: its name says so; opened, the view has just named it anew.
    if (n) launcher!.ariaLabel = `${mode() == 'closed' ? labels.openChat : labels.closeChat}. ${text}`;
    say(added ? text : '');
    if (added && f.sound) chime();
    if (f.titleBadge) document.title = (n ? `(${n}) ` : '') + document.title.replace(/^\(\d+\) /, '');
  };
}
