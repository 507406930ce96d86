import { isObject } from './actions';
import { Api, errorEvent } from './api';
import { ActionButtons } from './buttons';
import { Consent } from './consent';
import type { WidgetContext } from './context';
import { Conversation } from './conversation/model';
import { type Locks, OutboxStore } from './conversation/outbox';
import { restore } from './conversation/restore';
import type { ConversationEvent, Effect, SyncMessage } from './conversation/types';
import { DisclaimerGate } from './disclaimer';
import { Emitter } from './events';
import { AnswerControls } from './feedback';
import { Delivery } from './delivery';
import { followLink } from './links';
import type { InitResponse, Labels } from './model';
import { ViewModes } from './modes';
import { apiSettings, features, initRequest, LANGUAGE_TAG, valid } from './options';
import { type ReadAloud, type VoiceInput, widgetSpeech } from './speech';
import { type Relay, relayEvents } from './relay';
import type { NamespacedStorage } from './storage';
import { createSession, endSession } from './sessions';
import { SkeletonPhase } from './startup';
import { TabChannel } from './tabsync';
import { Teaser } from './teaser';
import type {
  ErrorType,
  NexusChatWidgetInstance,
  TeaserOptions,
  ViewMode,
  WidgetConfig,
  WidgetEventMap,
  WidgetEventName,
} from './types';
import { TypingTracker } from './typing';
import { announcer, unreadBadge, UnreadCounter } from './unread';
import { isUuid, newUuid } from './uuid';
import { View } from './ui/view';

/** Storage namespaces in use on this page, so two live instances never share one. */
const namespaces = new Set<string>();

/** The storage namespace of a new instance: `storageKey` or the experienceId, then `#2`, `#3`… while in use. */
function namespaceOf(c: WidgetConfig): string {
  const base = c.storageKey || c.experienceId;
  let ns = base;
  for (let i = 2; namespaces.has(ns); i++) ns = `${base}#${i}`;
  namespaces.add(ns);
  return ns;
}

/**
 * One widget instance: connects the headless conversation (conversation/model.ts) to the view, the event emitter,
 * storage, the network, other tabs and speech. Nothing here turns strings into markup.
 */
export class Widget implements NexusChatWidgetInstance {
  private readonly events = new Emitter();
  private readonly lifetime = new AbortController();
  private readonly api: Api;
  /** Storage and relaying allowed or not (`storage`, `consent` options). */
  private readonly consentGate: Consent;
  private readonly storage: NamespacedStorage;
  /** Storage shared by every instance of this experience (remembered look, disclaimer acceptance). */
  private readonly experienceStorage: NamespacedStorage;
  private readonly namespace: string;
  private readonly model: Conversation;
  private readonly outbox: OutboxStore;
  /** `config.locale` or `<html lang>` when valid: sent to init. */
  private readonly locale?: string;
  /** BCP 47 language of voice input and read-aloud. */
  private readonly language: string;
  private features = features();
  private readonly context: WidgetContext;
  private readonly buttons: ActionButtons;
  private readonly controls: AnswerControls;
  private readonly delivery: Delivery;
  /** Sends this widget's events to the server's intake; none with `analytics.relay: false`. */
  private readonly relay?: Relay;
  private readonly disclaimer: DisclaimerGate;
  private readonly modes: ViewModes;
  private readonly teaser: Teaser;
  /** Counts answers the visitor has not seen (once the shell is mounted). */
  private unread?: UnreadCounter;
  private voice?: VoiceInput;
  private speaker?: ReadAloud;
  private readonly sync?: TabChannel;
  private readonly typing: TypingTracker;
  private readonly embedded: boolean;
  private readonly container: HTMLElement;
  private view?: View;
  /** The skeleton composer until init answers, and what was sent in it. */
  private readonly early: SkeletonPhase;
  private labels?: Labels;
  /** Announces a notice politely (unread count, teaser), once the shell is mounted. */
  private say?: (text: string) => void;
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

    const ns = this.namespace = namespaceOf(config);
    const consent = this.consentGate = new Consent(config, ns);
    this.storage = consent.own;
    this.experienceStorage = consent.storage(config.experienceId);
    this.locale = valid('locale', config.locale, LANGUAGE_TAG) ??
      valid('', document.documentElement.lang, LANGUAGE_TAG);
    this.language = this.locale ?? valid('', navigator.language, LANGUAGE_TAG) ?? 'en';
    // Without BroadcastChannel tabs talk through localStorage: only where it may always be written.
    if (!config.disableTabSync && (typeof BroadcastChannel == 'function' || consent.storesLocally)) {
      this.sync = new TabChannel(ns, (m) => this.onSync(m));
    }
    this.typing = new TypingTracker(
      (text) => this.emit('typing', { text, length: text.length }),
      (finalText) => this.emit('typingStop', { finalText }),
    );

    const settings = apiSettings(config, scriptOrigin, this.lifetime.signal);
    this.api = new Api(settings);
    const intake = `${settings.baseUrl}/events`;
    this.relay = relayEvents(config, intake, this.events, () => this.model.sessionId, settings.signal);
    consent.gate(this.relay);
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
    this.disclaimer = new DisclaimerGate(this.context, this.experienceStorage, (m) => this.post(m));
    this.modes = new ViewModes(this.context, this.embedded, (m) => this.setMode(m), () => this.focusInput());
    this.teaser = new Teaser(this.context, consent.storage(ns, true), this.modes, (owner, id) => {
      this.buttons.run(owner, id);
    }, (text) => this.say?.(text));
    this.early = new SkeletonPhase(this.experienceStorage, this.disclaimer);
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOnline);
    addEventListener('storage', this.onStorage);
    // Deferred: listeners registered right after init() (and replayed snippet calls) see every event.
    queueMicrotask(() => this.boot(explicit));
  }

  /** Reports the config's problems (now that listeners are registered) and starts. */
  private boot(explicit: unknown): void {
    if (explicit != null && !isUuid(explicit)) {
      this.fail('unknown', `config.sessionId "${explicit}" is not a UUID; ignored`, { sessionId: explicit });
    }
    if (!this.embedded && this.config.mode === 'embedded') {
      this.fail('unknown', 'config.container not found; showing the floating widget instead');
    }
    void this.start();
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
    this.modes.open();
  }

  close(): void {
    this.modes.close();
  }

  minimize(): void {
    this.modes.minimize();
  }

  maximize(): void {
    this.modes.maximize();
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
    if (id === this.model.sessionId) {
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

  grantConsent(): void {
    if (!this.destroyed) this.consentGate.grant();
  }

  revokeConsent(): void {
    if (!this.destroyed) this.consentGate.revoke();
  }

  showTeaser(text: string, options?: TeaserOptions): void {
    if (!this.destroyed) this.teaser.show(text, options?.actions);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.lifetime.abort();
    this.typing.stop();
    clearTimeout(this.initTimer);
    this.teaser.destroy();
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOnline);
    removeEventListener('storage', this.onStorage);
    this.sync?.close();
    this.voice?.abort();
    this.speaker?.stop();
    this.view?.destroy();
    this.early.remove();
    this.view = undefined;
    this.events.clear();
    namespaces.delete(this.namespace);
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
        endSession(this.context, fx.id);
        break;
      case 'create':
        createSession(this.context, fx.id);
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
        this.unread?.add(this.modes.mode);
        // Reads a new answer aloud when `features.ttsAuto` is on.
        if (this.features.ttsAuto && this.speaker && this.view) this.speaker.speak(fx.id, this.view.textOf(fx.id));
        break;
      case 'rating':
        this.view?.rating(fx.id, fx.rating);
        break;
    }
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
    const body = initRequest(this.config, this.model.sessionId, this.locale, this.embedded);
    if (!this.initTries) {
      this.early.show(this.container, this.embedded, body, this.modes.mode, {
        launcher: () => this.modes.toggle(),
        submit: () => this.consentGate.sent(),
        input: (text) => this.typing.input(text),
        blur: () => this.typing.stop(),
      });
    }
    try {
      // The relay sends nothing before init has answered (or failed): it never delays the widget's start.
      res = await this.api.post<InitResponse>('/widget/init', body).finally(() => this.relay?.start());
    } catch (e) {
      this.starting = false;
      this.early.remove();
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
    this.features = features(this.config, e.features);
    this.buttons.setWelcome(e.messages?.welcomeActions?.actions);
    this.buttons.renewOn = e.session?.newSessionOnEvent ?? [];
    ({ voice: this.voice, speaker: this.speaker } = widgetSpeech(this.context, this.language, this.features));
    this.mount(res);
    // Messages kept from before a reload go out now (not only on the next 'online' event).
    this.delivery.pump();
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
        launcher: () => this.modes.toggle(),
        minimize: () => this.modes.toggleMinimized(),
        maximize: () => this.modes.toggleMaximized(),
        close: () => this.close(),
        submit: (text) => {
          this.consentGate.sent();
          this.sendMessage(text);
        },
        input: (text) => this.typing.input(text),
        blur: () => this.typing.stop(),
        retry: (id) => this.delivery.retry(id),
        action: (owner, id, button) => !this.disclaimer.gated && this.buttons.run(owner, id, button),
        used: (key) => this.buttons.isUsed(key),
        tool: (id, tool) => void this.controls.use(id, tool),
        comment: (id, t) => this.controls.comment(id, t),
        link: (a, ev) => this.link(a, ev),
        voice: () => !this.disclaimer.gated && this.voice?.toggle(),
        accept: () => this.disclaimer.acceptDisclaimer(),
      },
      this.embedded,
      [e.theme, this.config.theme],
      { feedback: f.feedback, copy: f.copy, tts: f.tts && !!this.speaker },
    );
    view.setMode(this.modes.mode);
    view.showWelcome(this.model.welcome);
    view.offline(!navigator.onLine);
    view.voiceAvailable(!!this.voice);
    view.welcomeUsed((id) => this.buttons.isUsed(`welcome:${id}`));
    this.disclaimer.mount(view, e.disclaimer);
    for (const m of this.model.messages) view.render(m);
    if (this.modes.mode !== 'closed') view.focusInput();
    this.early.takeOver(view, e.theme, res.labels, (text) => this.sendMessage(text));
    const say = this.say = announcer(view);
    this.unread = new UnreadCounter(unreadBadge(view, res.labels, () => this.modes.mode, say, f));
    this.teaser.plan(e.teaser);
  }

  private focusInput(): void {
    if (this.view) this.view.focusInput();
    else this.early.skeleton?.focus();
  }

  /** Shows a view mode: the panel, the unread count (cleared on open), a teaser (into the conversation on open). */
  private setMode(mode: ViewMode): void {
    this.view?.setMode(mode);
    this.early.skeleton?.setMode(mode);
    this.unread?.mode(mode);
    this.teaser.modeChanged(mode);
  }

  private connectivity(): void {
    const online = navigator.onLine;
    this.view?.offline(!online);
    if (!online) return;
    if (!this.view) void this.start();
    this.delivery.pump();
  }

  private link(a: HTMLAnchorElement, e: MouseEvent | KeyboardEvent): void {
    followLink(a, e, this.config.advanced?.customProtocolHandlers, (click) => {
      this.emit('linkClick', { ...click, sessionId: this.model.sessionId });
    }, (err, protocol, href) => this.reportApi(err, { protocol, href }));
  }

  // ---------------------------------------------------------------- other tabs

  private post(message: SyncMessage): void {
    this.sync?.post(message);
  }

  /** Applies what another tab showing this widget did. No events fire here: they fired in that tab. */
  private onSync(s: SyncMessage): void {
    if (this.destroyed || !isObject(s)) return;
    if (s.t === 'disclaimer') {
      this.disclaimer.acceptedElsewhere(s.key);
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
    const id = this.model.sessionId;
    if (!('sessionId' in p) && id) p.sessionId = id;
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
