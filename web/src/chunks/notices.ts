/**
 * The notices chunk: the proactive teaser (`teaser.ts`) and the display of the unread count with its sound
 * (`unread.ts`, `sound.ts`), loaded by a widget when it first needs one of them — an experience with a teaser,
 * `showTeaser()`, or an answer that arrives while the panel is closed or minimized — with their styles
 * (`notices.css`).
 */
import { adopt, sheetOf } from '../ui/sheet';

export { Teaser } from '../teaser';
export { unreadBadge, UnreadCounter } from '../unread';

declare const __NX_CSS__: string;

let sheet: CSSStyleSheet | undefined;

/** Adds the notices' styles to a widget's shadow root (once). */
export function style(root: ShadowRoot): void {
  adopt(root, sheet ??= sheetOf(__NX_CSS__));
}
