import type { HandoverPriority, WidgetAction } from './types';

const TYPES = /^(trigger_handover|send_query|open_url|send_event)$/;

/** A plain object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The button when it is well-formed (id 1–64, label 1–100 characters, a known action type; `send_event` with an
 * `eventName`, which `customAction` requires), else undefined.
 */
export function validAction(a: unknown): WidgetAction | undefined {
  const x = a as WidgetAction;
  const ok = isObject(x) &&
    typeof x.id === 'string' &&
    x.id.length > 0 &&
    x.id.length <= 64 &&
    typeof x.label === 'string' &&
    !!x.label.trim() &&
    x.label.length <= 100 &&
    isObject(x.action) &&
    TYPES.test(String(x.action.type)) &&
    (x.action.type !== 'send_event' ||
      (isObject(x.action.payload) && !!String(x.action.payload.eventName ?? '').trim()));
  return ok ? x : undefined;
}

/** The well-formed buttons of a list; the others are dropped, with a console warning naming `where` (when given). */
export function validActions(list: unknown, where?: string): WidgetAction[] {
  if (!Array.isArray(list)) return [];
  return list.filter((a) => {
    const ok = !!validAction(a);
    if (!ok && where) console.warn(`[NexusChatWidget] ignoring invalid action in ${where}:`, a);
    return ok;
  });
}

/** The absolute URL when it is http or https (resolved against the page), else undefined: nothing else is opened. */
export function httpUrl(url: unknown): string | undefined {
  try {
    const u = new URL(String(url), location.href);
    return /^https?:$/.test(u.protocol) ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** `low`, `normal` or `high`; anything else is `normal`. */
export const priority = (p: unknown): HandoverPriority => (p === 'low' || p === 'high' ? p : 'normal');

/**
 * Opens an `open_url` button's http(s) URL (`_blank` by default, without opener: a new browsing context gets no
 * reference back to this page). False when the URL is not http(s): nothing opens.
 */
export function openUrl(payload: Record<string, unknown>): boolean {
  const url = httpUrl(payload.url);
  if (!url) return false;
  const target = typeof payload.target === 'string' && payload.target.trim() ? payload.target.slice(0, 64) : '_blank';
  if (/^_(self|parent|top)$/.test(target)) window.open(url, target);
  else window.open(url, target, 'noopener,noreferrer');
  return true;
}
