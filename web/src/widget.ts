import { isObject } from './actions';
import { Api, ApiError, errorEvent } from './api';
import { ActionButtons } from './buttons';
import type { WidgetContext } from './context';
import { Conversation } from './conversation/model';
import { type Locks, OutboxStore } from './conversation/outbox';
import { restore } from './conversation/restore';
import type { ConversationEvent, Effect, SyncMessage } from './conversation/types';
import { Emitter } from './events';
import { AnswerControls } from './feedback';
import { Delivery } from './delivery';
import { followLink } from './links';
import type { InitResponse, Labels } from './model';
import { apiSettings, hash, initRequest, LANGUAGE_TAG, valid } from './options';
import { type ReadAloud, type VoiceInput, widgetSpeech } from './speech';
import { type Relay, relayEvents } from './relay';
import { NamespacedStorage } from './storage';
import { TabChannel } from './tabsync';
import type {
  ErrorType,
  Features,
  NexusChatWidgetInstance,
  ViewMode,
  WidgetConfig,
  WidgetEventMap,
  WidgetEventName,
} from './types';
import { TypingTracker } from './typing';
import { isUuid, newUuid } from './uuid';
import { Skeleton, type Skin } from './ui/skeleton';
import { View } from './ui/view';

const DEFAULT_FEATURES: Required<Features> = { voice: true, tts: false, ttsAuto: false, feedback: true, copy: true };

/** Storage namespaces in use on this page, so two live instances never share one. */
const namespaces = new Set<string>();

/**
 * One widget instance: connects the headless conversation (conversation/model.ts) to the view, the event emitter,
 * storage, the network, other tabs and speech. Nothing here turns strings into markup.
 */
export class Widget implements NexusChatWidgetInstance {
  private readonly events = new Emitter();
  private readonly lifetime = new AbortController();
  private readonly api: Api;
  private readonly storage: NamespacedStorage;
  /** Storage shared by every instance of this experience (disclaimer acceptance). */
  private readonly experienceStorage: NamespacedStorage;
  private readonly namespace: string;
  private readonly model: Conversation;
  private readonly outbox: OutboxStore;
  /** `config.locale` or `<html lang>` when valid: sent to init. */
  private readonly locale?: string;
  /** BCP 47 language of voice input and read-aloud. */
  private readonly language: string;
  private features = DEFAULT_FEATURES;
  private readonly context: WidgetContext;
  private readonly buttons: ActionButtons;
  private readonly controls: AnswerControls;
  private readonly delivery: Delivery;
  /** Sends this widget's events to the server's intake; none with `analytics.relay: false`. */
  private readonly relay?: Relay;
  /** Set while a disclaimer waits to be accepted: the composer and buttons are disabled. */
  private gated = false;
  private disclaimerKey?: string;
  private voice?: VoiceInput;
  private speaker?: ReadAloud;
  private readonly sync?: TabChannel;
  private readonly typing: TypingTracker;
  private readonly embedded: boolean;
  private readonly container: HTMLElement;
  private view?: View;
  /** The composer shown until init answers (ui/skeleton.ts). */
  private skeleton?: Skeleton;
  /** Messages sent in the skeleton, kept until the shell is mounted. */
  private held: string[] = [];
  /** Names the init request, without session and user: the skin remembered for it fits only the same request. */
  private skinKey = '';
  private labels?: Labels;
  private mode: ViewMode;
  private lastSize: 'normal' | 'maximized' = 'normal';
  private destroyed = false;
  private initTimer = 0;
  private initTries = 0;
  private starting = false;
  private readonly onOnline = () => this.connectivity();
  private readonly onStorage = (e: StorageEvent) => {
    if (e.key === `nexus-chat:${this.namespace}:outbox`) this.outbox.changed();
  };

  constructor(private readonly config: WidgetConfig, scriptOrigin: string) {
    if (!config || typeof config.experienceId !== 'string' || !config.experienceId) {
      throw new TypeError('NexusChatWidget.init: config.experienceId is required');
    }
    const found = config.mode === 'embedded' &&
      (typeof config.container === 'string' ? document.querySelector<HTMLElement>(config.container) : config.container);
    this.embedded = !!found;
    this.container = found || document.body;
    this.mode = this.embedded ? 'normal' : 'closed';

    let ns = config.storageKey || config.experienceId;
    for (let i = 2; namespaces.has(ns); i++) ns = `${config.storageKey || config.experienceId}#${i}`;
    namespaces.add(this.namespace = ns);
    this.storage = new NamespacedStorage(ns);
    this.experienceStorage = new NamespacedStorage(config.experienceId);
    this.locale = valid('locale', config.locale, LANGUAGE_TAG) ??
      valid('', document.documentElement.lang, LANGUAGE_TAG);
    this.language = this.locale ?? valid('', navigator.language, LANGUAGE_TAG) ?? 'en';
    if (!config.disableTabSync) this.sync = new TabChannel(ns, (m) => this.onSync(m));
    this.typing = new TypingTracker(
      (text) => this.emit('typing', { text, length: text.length }),
      (finalText) => this.emit('typingStop', { finalText }),
    );

    const settings = apiSettings(config, scriptOrigin, this.lifetime.signal);
    this.api = new Api(settings);
    this.relay = relayEvents(config, `${settings.baseUrl}/events`, this.events, () => this.sessionId, settings.signal);
    const locks = (navigator as { locks?: Locks }).locks;
    this.outbox = new OutboxStore(this.storage, ns, () => this.model.outbox, locks);
    const explicit = config.sessionId;
    this.model = new Conversation(restore(this.storage, this.outbox, explicit, config.experienceId), {
      now: Date.now,
      newId: newUuid,
    });
    this.context = this.contextOf(config);
    this.buttons = new ActionButtons(this.context, this.storage, (m) => this.post(m));
    this.controls = new AnswerControls(this.context, () => this.speaker);
    this.delivery = new Delivery(this.context, this.lifetime.signal);
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOnline);
    addEventListener('storage', this.onStorage);
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

  /** This widget as its feature modules see it. */
  private contextOf(config: WidgetConfig): WidgetContext {
    return {
      config,
      api: this.api,
      model: this.model,
      view: () => this.view,
      labels: () => this.labels!,
      apply: (e) => this.apply(e),
      emit: (name, payload) => this.emit(name, payload),
      send: (text) => this.sendMessage(text),
      fail: (type, message, details) => this.fail(type, message, details),
      reportApi: (e, details) => this.reportApi(e, details),
      destroyed: () => this.destroyed,
    };
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
    this.focusInput();
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
    this.focusInput();
  }

  sendMessage(text: string): void {
    text = String(text ?? '').trim();
    if (this.destroyed || !text) return;
    this.typing.stop();
    this.apply({ type: 'sent', text });
    this.delivery.pump();
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
    this.apply({ type: 'newSession', id });
    return id;
  }

  clearChat(): void {
    if (!this.destroyed) this.apply({ type: 'cleared' });
  }

  getSessionId(): string | null {
    return this.model.sessionId;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.lifetime.abort();
    this.typing.stop();
    clearTimeout(this.initTimer);
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOnline);
    removeEventListener('storage', this.onStorage);
    this.sync?.close();
    this.voice?.abort();
    this.speaker?.stop();
    this.view?.destroy();
    this.skeleton?.host.remove();
    this.view = this.skeleton = undefined;
    this.events.clear();
    namespaces.delete(this.namespace);
  }

  private get sessionId(): string | null {
    return this.model.sessionId;
  }

  // ---------------------------------------------------------------- the model's effects

  /** Applies an event to the conversation and carries out what it returns. */
  private apply(e: ConversationEvent): number {
    const effects = this.model.apply(e);
    for (const fx of effects) this.effect(fx);
    return effects.length;
  }

  private effect(fx: Effect): void {
    switch (fx.type) {
      case 'emit':
        if (!this.destroyed) this.events.emit(fx.name, fx.payload as never);
        break;
      case 'render':
        if (fx.broadcast) this.post({ t: 'msg', m: fx.msg });
        this.view?.render(fx.msg);
        break;
      case 'remove':
        this.view?.remove(fx.id);
        break;
      case 'reset':
        this.reset(fx.welcome);
        break;
      case 'session':
        this.storage.set('session', fx.id);
        break;
      case 'announced':
        this.storage.set('started', fx.id);
        break;
      case 'ended':
        this.api.post(`/sessions/${fx.id}/clear`, {}).catch((e) => {
          if (!(e instanceof ApiError && e.status === 404)) {
            this.reportApi(e, { sessionId: fx.id, call: 'clearSession' });
          }
        });
        break;
      case 'create':
        this.create(fx.id);
        break;
      case 'outbox':
        this.outbox.save();
        break;
      case 'forgetUsed':
        this.buttons.forget();
        break;
      case 'sync':
        this.post(fx.message);
        break;
      case 'answered':
        // Reads a new answer aloud when `features.ttsAuto` is on.
        if (this.features.ttsAuto && this.speaker && this.view) this.speaker.speak(fx.id, this.view.textOf(fx.id));
        break;
      case 'rating':
        this.view?.rating(fx.id, fx.rating);
        break;
    }
  }

  /** Creates the session of `startNewSession` on the server; a 409 (id taken) makes the model forget it first. */
  private create(id: string): void {
    const { experienceId, userId, userHash } = this.config;
    this.api.post('/sessions', { id, experienceId, userId, userHash }).then(
      () => this.apply({ type: 'sessionCreated', id }),
      (e) => {
        const refused = e instanceof ApiError && e.status === 409;
        // Any other failure keeps the id: the server creates it on the first message.
        this.apply(refused ? { type: 'newSessionRefused', id } : { type: 'sessionCreated', id });
        this.reportApi(e, { sessionId: id, call: 'createSession' });
      },
    );
  }

  /** The conversation was dropped: the request in flight, reading aloud, used buttons, the log. */
  private reset(welcome: boolean): void {
    this.speaker?.stop();
    this.buttons.forget();
    this.delivery.abort();
    this.view?.clear();
    this.view?.typing(false);
    this.view?.error(null);
    this.view?.showWelcome(welcome);
  }

  // ---------------------------------------------------------------- start-up and view

  private async start(): Promise<void> {
    clearTimeout(this.initTimer);
    if (this.destroyed || this.view || this.starting) return;
    this.starting = true;
    let res: InitResponse;
    const body = initRequest(this.config, this.sessionId, this.locale, this.embedded);
    if (!this.initTries) this.showSkeleton(body);
    try {
      // The relay sends nothing before init has answered (or failed): it never delays the widget's start.
      res = await this.api.post<InitResponse>('/widget/init', body).finally(() => this.relay?.start());
    } catch (e) {
      this.starting = false;
      // Nothing shows while the server is unreachable; what was sent in the skeleton is kept until it answers.
      this.skeleton?.host.remove();
      this.skeleton = undefined;
      // Tried again when the browser comes back online (see connectivity()), and later with a growing delay.
      this.reportApi(e, { call: 'init' });
      if (!this.destroyed) {
        this.initTimer = setTimeout(() => void this.start(), Math.min(300_000, 15_000 * 2 ** this.initTries++));
      }
      return;
    }
    this.starting = false;
    if (this.destroyed || this.view) return;
    this.apply({ type: 'resumed', session: res.session });
    this.labels = res.labels;
    const e = res.experience;
    const c = this.config;
    const own = isObject(c.features) ? Object.entries(c.features).filter(([, v]) => typeof v === 'boolean') : [];
    this.features = { ...DEFAULT_FEATURES, ...e.features, ...Object.fromEntries(own) };
    this.buttons.setWelcome(e.messages?.welcomeActions?.actions);
    this.buttons.renewOn = e.session?.newSessionOnEvent ?? [];
    ({ voice: this.voice, speaker: this.speaker } = widgetSpeech(this.context, this.language, this.features));
    this.mount(res);
    // Messages kept from before a reload go out now (not only on the next 'online' event).
    this.delivery.pump();
  }

  /**
   * Shows the skeleton composer while init is on its way, in the look of this experience's last start for the same
   * request (theme from the config, else light, on a first visit). Gated when that start showed a disclaimer not yet
   * accepted.
   */
  private showSkeleton(body: ReturnType<typeof initRequest>): void {
    this.skinKey = hash(JSON.stringify({ ...body, sessionId: 0, userId: 0, userHash: 0 }));
    const stored = this.experienceStorage.get<Skin>('skin');
    const skin = stored?.key === this.skinKey ? stored : { key: '', theme: body.theme ?? 'light' };
    const gated = !!skin.disclaimer && this.experienceStorage.get('disclaimer') !== skin.disclaimer;
    const s = this.skeleton = new Skeleton(
      this.container,
      this.embedded,
      body.position ?? 'bottom-right',
      skin,
      gated,
      {
        launcher: () => (this.mode === 'closed' ? this.open() : this.close()),
        submit: (text) => this.held.push(text),
        input: (text) => this.typing.input(text),
        blur: () => this.typing.stop(),
      },
    );
    s.setMode(this.mode);
    if (this.mode !== 'closed') s.focus();
  }

  /** The shell takes over from the skeleton: what was typed, focus, and the messages sent meanwhile. */
  private takeOver(view: View, theme: InitResponse['experience']['theme']): void {
    const s = this.skeleton;
    const input = view.el<HTMLTextAreaElement>('input');
    if (s) {
      input.value = s.input.value;
      if (s.focused()) view.focusInput();
      s.host.remove();
      this.skeleton = undefined;
    }
    const held = this.held.splice(0);
    // A disclaimer shown only now: nothing goes out before it is accepted, so the words go back into the input.
    if (this.gated) input.value = [...held, input.value].filter(Boolean).join('\n');
    else for (const text of held) this.sendMessage(text);
    const r = view.el('root');
    this.experienceStorage.set(
      'skin',
      {
        key: this.skinKey,
        theme: theme.mode,
        accent: theme.primaryColor,
        dir: r.dir,
        lang: r.lang,
        placeholder: input.placeholder,
        message: this.labels?.message,
        send: this.labels?.send,
        open: this.labels?.openChat,
        disclaimer: this.disclaimerKey,
      } satisfies Skin,
    );
  }

  /** Mounts the server-rendered shell and shows the conversation. */
  private mount(res: InitResponse): void {
    const e = res.experience;
    const f = this.features;
    const view = this.view = new View(
      this.container,
      res.shellHtml,
      res.labels,
      {
        launcher: () => (this.mode === 'closed' ? this.open() : this.close()),
        minimize: () => (this.mode === 'minimized' ? this.open() : this.minimize()),
        maximize: () => (this.mode === 'maximized' ? this.restoreSize() : this.maximize()),
        close: () => this.close(),
        submit: (text) => this.sendMessage(text),
        input: (text) => this.typing.input(text),
        blur: () => this.typing.stop(),
        retry: (id) => this.delivery.retry(id),
        action: (owner, id, button) => !this.gated && this.buttons.run(owner, id, button),
        used: (key) => this.buttons.isUsed(key),
        tool: (id, tool) => void this.controls.use(id, tool),
        comment: (id, t) => this.controls.comment(id, t),
        link: (a, ev) => this.link(a, ev),
        voice: () => !this.gated && this.voice?.toggle(),
        accept: () => this.acceptDisclaimer(),
      },
      this.embedded,
      [e.theme, this.config.theme],
      { feedback: f.feedback, copy: f.copy, tts: f.tts && !!this.speaker },
    );
    view.setMode(this.mode);
    view.showWelcome(this.model.welcome);
    view.offline(!navigator.onLine);
    view.voiceAvailable(!!this.voice);
    view.welcomeUsed((id) => this.buttons.isUsed(`welcome:${id}`));
    if (e.disclaimer) {
      this.disclaimerKey = hash(`${e.disclaimer.title ?? ''}\n${e.disclaimer.text}`);
      this.gated = this.experienceStorage.get<string>('disclaimer') !== this.disclaimerKey;
      view.gate(this.gated);
    }
    for (const m of this.model.messages) view.render(m);
    if (this.mode !== 'closed') view.focusInput();
    this.takeOver(view, e.theme);
  }

  private focusInput(): void {
    if (this.view) this.view.focusInput();
    else this.skeleton?.focus();
  }

  private setMode(mode: ViewMode): void {
    this.mode = mode;
    this.view?.setMode(mode);
    this.skeleton?.setMode(mode);
  }

  /** The maximize button on a maximized panel: back to the normal size. */
  private restoreSize(): void {
    this.lastSize = 'normal';
    this.setMode('normal');
    this.emit('minimize', { previousMode: 'maximized', mode: 'normal', sessionId: this.sessionId });
  }

  // ---------------------------------------------------------------- sending

  private connectivity(): void {
    const online = navigator.onLine;
    this.view?.offline(!online);
    if (!online) return;
    if (!this.view) void this.start();
    this.delivery.pump();
  }

  // ---------------------------------------------------------------- actions, links, answer controls

  private link(a: HTMLAnchorElement, e: MouseEvent | KeyboardEvent): void {
    const handlers = this.config.advanced?.customProtocolHandlers;
    followLink(
      a,
      e,
      handlers,
      (click) => this.emit('linkClick', { ...click, sessionId: this.sessionId }),
      (err, protocol, href) => this.reportApi(err, { protocol, href }),
    );
  }

  private acceptDisclaimer(): void {
    if (!this.gated || !this.disclaimerKey) return;
    this.gated = false;
    this.experienceStorage.set('disclaimer', this.disclaimerKey);
    this.view?.gate(false);
    this.emit('disclaimerAccept', { experienceId: this.config.experienceId });
    this.post({ t: 'disclaimer', key: this.disclaimerKey });
    this.view?.focusInput();
  }

  // ---------------------------------------------------------------- other tabs

  private post(message: SyncMessage): void {
    this.sync?.post(message);
  }

  /** Applies what another tab showing this widget did. No events fire here: they fired in that tab. */
  private onSync(s: SyncMessage): void {
    if (this.destroyed || !isObject(s)) return;
    if (s.t === 'disclaimer') {
      if (!this.gated || s.key !== this.disclaimerKey) return;
      this.gated = false;
      this.view?.gate(false);
    } else if (s.t === 'used') {
      if (typeof s.key === 'string') this.buttons.usedElsewhere(s.key);
    } else {
      this.apply({ type: 'tabSync', message: s });
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

  /** `error` for a failed API call (`timeout`/`backend`, status, problem type) or any other exception (`unknown`). */
  private reportApi(e: unknown, details: Record<string, unknown>): void {
    this.emit('error', errorEvent(e, details));
  }
}
