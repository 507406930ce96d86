import { httpUrl, isObject, priority, validActions } from './actions';
import { Api, ApiError } from './api';
import { copyText } from './clipboard';
import { Emitter } from './events';
import { intercept } from './interceptor';
import { readLink } from './links';
import type { CompleteEventData, InitResponse, Labels, SessionEventData } from './model';
import { ReadAloud, VoiceInput, canSpeak, recognition } from './speech';
import { NamespacedStorage } from './storage';
import { TabChannel } from './tabsync';
import type {
  ErrorType,
  Features,
  NexusChatWidgetInstance,
  SessionStartMetadata,
  ViewMode,
  WidgetAction,
  WidgetConfig,
  WidgetEventMap,
  WidgetEventName,
} from './types';
import { isUuid, newUuid } from './uuid';
import { View, type Msg, type Tool } from './ui/view';

/** A message waiting to be sent or being sent; persisted so a reload or an outage never loses it. */
interface Pending {
  queryId: string;
  text: string;
  sessionId: string;
  /** The message interceptor has seen it (a retry is not intercepted again). */
  seen?: boolean;
  /** Text and metadata to send instead, from the interceptor. */
  send?: string;
  meta?: Record<string, unknown>;
  /** Not sent after retries: kept (in storage too) with its Retry button until the visitor retries it. */
  failed?: boolean;
}

/** What tabs showing the same widget tell each other (tabsync.ts). */
type SyncMessage =
  | { t: 'session'; id: string; at: number }
  | { t: 'reset'; id: string | null; at: number; welcome: boolean }
  | { t: 'msg'; m: Msg }
  | { t: 'disclaimer'; key: string }
  | { t: 'used'; key: string };

const DEFAULT_FEATURES: Required<Features> = { voice: true, tts: false, ttsAuto: false, feedback: true, copy: true };

/** The option when it matches `pattern`; otherwise undefined, with a console warning naming it (unless unnamed). */
function valid(name: string, value: unknown, pattern: RegExp): string | undefined {
  if (value == null || value === '') return undefined;
  if (typeof value === 'string' && pattern.test(value)) return value;
  if (name) console.warn(`[NexusChatWidget] ignoring invalid config.${name}:`, value);
  return undefined;
}

/** Storage namespaces in use on this page, so two live instances never share one. */
const namespaces = new Set<string>();

const LANGUAGE_TAG = /^[a-z]{2,3}([-_][a-z\d]{1,8}){0,4}$/i;

/** Short FNV-1a hash: identifies a disclaimer's text, so a changed disclaimer must be accepted again. */
function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/** A string option cut to `max` characters, or undefined. */
const str = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.trim() ? v.slice(0, max) : undefined);
const TYPING_THROTTLE_MS = 500;
const TYPING_IDLE_MS = 1000;

/**
 * One widget instance: owns the session model (ids, counts, the clearChat/startNewSession rules), the outbox of
 * messages, the event emitter and the view. Nothing here turns strings into markup.
 */
export class Widget implements NexusChatWidgetInstance {
  private readonly events = new Emitter();
  private readonly lifetime = new AbortController();
  private readonly api: Api;
  private readonly storage: NamespacedStorage;
  /** Storage shared by every instance of this experience (disclaimer acceptance). */
  private readonly experienceStorage: NamespacedStorage;
  private readonly namespace: string;
  /** `config.locale` or `<html lang>` when valid: sent to init. */
  private readonly locale?: string;
  /** BCP 47 language of voice input and read-aloud. */
  private readonly language: string;
  private features = DEFAULT_FEATURES;
  private welcomeActions = new Map<string, WidgetAction>();
  /** One-time buttons used in this conversation (`<owner>:<id>`, owner = message id or `welcome`). */
  private used: Set<string>;
  /** Set while a disclaimer waits to be accepted: the composer and buttons are disabled. */
  private gated = false;
  private disclaimerKey?: string;
  private voice?: VoiceInput;
  private speaker?: ReadAloud;
  private readonly sync?: TabChannel;
  private readonly embedded: boolean;
  private readonly container: HTMLElement;
  private view?: View;
  private labels?: Labels;
  private mode: ViewMode;
  private lastSize: 'normal' | 'maximized' = 'normal';
  private destroyed = false;

  private sessionId: string | null;
  /** The id found in storage at start-up: dropped if the server no longer has it active. */
  private readonly stored: string | null;
  private sessionStartedAt = Date.now();
  private messageCount = 0;
  private msgs: Msg[] = [];
  private welcome = true;

  private outbox: Pending[];
  /** Every message this tab has had in its outbox: the others in the stored outbox belong to other tabs. */
  private readonly known = new Set<string>();
  private failed = new Map<string, Pending>();
  private inFlight?: { item: Pending; abort: AbortController };

  private typingText = '';
  private typingSince = 0;
  private typingTimer = 0;
  private initTimer = 0;
  private initTries = 0;
  private starting = false;
  private readonly onOnline = () => this.connectivity();
  private readonly onOffline = () => this.connectivity();

  constructor(
    private readonly config: WidgetConfig,
    scriptOrigin: string,
  ) {
    if (!config || typeof config.experienceId !== 'string' || !config.experienceId) {
      throw new TypeError('NexusChatWidget.init: config.experienceId is required');
    }
    const found =
      config.mode === 'embedded' &&
      (typeof config.container === 'string' ? document.querySelector<HTMLElement>(config.container) : config.container);
    this.embedded = !!found;
    this.container = found || document.body;
    this.mode = this.embedded ? 'normal' : 'closed';

    let ns = config.storageKey || config.experienceId;
    for (let i = 2; namespaces.has(ns); i++) ns = `${config.storageKey || config.experienceId}#${i}`;
    namespaces.add((this.namespace = ns));
    this.storage = new NamespacedStorage(ns);
    this.experienceStorage = new NamespacedStorage(config.experienceId);
    this.used = new Set(this.storage.get<string[]>('used') ?? []);
    this.locale = valid('locale', config.locale, LANGUAGE_TAG) ?? valid('', document.documentElement.lang, LANGUAGE_TAG);
    this.language = this.locale ?? valid('', navigator.language, LANGUAGE_TAG) ?? 'en';
    if (!config.disableTabSync) this.sync = new TabChannel(ns, (m) => this.onSync(m));

    const advanced = config.advanced ?? {};
    this.api = new Api({
      baseUrl: (config.apiUrl || `${scriptOrigin}/api/v2`).replace(/\/+$/, ''),
      timeoutMs: advanced.requestTimeoutMs ?? 30000,
      retries: advanced.retries ?? 2,
      userId: config.userId,
      signal: this.lifetime.signal,
    });

    // An explicit sessionId wins over the stored one (shared sessions, sessions handed over from the REST API).
    const explicit = config.sessionId;
    const storedId = this.storage.get<string>('session');
    this.stored = isUuid(explicit) || !isUuid(storedId) ? null : storedId;
    this.sessionId = isUuid(explicit) ? explicit : this.stored;
    if (this.sessionId) this.storage.set('session', this.sessionId);
    const kept = this.storage.get<Pending[]>('outbox');
    this.outbox = [];
    for (const p of Array.isArray(kept) ? kept : []) {
      if (!isObject(p) || !isUuid(p.queryId) || typeof p.text !== 'string') continue;
      this.known.add(p.queryId);
      if (p.failed) this.failed.set(p.queryId, p);
      else this.outbox.push(p);
      this.msgs.push({ id: p.queryId, role: 'user', text: p.text, state: p.failed ? 'failed' : 'queued' });
    }

    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    // Deferred: listeners registered right after init() (and replayed snippet calls) see every event.
    queueMicrotask(() => {
      if (explicit != null && !isUuid(explicit)) {
        this.fail('unknown', `config.sessionId "${explicit}" is not a UUID; ignored`, { sessionId: explicit });
      }
      if (!this.embedded && config.mode === 'embedded') {
        this.fail('unknown', 'config.container not found; showing the floating widget instead');
      }
      void this.start();
    });
  }

  // ---------------------------------------------------------------- public API

  on<E extends WidgetEventName>(event: E, listener: (data: Readonly<WidgetEventMap[E]>) => void): () => void {
    return this.events.on(event, listener);
  }

  off<E extends WidgetEventName>(event: E, listener: (data: Readonly<WidgetEventMap[E]>) => void): void {
    this.events.off(event, listener);
  }

  open(): void {
    if (this.destroyed || (this.mode !== 'closed' && this.mode !== 'minimized')) return;
    const prev = this.mode;
    this.setMode(this.lastSize);
    if (prev === 'closed') this.emit('open', { sessionId: this.sessionId });
    else this.emit('maximize', { previousMode: prev, mode: this.mode, sessionId: this.sessionId });
    this.view?.focusInput();
  }

  close(): void {
    // An embedded panel has no launcher to come back with: it never closes.
    if (this.destroyed || this.embedded || this.mode === 'closed') return;
    this.setMode('closed');
    this.emit('close', { sessionId: this.sessionId });
  }

  minimize(): void {
    // Collapsing an embedded panel would leave an empty box in the page's layout.
    if (this.destroyed || this.embedded || (this.mode !== 'normal' && this.mode !== 'maximized')) return;
    const prev = this.mode;
    this.setMode('minimized');
    this.emit('minimize', { previousMode: prev, mode: 'minimized', sessionId: this.sessionId });
  }

  maximize(): void {
    if (this.destroyed || this.mode === 'maximized') return;
    const prev = this.mode;
    this.lastSize = 'maximized';
    this.setMode('maximized');
    if (prev === 'closed') this.emit('open', { sessionId: this.sessionId });
    this.emit('maximize', { previousMode: prev, mode: 'maximized', sessionId: this.sessionId });
    this.view?.focusInput();
  }

  sendMessage(text: string): void {
    text = String(text ?? '').trim();
    if (this.destroyed || !text) return;
    this.stopTyping();
    if (!this.sessionId) this.beginSession(newUuid(), { trigger: 'message' });
    const item: Pending = { queryId: newUuid(), text, sessionId: this.sessionId! };
    this.messageCount++;
    this.show({ id: item.queryId, role: 'user', text }, true);
    this.emit('messageStart', { message: text, queryId: item.queryId });
    this.outbox.push(item);
    this.saveOutbox();
    this.pump();
  }

  startNewSession(sessionId?: string): string | null {
    if (this.destroyed) return null;
    if (sessionId != null && !isUuid(sessionId)) {
      this.fail('unknown', `startNewSession: "${sessionId}" is not a UUID; nothing changed`, { sessionId });
      return null;
    }
    const id = sessionId ?? newUuid();
    if (id === this.sessionId) {
      // Ending the session and starting it again under the same id would reuse an ended session's id.
      this.fail('unknown', `startNewSession: session id ${id} already used; nothing changed`, { sessionId: id });
      return null;
    }
    this.endSession();
    this.resetConversation(true);
    this.beginSession(id, { trigger: 'startNewSession' });
    this.sync?.post({ t: 'reset', id, at: this.sessionStartedAt, welcome: true } satisfies SyncMessage);
    this.api
      .post('/sessions', { id, experienceId: this.config.experienceId, userId: this.config.userId })
      .catch((e) => {
        this.reportApi(e, { sessionId: id, call: 'createSession' });
        // The id is taken (another experience or user): forget it, so the next message opens a fresh session.
        if (e instanceof ApiError && e.status === 409 && this.sessionId === id) {
          this.sessionId = null;
          this.storage.remove('session');
        }
      });
    return id;
  }

  clearChat(): void {
    if (this.destroyed) return;
    this.emit('sessionClear', { messageCount: this.messageCount });
    this.endSession();
    this.sessionId = null;
    this.storage.remove('session');
    this.resetConversation(false);
    this.sync?.post({ t: 'reset', id: null, at: Date.now(), welcome: false } satisfies SyncMessage);
  }

  getSessionId(): string | null {
    return this.sessionId;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.lifetime.abort();
    clearTimeout(this.typingTimer);
    clearTimeout(this.initTimer);
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    this.sync?.close();
    this.voice?.abort();
    this.speaker?.stop();
    this.view?.destroy();
    this.view = undefined;
    this.events.clear();
    namespaces.delete(this.namespace);
  }

  // ---------------------------------------------------------------- start-up and view

  private async start(): Promise<void> {
    clearTimeout(this.initTimer);
    if (this.destroyed || this.view || this.starting) return;
    this.starting = true;
    const c = this.config;
    let res: InitResponse;
    try {
      // Invalid options are dropped (with a warning) rather than failing the whole widget with a 400.
      const m = c.messages;
      res = await this.api.post<InitResponse>('/widget/init', {
        experienceId: c.experienceId,
        sessionId: this.sessionId ?? undefined,
        userId: c.userId,
        locale: this.locale,
        theme: valid('theme', c.theme, /^(light|dark)$/),
        position: valid('position', c.position, /^(bottom|top)-(right|left)$/),
        mode: this.embedded ? 'embedded' : 'floating',
        messages: m && {
          welcomeMessage: m.welcomeMessage == null ? undefined : String(m.welcomeMessage).slice(0, 2000),
          welcomeMessageDisplay: valid('messages.welcomeMessageDisplay', m.welcomeMessageDisplay, /^(bubble|inline)$/),
          welcomeActions: this.welcomeActionsOption(),
        },
        disclaimer: this.disclaimerOption(),
      });
    } catch (e) {
      this.starting = false;
      // Tried again when the browser comes back online (see connectivity()), and later with a growing delay.
      this.reportApi(e, { call: 'init' });
      if (!this.destroyed) {
        this.initTimer = window.setTimeout(() => void this.start(), Math.min(300_000, 15_000 * 2 ** this.initTries++));
      }
      return;
    }
    this.starting = false;
    if (this.destroyed || this.view) return;
    const s = res.session;
    const resumed = s && s.id === this.sessionId && s.status === 'active';
    // A message already sent (or waiting) with the stored id keeps it: the server answers it with a rollover, which
    // must become sessionEnd/sessionStart instead of a third session.
    const inUse = this.outbox.some((p) => p.sessionId === this.stored);
    if (!resumed && this.stored && this.stored === this.sessionId && !inUse) {
      // A stored session the server no longer has active: forget it (and its used one-time buttons); the next
      // message starts a fresh one.
      this.sessionId = null;
      this.storage.remove('session');
      this.used.clear();
      this.storage.remove('used');
    }
    if (s && resumed) {
      this.sessionStartedAt = Date.parse(s.createdAt) || Date.now();
      this.messageCount = s.messageCount ?? s.messages.length;
      // Ids as the live conversation uses them (queryId, a-queryId), so other tabs' updates find these messages.
      const history: Msg[] = s.messages.map((m) =>
        m.role === 'user'
          ? { id: m.queryId ?? m.id, role: 'user', text: m.text }
          : {
              id: m.queryId ? `a-${m.queryId}` : m.id,
              role: 'bot',
              text: m.text,
              html: m.html ?? undefined,
              messageId: m.id,
              sessionId: s.id,
              actions: validActions(m.actions),
            },
      );
      const seen = new Set(history.map((m) => m.id));
      this.msgs = [...history, ...this.msgs.filter((m) => !seen.has(m.id))];
      // Kept messages the server already answered (stored before the reload) are not sent again; one whose answer is
      // not stored yet is, and the server replays or finishes it under the same queryId, shown in place.
      const answered = (p: Pending) => seen.has(`a-${p.queryId}`);
      if (this.outbox.some(answered) || [...this.failed.values()].some(answered)) {
        this.outbox = this.outbox.filter((p) => !answered(p));
        for (const p of [...this.failed.values()]) if (answered(p)) this.failed.delete(p.queryId);
        this.saveOutbox();
      }
    }
    this.labels = res.labels;
    const e = res.experience;
    const own = isObject(c.features) ? Object.entries(c.features).filter(([, v]) => typeof v === 'boolean') : [];
    this.features = { ...DEFAULT_FEATURES, ...e.features, ...Object.fromEntries(own) };
    for (const a of validActions(e.messages?.welcomeActions?.actions)) this.welcomeActions.set(a.id, a);
    const Recognition = recognition();
    if (this.features.voice && Recognition) {
      // What the visitor had typed before speaking: the transcript is added to it, never replaces it.
      let draft = '';
      this.voice = new VoiceInput(Recognition, this.language, {
        start: () => {
          draft = this.view?.el<HTMLTextAreaElement>('input').value.trim() ?? '';
          this.view?.listening(true);
          // voiceStart requires the session the transcript goes to: the first thing said opens it (as a handover does).
          if (!this.sessionId) this.beginSession(newUuid(), { trigger: 'voice' });
          this.emit('voiceStart', { language: this.language, sessionId: this.sessionId! });
        },
        text: (t) => this.view?.setInput(draft && t ? `${draft} ${t}` : draft || t),
        end: (transcript, duration) => {
          this.view?.listening(false);
          this.emit('voiceEnd', { transcript, duration });
          this.view?.focusInput();
        },
        fail: (message) => {
          this.view?.listening(!!this.voice?.listening);
          this.fail('unknown', message, { call: 'voice' });
        },
      });
    }
    if ((this.features.tts || this.features.ttsAuto) && canSpeak()) {
      this.speaker = new ReadAloud(this.language, {
        start: (id, t) => {
          this.view?.reading(id);
          this.emit('ttsStart', { text: t, messageId: this.messageIdOf(id) });
        },
        end: (id, duration) => {
          this.view?.reading(this.speaker?.reading);
          this.emit('ttsEnd', { duration, messageId: this.messageIdOf(id) });
        },
      });
    }
    this.view = new View(
      this.container,
      res.shellHtml,
      res.labels,
      {
        launcher: () => (this.mode === 'closed' ? this.open() : this.close()),
        minimize: () => (this.mode === 'minimized' ? this.open() : this.minimize()),
        maximize: () => (this.mode === 'maximized' ? this.restoreSize() : this.maximize()),
        close: () => this.close(),
        submit: (text) => this.sendMessage(text),
        input: (text) => this.typing(text),
        blur: () => this.stopTyping(),
        retry: (id) => this.retry(id),
        action: (owner, id, button) => this.runAction(owner, id, button),
        used: (key) => this.used.has(key),
        tool: (id, tool) => void this.tool(id, tool),
        comment: (id, t) => {
          const m = this.msgs.find((x) => x.id === id);
          if (m?.rating) void this.rate(id, m.rating, t.slice(0, 2000));
        },
        link: (a, ev) => this.link(a, ev),
        voice: () => !this.gated && this.voice?.toggle(),
        accept: () => this.acceptDisclaimer(),
      },
      this.embedded,
      e.theme?.primaryColor,
      { feedback: this.features.feedback, copy: this.features.copy, tts: this.features.tts && !!this.speaker },
    );
    this.view.setMode(this.mode);
    this.view.showWelcome(this.welcome);
    this.view.offline(!navigator.onLine);
    this.view.voiceAvailable(!!this.voice);
    this.view.welcomeUsed((id) => this.used.has(`welcome:${id}`));
    if (e.disclaimer) {
      this.disclaimerKey = hash(`${e.disclaimer.title ?? ''}\n${e.disclaimer.text}`);
      this.gated = this.experienceStorage.get<string>('disclaimer') !== this.disclaimerKey;
      this.view.gate(this.gated);
    }
    for (const m of this.msgs) this.view.render(m);
    if (this.mode !== 'closed') this.view.focusInput();
    // Messages kept from before a reload go out now (not only on the next 'online' event).
    this.pump();
  }

  /** `config.messages.welcomeActions` as sent to init: the well-formed buttons, each invalid one dropped with a warning. */
  private welcomeActionsOption() {
    const w = this.config.messages?.welcomeActions;
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
  private disclaimerOption() {
    const d = this.config.disclaimer;
    if (d == null) return undefined;
    if (d === false) return { enabled: false };
    if (isObject(d) && str(d.text, 4000)) {
      return { title: str(d.title, 200), text: str(d.text, 4000), acceptLabel: str(d.acceptLabel, 60) };
    }
    console.warn('[NexusChatWidget] ignoring invalid config.disclaimer:', d);
    return undefined;
  }

  private setMode(mode: ViewMode): void {
    this.mode = mode;
    this.view?.setMode(mode);
  }

  /** The maximize button on a maximized panel: back to the normal size. */
  private restoreSize(): void {
    this.lastSize = 'normal';
    this.setMode('normal');
    this.emit('minimize', { previousMode: 'maximized', mode: 'normal', sessionId: this.sessionId });
  }

  /** Shows a message (added or updated in place); `broadcast`: other tabs show it too. */
  private show(m: Msg, broadcast = false): void {
    if (broadcast) this.sync?.post({ t: 'msg', m } satisfies SyncMessage);
    const i = this.msgs.findIndex((x) => x.id === m.id);
    const after = m.after ? this.msgs.findIndex((x) => x.id === m.after) : -1;
    if (i >= 0) this.msgs[i] = m;
    else if (after >= 0) this.msgs.splice(after + 1, 0, m);
    else this.msgs.push(m);
    this.view?.render(m);
  }

  private unshow(id: string): void {
    this.msgs = this.msgs.filter((m) => m.id !== id);
    this.view?.remove(id);
  }

  // ---------------------------------------------------------------- sessions

  private beginSession(id: string, metadata: Omit<SessionStartMetadata, 'experienceId'>): void {
    this.sessionId = id;
    this.sessionStartedAt = Date.now();
    this.messageCount = 0;
    this.storage.set('session', id);
    this.sync?.post({ t: 'session', id, at: this.sessionStartedAt } satisfies SyncMessage);
    this.announce(id, metadata);
  }

  /**
   * Emits `sessionStart` once per session id (remembered in storage, so the server's `created` for a session this
   * widget already announced, even before a reload, is not announced again).
   */
  private announce(id: string, metadata: Omit<SessionStartMetadata, 'experienceId'>): void {
    if (this.storage.get<string>('started') === id) return;
    this.storage.set('started', id);
    this.emit('sessionStart', { sessionId: id, metadata: { ...metadata, experienceId: this.config.experienceId } });
  }

  /** Emits sessionEnd for the current session and completes it on the server (in the background). */
  private endSession(messageCount = this.messageCount): void {
    const id = this.sessionId;
    if (!id) return;
    this.emit('sessionEnd', { sessionId: id, duration: Date.now() - this.sessionStartedAt, messageCount });
    this.api.post(`/sessions/${id}/clear`, {}).catch((e) => {
      if (!(e instanceof ApiError && e.status === 404)) this.reportApi(e, { sessionId: id, call: 'clearSession' });
    });
  }

  /** Drops the conversation: the request in flight, unsent and failed messages, the shown messages. */
  private resetConversation(welcome: boolean): void {
    this.speaker?.stop();
    this.used.clear();
    this.storage.remove('used');
    this.view?.welcomeUsed(() => false);
    this.inFlight?.abort.abort();
    this.inFlight = undefined;
    this.outbox = [];
    this.saveOutbox();
    this.failed.clear();
    this.msgs = [];
    this.welcome = welcome;
    this.view?.clear();
    this.view?.typing(false);
    this.view?.error(null);
    this.view?.showWelcome(welcome);
  }

  /** The server created a session for this query or replaced an expired/completed one. */
  private onSessionEvent(item: Pending, d: SessionEventData): void {
    if (!isObject(d) || !isUuid(d.sessionId)) return;
    if (d.sessionId === item.sessionId) {
      // The server created the id this message was sent with: a configured id seen for the first time starts here.
      if (d.reason === 'created' && d.sessionId === this.sessionId) this.announce(d.sessionId, { trigger: 'message' });
      return;
    }
    if (item.sessionId !== this.sessionId) return;
    // The message in flight belongs to the new session, not the ended one.
    this.endSession(Math.max(0, this.messageCount - 1));
    this.beginSession(d.sessionId, {
      trigger: 'rollover',
      previousSessionId: d.previousSessionId ?? undefined,
      reason: d.reason,
    });
    this.messageCount = 1;
    item.sessionId = d.sessionId;
  }

  // ---------------------------------------------------------------- sending

  /** Stores the messages waiting to be sent and the failed ones, so a reload shows and sends them again. */
  private saveOutbox(): void {
    const mine = [...this.outbox, ...this.failed.values()];
    for (const p of mine) this.known.add(p.queryId);
    // Merged by id: another tab of this widget writes the same key, and its waiting messages must survive this write.
    const stored = this.storage.get<Pending[]>('outbox');
    const others = (Array.isArray(stored) ? stored : []).filter((p) => isObject(p) && !this.known.has(p.queryId));
    const all = [...others, ...mine];
    this.storage.set('outbox', all.length ? all : null);
  }

  /** Sends the next waiting message, one at a time, while online. */
  private pump(): void {
    if (this.destroyed || this.inFlight || !this.outbox.length) return;
    if (!navigator.onLine) {
      this.view?.offline(true);
      for (const p of this.outbox) this.show({ id: p.queryId, role: 'user', text: p.text, state: 'queued' });
      return;
    }
    void this.send(this.outbox[0]);
  }

  private async send(item: Pending): Promise<void> {
    // A message kept from an ended or forgotten session goes to the current one (or opens a new one).
    if (item.sessionId !== this.sessionId) {
      if (!this.sessionId) this.beginSession(newUuid(), { trigger: 'message' });
      item.sessionId = this.sessionId!;
    }
    const abort = new AbortController();
    const stop = () => abort.abort();
    this.lifetime.signal.addEventListener('abort', stop);
    this.inFlight = { item, abort };
    const started = performance.now();
    const botId = `a-${item.queryId}`;
    let text = '';
    let completed = false;
    this.show({ id: item.queryId, role: 'user', text: item.text });
    this.view?.typing(true);
    this.view?.error(null);
    try {
      const local = await this.intercepted(item, abort.signal, started);
      if (!local) await this.api.query(
        {
          experienceId: this.config.experienceId,
          sessionId: item.sessionId,
          text: item.send ?? item.text,
          queryId: item.queryId,
          userId: this.config.userId,
          metadata: item.meta,
        },
        (ev) => {
          if (abort.signal.aborted) return;
          const data = JSON.parse(ev.data);
          if (ev.event === 'session') this.onSessionEvent(item, data);
          else if (ev.event === 'chunk') {
            text += data.chunk;
            this.view?.typing(false);
            this.show({ id: botId, role: 'bot', text, state: 'streaming', after: item.queryId }, true);
            this.emit('messageChunk', { chunk: data.chunk, queryId: item.queryId });
          } else if (ev.event === 'complete') {
            const d = data as CompleteEventData;
            completed = true;
            this.messageCount++;
            this.view?.typing(false);
            const answer: Msg = {
              id: botId,
              role: 'bot',
              text: d.answer,
              html: d.answerHtml ?? '',
              after: item.queryId,
              messageId: d.messageId,
              sessionId: item.sessionId,
              actions: validActions(d.actions),
            };
            this.show(answer, true);
            this.emit('messageComplete', {
              answer: d.answer,
              queryId: item.queryId,
              duration: Math.round(performance.now() - started),
              messageId: d.messageId,
            });
            this.autoRead(botId);
          } else if (ev.event === 'error') {
            throw new ApiError(data.message || 'The answer failed', data.type === 'timeout' ? 'timeout' : 'backend');
          }
        },
        abort.signal,
      );
      if (!local && !completed && !abort.signal.aborted) throw new ApiError('The answer stream ended early', 'backend');
    } catch (e) {
      if (abort.signal.aborted) return; // cleared, replaced or destroyed: nothing to report
      this.view?.typing(false);
      if (!completed) this.unshow(botId);
      const err = e instanceof ApiError ? e : new ApiError(String((e as Error)?.message ?? e), 'backend');
      if (err.kind === 'network' && !navigator.onLine) {
        // Went offline: keep it queued; it goes out on the 'online' event.
        this.show({ id: item.queryId, role: 'user', text: item.text, state: 'queued' });
        this.view?.offline(true);
        return;
      }
      this.outbox = this.outbox.filter((p) => p !== item);
      item.failed = true;
      this.failed.set(item.queryId, item);
      this.saveOutbox();
      this.show({ id: item.queryId, role: 'user', text: item.text, state: 'failed' });
      this.view?.error(err.kind === 'timeout' ? this.labels!.errorTimeout : this.labels!.errorBackend);
      this.reportApi(err, { queryId: item.queryId });
      return;
    } finally {
      this.lifetime.signal.removeEventListener('abort', stop);
      if (this.inFlight?.item === item) this.inFlight = undefined;
    }
    this.sent(item);
  }

  /** The message is answered: off the outbox, on to the next. */
  private sent(item: Pending): void {
    this.outbox = this.outbox.filter((p) => p !== item);
    this.saveOutbox();
    this.pump();
  }

  /**
   * Lets the message interceptor see a message once. True when it answered the message locally (then shown). A
   * throwing or rejecting interceptor fires `error` (type `interceptor`) and the message goes out unchanged.
   */
  private async intercepted(item: Pending, signal: AbortSignal, started: number): Promise<boolean> {
    const fn = this.config.advanced?.messageInterceptor;
    if (typeof fn !== 'function' || item.seen) return false;
    item.seen = true;
    let outcome: Awaited<ReturnType<typeof intercept>> = { send: { text: item.text } };
    try {
      outcome = await intercept(
        fn,
        { text: item.text },
        { sessionId: item.sessionId, experienceId: this.config.experienceId, queryId: item.queryId },
        this.config.advanced?.requestTimeoutMs ?? 30000,
      );
    } catch (e) {
      const err = e as Error;
      this.emit('error', {
        type: 'interceptor',
        message: String(err?.message ?? e),
        stack: err?.stack,
        details: { queryId: item.queryId },
      });
    }
    if (signal.aborted) throw new ApiError('Cancelled', 'network');
    if ('answer' in outcome) {
      const id = `a-${item.queryId}`;
      this.messageCount++;
      this.view?.typing(false);
      this.show({ id, role: 'bot', text: outcome.answer, local: true, actions: outcome.actions, after: item.queryId }, true);
      this.emit('messageComplete', {
        answer: outcome.answer,
        queryId: item.queryId,
        duration: Math.round(performance.now() - started),
      });
      this.autoRead(id);
      return true;
    }
    if (outcome.send.text !== item.text) item.send = outcome.send.text;
    item.meta = outcome.send.metadata;
    this.saveOutbox();
    return false;
  }

  /** Retries one failed message, or all of them (the error banner's button). */
  private retry(id?: string): void {
    const items = id ? [this.failed.get(id)].filter((p): p is Pending => !!p) : [...this.failed.values()];
    this.view?.error(null);
    for (const p of items) {
      this.failed.delete(p.queryId);
      delete p.failed;
      this.show({ id: p.queryId, role: 'user', text: p.text });
      this.outbox.push(p);
    }
    this.saveOutbox();
    this.pump();
  }

  private connectivity(): void {
    const online = navigator.onLine;
    this.view?.offline(!online);
    if (!online) return;
    if (!this.view) void this.start();
    this.pump();
  }

  // ---------------------------------------------------------------- typing

  private typing(text: string): void {
    if (!text) return this.stopTyping();
    const now = Date.now();
    this.typingText = text;
    if (now - this.typingSince >= TYPING_THROTTLE_MS) {
      this.typingSince = now;
      this.emit('typing', { text, length: text.length });
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    clearTimeout(this.typingTimer);
    if (!this.typingSince) return;
    this.typingSince = 0;
    this.emit('typingStop', { finalText: this.typingText });
  }

  // ---------------------------------------------------------------- actions, links, answer controls

  /** A button was clicked: under the welcome message (`owner` null) or under answer `owner`. */
  private runAction(owner: string | null, id: string, button?: HTMLElement): void {
    if (this.destroyed || this.gated) return;
    const spec = owner ? this.msgs.find((m) => m.id === owner)?.actions?.find((a) => a.id === id) : this.welcomeActions.get(id);
    if (!spec) return;
    const key = `${owner ?? 'welcome'}:${id}`;
    if (spec.oneTime) {
      if (this.used.has(key)) return;
      this.markUsed(key);
      if (button) this.view?.markUsed(button);
    }
    const p = (isObject(spec.action.payload) ? spec.action.payload : {}) as Record<string, unknown>;
    switch (spec.action.type) {
      case 'send_query': {
        const q = str(p.text, 4000)?.trim();
        if (q) this.sendMessage(q);
        break;
      }
      case 'open_url': {
        const url = httpUrl(p.url);
        if (!url) {
          this.fail('unknown', 'open_url opens only http and https URLs', { actionId: id, url: String(p.url) });
          break;
        }
        const target = str(p.target, 64) ?? '_blank';
        // A new browsing context gets no reference back to this page (noopener).
        if (/^_(self|parent|top)$/.test(target)) window.open(url, target);
        else window.open(url, target, 'noopener,noreferrer');
        break;
      }
      case 'send_event':
        this.emit('customAction', { eventName: String(p.eventName ?? ''), eventData: p.eventData ?? {}, actionId: id });
        break;
      case 'trigger_handover':
        void this.handover(p);
        break;
    }
  }

  private markUsed(key: string): void {
    this.used.add(key);
    this.storage.set('used', [...this.used]);
    this.sync?.post({ t: 'used', key } satisfies SyncMessage);
  }

  /**
   * Fires `handover` and records it on the session (creating the session first when no message was sent yet), so the
   * integrator's backend can read it (`GET /sessions/{id}/handovers`) or get it relayed.
   */
  private async handover(p: Record<string, unknown>): Promise<void> {
    const reason = str(p.reason, 100) ?? 'user_requested';
    const prio = priority(p.priority);
    const metadata = isObject(p.metadata) ? p.metadata : undefined;
    if (!this.sessionId) this.beginSession(newUuid(), { trigger: 'handover' });
    const sessionId = this.sessionId!;
    this.emit('handover', { sessionId, reason, priority: prio, ...(metadata && { metadata }) });
    this.show({ id: `n-${newUuid()}`, role: 'note', text: this.labels!.controls.handoverRequested }, true);
    const body = { reason, priority: prio, metadata, userId: this.config.userId };
    const path = `/sessions/${sessionId}/handover`;
    try {
      // Never retried on its own: the server cannot tell a retry from a second request, so it would be recorded twice.
      await this.api.post(path, body, false);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) return this.reportApi(e, { sessionId, call: 'handover' });
      try {
        // The session exists only in this widget so far: create it, then ask again.
        await this.api.post('/sessions', { id: sessionId, experienceId: this.config.experienceId, userId: this.config.userId });
        await this.api.post(path, body, false);
      } catch (again) {
        this.reportApi(again, { sessionId, call: 'handover' });
      }
    }
  }

  /**
   * A click on a link in an answer. `javascript:`/`data:`/`vbscript:` never run; http(s), mailto and tel navigate
   * (http(s) in a new tab without opener); any other scheme is handed to `linkClick` and its protocol handler.
   */
  private link(a: HTMLAnchorElement, e: MouseEvent | KeyboardEvent): void {
    const info = readLink(a);
    if (!info) {
      e.preventDefault();
      console.warn('[NexusChatWidget] refused to follow a link with a script or data scheme');
      return;
    }
    // Links navigate only in a new tab (set when the answer was inserted): anything else (a relative link the server
    // let through, a target changed since) must not replace the page the widget lives in.
    if (!info.navigates || (/^https?:$/.test(info.protocol) && a.target !== '_blank')) e.preventDefault();
    const { href, protocol, params } = info;
    this.emit('linkClick', { href, text: (a.textContent ?? '').trim(), protocol, params, sessionId: this.sessionId });
    const handler = this.config.advanced?.customProtocolHandlers?.[protocol];
    if (info.navigates || typeof handler !== 'function') return;
    try {
      handler({ ...params }, e);
    } catch (err) {
      console.error(`[NexusChatWidget] customProtocolHandlers["${protocol}"] threw`, err);
      const x = err as Error;
      this.emit('error', { type: 'unknown', message: String(x?.message ?? err), stack: x?.stack, details: { protocol, href } });
    }
  }

  private async tool(id: string, tool: Tool): Promise<void> {
    const m = this.msgs.find((x) => x.id === id);
    if (!m || !this.view) return;
    if (tool === 'up' || tool === 'down') {
      if (m.rating !== tool) await this.rate(id, tool);
    } else if (tool === 'tts') {
      this.speaker?.toggle(id, this.view.textOf(id));
    } else {
      const content = this.view.textOf(id);
      if (await copyText(content, this.view.root)) {
        this.emit('copy', { content, messageId: m.messageId ?? m.id });
        this.view?.status(id, this.labels!.controls.copied, 2500);
      } else {
        this.fail('unknown', 'Copying to the clipboard failed', { messageId: m.messageId ?? m.id });
      }
    }
  }

  /** Rates an answer (again, with a comment): fires `feedback` and stores it; a failure fires `error` type feedback. */
  private async rate(id: string, rating: 'up' | 'down', comment?: string): Promise<void> {
    const m = this.msgs.find((x) => x.id === id);
    if (!m?.messageId) return;
    const before = m.rating;
    const messageId = m.messageId;
    m.rating = rating;
    this.view?.rating(id, rating);
    this.emit('feedback', { rating, messageId, ...(comment && { comment }) });
    const c = this.labels!.controls;
    try {
      await this.api.post(`/sessions/${m.sessionId ?? this.sessionId}/feedback`, {
        messageId,
        rating,
        comment,
        userId: this.config.userId,
      });
      this.view?.status(id, c.feedbackThanks);
      this.view?.commentForm(id, !comment);
    } catch (e) {
      if (this.destroyed) return;
      if (m.rating === rating) {
        m.rating = before;
        this.view?.rating(id, before);
      }
      this.view?.status(id, c.feedbackFailed);
      const err = e instanceof ApiError ? e : undefined;
      this.emit('error', {
        type: 'feedback',
        message: String((e as Error)?.message ?? e),
        details: { messageId, rating, status: err?.status, problemType: err?.problem?.type },
      });
    }
  }

  /** Reads a new answer aloud when `features.ttsAuto` is on. */
  private autoRead(id: string): void {
    if (this.features.ttsAuto && this.speaker && this.view) this.speaker.speak(id, this.view.textOf(id));
  }

  private messageIdOf(id: string): string {
    return this.msgs.find((m) => m.id === id)?.messageId ?? id;
  }

  private acceptDisclaimer(): void {
    if (!this.gated || !this.disclaimerKey) return;
    this.gated = false;
    this.experienceStorage.set('disclaimer', this.disclaimerKey);
    this.view?.gate(false);
    this.emit('disclaimerAccept', { experienceId: this.config.experienceId });
    this.sync?.post({ t: 'disclaimer', key: this.disclaimerKey } satisfies SyncMessage);
    this.view?.focusInput();
  }

  // ---------------------------------------------------------------- other tabs

  /** Applies what another tab showing this widget did. No events fire here: they fired in that tab. */
  private onSync(s: SyncMessage): void {
    if (this.destroyed || !isObject(s)) return;
    if (s.t === 'session' && isUuid(s.id) && s.id !== this.sessionId) {
      this.sessionId = s.id;
      this.sessionStartedAt = s.at;
      this.messageCount = 0;
    } else if (s.t === 'reset') {
      this.resetConversation(s.welcome);
      this.sessionId = isUuid(s.id) ? s.id : null;
      this.sessionStartedAt = s.at;
      this.messageCount = 0;
    } else if (s.t === 'msg' && isObject(s.m) && typeof s.m.id === 'string') {
      const old = this.msgs.find((x) => x.id === s.m.id);
      // A question, and an answer when it completes, count once (as in the tab that sent it).
      if (s.m.role !== 'note' && !s.m.state && (!old || old.state)) this.messageCount++;
      this.show({ ...s.m, rating: old?.rating });
    } else if (s.t === 'disclaimer' && this.gated && s.key === this.disclaimerKey) {
      this.gated = false;
      this.view?.gate(false);
    } else if (s.t === 'used' && typeof s.key === 'string') {
      this.used.add(s.key);
      const [owner, id] = s.key.split(':');
      if (owner === 'welcome') this.view?.welcomeUsed((x) => this.used.has(`welcome:${x}`));
      else {
        const m = this.msgs.find((x) => x.id === owner);
        if (m && id) this.view?.render(m);
      }
    }
  }

  // ---------------------------------------------------------------- events

  /** Emits with `sessionId` added where the payload has none and a session exists. */
  private emit<E extends WidgetEventName>(name: E, payload: Omit<WidgetEventMap[E], 'timestamp'>): void {
    if (this.destroyed) return;
    const p = payload as { sessionId?: string | null };
    if (!('sessionId' in p) && this.sessionId) p.sessionId = this.sessionId;
    this.events.emit(name, payload);
  }

  private fail(type: ErrorType, message: string, details?: Record<string, unknown>): void {
    this.emit('error', { type, message, details });
  }

  private reportApi(e: unknown, details: Record<string, unknown>): void {
    if (this.destroyed) return;
    if (e instanceof ApiError) {
      this.fail(e.kind === 'timeout' ? 'timeout' : 'backend', e.message, {
        ...details,
        status: e.status,
        problemType: e.problem?.type,
        network: e.kind === 'network' || undefined,
      });
    } else {
      const err = e as Error;
      this.emit('error', { type: 'unknown', message: String(err?.message ?? e), stack: err?.stack, details });
    }
  }
}
