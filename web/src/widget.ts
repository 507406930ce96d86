import { Api, ApiError } from './api';
import { Emitter } from './events';
import type { CompleteEventData, InitResponse, Labels, SessionEventData } from './model';
import { NamespacedStorage } from './storage';
import type {
  ErrorType,
  NexusChatWidgetInstance,
  SessionStartMetadata,
  ViewMode,
  WidgetConfig,
  WidgetEventMap,
  WidgetEventName,
} from './types';
import { isUuid, newUuid } from './uuid';
import { View, type Msg } from './ui/view';

/** A message waiting to be sent or being sent; persisted so a reload or an outage never loses it. */
interface Pending {
  queryId: string;
  text: string;
  sessionId: string;
}

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
  private readonly namespace: string;
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
    const kept = this.storage.get<string>('session');
    this.stored = isUuid(explicit) || !isUuid(kept) ? null : kept;
    this.sessionId = isUuid(explicit) ? explicit : this.stored;
    if (this.sessionId) this.storage.set('session', this.sessionId);
    this.outbox = this.storage.get<Pending[]>('outbox') ?? [];
    for (const p of this.outbox) this.msgs.push({ id: p.queryId, role: 'user', text: p.text, state: 'queued' });

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
    if (this.destroyed || this.mode === 'closed') return;
    this.setMode('closed');
    this.emit('close', { sessionId: this.sessionId });
  }

  minimize(): void {
    if (this.destroyed || (this.mode !== 'normal' && this.mode !== 'maximized')) return;
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
    this.show({ id: item.queryId, role: 'user', text });
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
    if (id === this.sessionId) return id;
    this.endSession();
    this.resetConversation(true);
    this.beginSession(id, { trigger: 'startNewSession' });
    this.api
      .post('/sessions', { id, experienceId: this.config.experienceId, userId: this.config.userId })
      .catch((e) => this.reportApi(e, { sessionId: id, call: 'createSession' }));
    return id;
  }

  clearChat(): void {
    if (this.destroyed) return;
    this.emit('sessionClear', { messageCount: this.messageCount });
    this.endSession();
    this.sessionId = null;
    this.storage.remove('session');
    this.resetConversation(false);
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
        locale: valid('locale', c.locale, LANGUAGE_TAG) ?? valid('', document.documentElement.lang, LANGUAGE_TAG),
        theme: valid('theme', c.theme, /^(light|dark)$/),
        position: valid('position', c.position, /^(bottom|top)-(right|left)$/),
        mode: this.embedded ? 'embedded' : 'floating',
        messages: m && {
          welcomeMessage: m.welcomeMessage == null ? undefined : String(m.welcomeMessage).slice(0, 2000),
          welcomeMessageDisplay: valid('messages.welcomeMessageDisplay', m.welcomeMessageDisplay, /^(bubble|inline)$/),
        },
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
    if (!resumed && this.stored && this.stored === this.sessionId) {
      // A stored session the server no longer has active: forget it; the next message starts a fresh one.
      this.sessionId = null;
      this.storage.remove('session');
    }
    if (s && resumed) {
      this.sessionStartedAt = Date.parse(s.createdAt) || Date.now();
      this.messageCount = s.messageCount ?? s.messages.length;
      const history: Msg[] = s.messages.map((m) =>
        m.role === 'user'
          ? { id: m.id, role: 'user', text: m.text }
          : { id: m.id, role: 'bot', text: m.text, html: m.html ?? undefined },
      );
      this.msgs = [...history, ...this.msgs];
    }
    this.labels = res.labels;
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
      },
      this.embedded,
      res.experience.theme?.primaryColor,
    );
    this.view.setMode(this.mode);
    this.view.showWelcome(this.welcome);
    this.view.offline(!navigator.onLine);
    for (const m of this.msgs) this.view.render(m);
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

  private show(m: Msg): void {
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
    if (item.sessionId !== this.sessionId || d.sessionId === this.sessionId) return;
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

  private saveOutbox(): void {
    this.storage.set('outbox', this.outbox.length ? this.outbox : null);
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
      await this.api.query(
        {
          experienceId: this.config.experienceId,
          sessionId: item.sessionId,
          text: item.text,
          queryId: item.queryId,
          userId: this.config.userId,
        },
        (ev) => {
          if (abort.signal.aborted) return;
          const data = JSON.parse(ev.data);
          if (ev.event === 'session') this.onSessionEvent(item, data);
          else if (ev.event === 'chunk') {
            text += data.chunk;
            this.view?.typing(false);
            this.show({ id: botId, role: 'bot', text, state: 'streaming', after: item.queryId });
            this.emit('messageChunk', { chunk: data.chunk, queryId: item.queryId });
          } else if (ev.event === 'complete') {
            const d = data as CompleteEventData;
            completed = true;
            this.messageCount++;
            this.view?.typing(false);
            this.show({ id: botId, role: 'bot', text: d.answer, html: d.answerHtml ?? '', after: item.queryId });
            this.emit('messageComplete', {
              answer: d.answer,
              queryId: item.queryId,
              duration: Math.round(performance.now() - started),
              messageId: d.messageId,
            });
          } else if (ev.event === 'error') {
            throw new ApiError(data.message || 'The answer failed', data.type === 'timeout' ? 'timeout' : 'backend');
          }
        },
        abort.signal,
      );
      if (!completed && !abort.signal.aborted) throw new ApiError('The answer stream ended early', 'backend');
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
      this.saveOutbox();
      this.failed.set(item.queryId, item);
      this.show({ id: item.queryId, role: 'user', text: item.text, state: 'failed' });
      this.view?.error(err.kind === 'timeout' ? this.labels!.errorTimeout : this.labels!.errorBackend);
      this.reportApi(err, { queryId: item.queryId });
      return;
    } finally {
      this.lifetime.signal.removeEventListener('abort', stop);
      if (this.inFlight?.item === item) this.inFlight = undefined;
    }
    this.outbox = this.outbox.filter((p) => p !== item);
    this.saveOutbox();
    this.pump();
  }

  /** Retries one failed message, or all of them (the error banner's button). */
  private retry(id?: string): void {
    const items = id ? [this.failed.get(id)].filter((p): p is Pending => !!p) : [...this.failed.values()];
    this.view?.error(null);
    for (const p of items) {
      this.failed.delete(p.queryId);
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
