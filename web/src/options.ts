/**
 * Reading the integrator's config: invalid options are dropped with a console warning instead of failing init (a 400
 * from the server would take the whole widget down for one typo).
 */
import { isObject, validActions } from './actions';
import type { ApiSettings } from './api';
import type { Features, WidgetConfig } from './types';

/** BCP 47 language tag, loosely. */
export const LANGUAGE_TAG = /^[a-z]{2,3}([-_][a-z\d]{1,8}){0,4}$/i;

/** The option when it matches `pattern`; otherwise undefined, with a console warning naming it (unless unnamed). */
export function valid(name: string, value: unknown, pattern: RegExp): string | undefined {
  if (value == null || value === '') return undefined;
  if (typeof value === 'string' && pattern.test(value)) return value;
  if (name) console.warn(`[NexusChatWidget] ignoring invalid config.${name}:`, value);
  return undefined;
}

/** A string option cut to `max` characters, or undefined. */
export const str = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.trim() ? v.slice(0, max) : undefined;

/** Short FNV-1a hash: identifies a disclaimer's text, so a changed disclaimer must be accepted again. */
export function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/** The body of `POST /widget/init` for this config. */
export function initRequest(c: WidgetConfig, sessionId: string | null, locale: string | undefined, embedded: boolean) {
  const m = c.messages;
  return {
    experienceId: c.experienceId,
    sessionId: sessionId ?? undefined,
    userId: c.userId,
    userHash: c.userHash,
    locale,
    theme: valid('theme', isObject(c.theme) ? c.theme.mode : c.theme, /^(light|dark|auto)$/),
    position: valid('position', c.position, /^(bottom|top)-(right|left)$/),
    mode: embedded ? 'embedded' : 'floating',
    messages: m && {
      welcomeMessage: m.welcomeMessage == null ? undefined : String(m.welcomeMessage).slice(0, 2000),
      welcomeMessageDisplay: valid('messages.welcomeMessageDisplay', m.welcomeMessageDisplay, /^(bubble|inline)$/),
      welcomeActions: welcomeActionsOption(c),
    },
    disclaimer: disclaimerOption(c),
  };
}

/** `config.messages.welcomeActions` as sent to init: the well-formed buttons, each invalid one dropped with a warning. */
function welcomeActionsOption(c: WidgetConfig) {
  const w = c.messages?.welcomeActions;
  if (w == null) return undefined;
  if (!isObject(w) || !Array.isArray(w.actions)) {
    console.warn('[NexusChatWidget] ignoring invalid config.messages.welcomeActions:', w);
    return undefined;
  }
  return {
    actions: validActions(w.actions, 'config.messages.welcomeActions')
      .slice(0, 12)
      .map((a) => ({
        id: a.id,
        label: a.label,
        action: { type: a.action.type, payload: isObject(a.action.payload) ? a.action.payload : {} },
        oneTime: a.oneTime === true || undefined,
      })),
  };
}

/** `config.disclaimer` as sent to init: `false` removes the experience's; a text replaces it. */
function disclaimerOption(c: WidgetConfig) {
  const d = c.disclaimer;
  if (d == null) return undefined;
  if (d === false) return { enabled: false };
  if (isObject(d) && str(d.text, 4000)) {
    return { title: str(d.title, 200), text: str(d.text, 4000), acceptLabel: str(d.acceptLabel, 60) };
  }
  console.warn('[NexusChatWidget] ignoring invalid config.disclaimer:', d);
  return undefined;
}

/** Network settings from the config; `apiUrl` defaults to the origin the bundle was loaded from. */
export function apiSettings(c: WidgetConfig, scriptOrigin: string, signal: AbortSignal): ApiSettings {
  const advanced = c.advanced ?? {};
  return {
    baseUrl: (c.apiUrl || `${scriptOrigin}/api/v2`).replace(/\/+$/, ''),
    timeoutMs: advanced.requestTimeoutMs ?? 30000,
    retries: advanced.retries ?? 2,
    userId: c.userId,
    userHash: c.userHash,
    signal,
  };
}

const DEFAULT_FEATURES: Required<Features> = {
  voice: true,
  tts: false,
  ttsAuto: false,
  feedback: true,
  copy: true,
  sound: false,
  titleBadge: false,
};

/** The interaction controls: the defaults, then the experience's (`server`), then the config's booleans. */
export function features(c?: WidgetConfig, server?: Features): Required<Features> {
  const own = isObject(c?.features) ? Object.entries(c.features).filter(([, v]) => typeof v === 'boolean') : [];
  return { ...DEFAULT_FEATURES, ...server, ...Object.fromEntries(own) };
}
