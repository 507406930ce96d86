import { isObject } from './actions';
import { Api, errorEvent } from './api';
import { ActionButtons } from './buttons';
import { using } from './chunks';
import type * as Notices from './chunks/notices';
import { Consent } from './consent';
import type { WidgetContext } from './context';
import { Conversation } from './conversation/model';
import { type Locks, OutboxStore } from './conversation/outbox';
import { restore } from './conversation/restore';
import type { ConversationEvent, Effect, SyncMessage } from './conversation/types';
import { DisclaimerGate } from './disclaimer';
import { Emitter } from './events';
import { useTool } from './feedback';
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
import type { Teaser } from './teaser';
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
import { announcer, type UnreadCounter, unseen } from './unread';
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
export class Widget implements NexusChatWidgetInstance, WidgetContext {
  private readonly events = new Emitter();
  private readonly lifetime = new AbortController();
  readonly api: Api;
  /** Storage and relaying allowed or not (`storage`, `consent` options). */
  private readonly consentGate: Consent;
  private readonly storage: NamespacedStorage;
  /** Storage shared by every instance of this experience (remembered look, disclaimer acceptance). */
  private readonly experienceStorage: NamespacedStorage;
  private readonly namespace: string;
  readonly model: Conversation;
  private readonly outbox: OutboxStore;
  /** `config.locale` or `<html lang>` when valid: sent to init. */
  private readonly locale?: string;
  /** BCP 47 language of voice input and read-aloud. */
  private readonly language: string;
  private features = features();
  private readonly buttons: ActionButtons;
  private readonly delivery: Delivery;
  /** Sends this widget's events to the server's intake; none with `analytics.relay: false`. */
  private readonly relay?: Relay;
  private readonly disclaimer: DisclaimerGate;
  private readonly modes: ViewModes;
  /** The proactive teaser, once the notices chunk is loaded for it. */
  private teaser?: Teaser;
  /** The teaser's storage: dismissals, for the browser session. */
  private readonly notes: NamespacedStorage;
  /** Counts answers the visitor has not seen, once one arrived (with the notices chunk). */
  private unread?: UnreadCounter;
  private voice?: VoiceInput;
  private speaker?: ReadAloud;
  private readonly sync?: TabChannel;
  private readonly typing: TypingTracker;
  private readonly embedded: boolean;
  private readonly container: HTMLElement;
  /** The mounted shell, once init answered. */
  private shown?: View;
  /** The skeleton composer until init answers, and what was sent in it. */
  private readonly early: SkeletonPhase;
  private words?: Labels;
  /** Announces a notice politely (unread count, teaser), once the shell is mounted. */
  private say?: (text: string) => void;
  private dead = false;
  private initTimer = 0;
  private initTries = 0;
  private starting = false;
  private readonly onOnline = () => this.connectivity();
  private readonly onStorage = (e: StorageEvent) => {
    if (e.key === `nexus-chat:${this.namespace}:outbox`) this.outbox.changed();
  };

  constructor(readonly config: WidgetConfig, scriptOrigin: string) {
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
    this.buttons = new ActionButtons(this, this.storage, (m) => this.post(m));
    this.delivery = new Delivery(this, this.lifetime.signal);
    this.disclaimer = new DisclaimerGate(this, this.experienceStorage, (m) => this.post(m));
    this.modes = new ViewModes(this, this.embedded, (m) => this.setMode(m), () => this.focusInput());
    this.notes = consent.storage(ns, true);
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

  // ---------------------------------------------------------------- as its feature modules see it (WidgetContext)

  view(): View | undefined {
    return this.shown;
  }

  labels(): Labels {
    return this.words!;
  }

  destroyed(): boolean {
    return this.dead;
  }

  send(text: string): void {
    this.sendMessage(text);
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
    if (this.dead || !text) return;
    this.typing.stop();
    this.apply({ type: 'sent', text });
    this.delivery.pump();
  }

  startNewSession(sessionId?: string): string | null {
    if (this.dead) return null;
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
    if (!this.dead) this.apply({ type: 'cleared' });
  }

  getSessionId(): string | null {
    return this.model.sessionId;
  }

  grantConsent(): void {
    if (!this.dead) this.consentGate.grant();
  }

  revokeConsent(): void {
    if (!this.dead) this.consentGate.revoke();
  }

  showTeaser(text: string, options?: TeaserOptions): void {
    if (!this.dead) this.teased((t) => t.show(text, options?.actions));
  }

  destroy(): void {
    if (this.dead) return;
    this.dead = true;
    this.lifetime.abort();
    this.typing.stop();
    clearTimeout(this.initTimer);
    this.teaser?.destroy();
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOnline);
    removeEventListener('storage', this.onStorage);
    this.sync?.close();
    this.voice?.abort();
    this.speaker?.stop();
    this.shown?.destroy();
    this.early.remove();
    this.shown = undefined;
    this.events.clear();
    namespaces.delete(this.namespace);
  }

  // ---------------------------------------------------------------- the model's effects

  /** Applies an event to the conversation and carries out what it returns. */
  apply(e: ConversationEvent): number {
    const effects = this.model.apply(e);
    for (const fx of effects) this.effect(fx);
    return effects.length;
  }

  private effect(fx: Effect): void {
    switch (fx.type) {
      case 'emit':
        if (!this.dead) this.events.emit(fx.name, fx.payload as never);
        break;
      case 'render':
        if (fx.broadcast) this.post({ t: 'msg', m: fx.msg });
        this.shown?.render(fx.msg);
        break;
      case 'remove':
        this.shown?.remove(fx.id);
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
        endSession(this, fx.id);
        break;
      case 'create':
        createSession(this, fx.id);
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
        // One the visitor cannot see (panel closed or minimized) is counted on the launcher, by the notices chunk.
        if (this.say && unseen(this.modes.mode)) {
          this.notices((m) =>
            (this.unread ??= new m.UnreadCounter(
              m.unreadBadge(this.shown!, this.words!, () => this.modes.mode, this.say!, this.features),
            )).add(this.modes.mode)
          );
        }
        // Reads a new answer aloud when `features.ttsAuto` is on.
        if (this.features.ttsAuto && this.speaker && this.shown) this.speaker.speak(fx.id, this.shown.textOf(fx.id));
        break;
    }
  }

  /** The conversation was dropped: the request in flight, reading aloud, used buttons, the log. */
  private reset(welcome: boolean): void {
    this.speaker?.stop();
    this.buttons.forget();
    this.delivery.abort();
    this.shown?.clear();
    this.shown?.typing(false);
    this.shown?.error(null);
    this.shown?.showWelcome(welcome);
  }

  // ---------------------------------------------------------------- start-up and view

  private async start(): Promise<void> {
    clearTimeout(this.initTimer);
    if (this.dead || this.shown || this.starting) return;
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
      if (!this.dead) {
        this.initTimer = setTimeout(() => void this.start(), Math.min(300_000, 15_000 * 2 ** this.initTries++));
      }
      return;
    }
    this.starting = false;
    if (this.dead || this.shown) return;
    this.apply({ type: 'resumed', session: res.session });
    this.words = res.labels;
    const e = res.experience;
    this.features = features(this.config, e.features);
    this.buttons.setWelcome(e.messages?.welcomeActions?.actions);
    this.buttons.renewOn = e.session?.newSessionOnEvent ?? [];
    ({ voice: this.voice, speaker: this.speaker } = widgetSpeech(this, this.language, this.features));
    this.mount(res);
    // Messages kept from before a reload go out now (not only on the next 'online' event).
    this.delivery.pump();
  }

  /** Mounts the server-rendered shell and shows the conversation. */
  private mount(res: InitResponse): void {
    const e = res.experience;
    const f = this.features;
    const view = this.shown = new View(
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
        tool: (id, tool) => void useTool(this, this.speaker, id, tool),
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
    // The microphone shows where speech recognition exists and the feature is on.
    view.el('voice').hidden = !this.voice;
    view.welcomeUsed((id) => this.buttons.isUsed(`welcome:${id}`));
    this.disclaimer.mount(view, e.disclaimer);
    for (const m of this.model.messages) view.render(m);
    if (this.modes.mode !== 'closed') view.focusInput();
    this.early.takeOver(view, e.theme, res.labels, (text) => this.sendMessage(text));
    this.say = announcer(view);
    // The experience's teaser (beside the launcher, so not embedded), or one asked for before the shell mounted.
    if ((e.teaser && !this.embedded) || this.teaser) this.teased((t) => t.plan(e.teaser));
  }

  /** Runs `use` with the notices chunk (teaser, unread badge), its styles added to the mounted view. */
  private notices(use: (m: typeof Notices) => void): void {
    using<typeof Notices>(this, 'notices', (m) => {
      if (this.shown) m.style(this.shown.root);
      use(m);
    });
  }

  /** Runs `use` with the teaser, made when first needed. */
  private teased(use: (t: Teaser) => void): void {
    this.notices((m) =>
      use(
        this.teaser ??= new m.Teaser(
          this,
          this.notes,
          this.modes,
          (owner, id) => this.buttons.run(owner, id),
          (text) => this.say?.(text),
        ),
      )
    );
  }

  private focusInput(): void {
    if (this.shown) this.shown.focusInput();
    else this.early.skeleton?.focus();
  }

  /** Shows a view mode: the panel, the unread count (cleared on open), a teaser (into the conversation on open). */
  private setMode(mode: ViewMode): void {
    this.shown?.setMode(mode);
    this.early.skeleton?.setMode(mode);
    this.unread?.mode(mode);
    this.teaser?.modeChanged(mode);
  }

  private connectivity(): void {
    const online = navigator.onLine;
    this.shown?.offline(!online);
    if (!online) return;
    if (!this.shown) void this.start();
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
    if (this.dead || !isObject(s)) return;
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
  emit<E extends WidgetEventName>(name: E, payload: Omit<WidgetEventMap[E], 'timestamp'>): void {
    if (this.dead) return;
    const p = payload as { sessionId?: string | null };
    const id = this.model.sessionId;
    if (!('sessionId' in p) && id) p.sessionId = id;
    this.events.emit(name, payload);
  }

  fail(type: ErrorType, message: string, details?: Record<string, unknown>): void {
    this.emit('error', { type, message, details });
  }

  /** `error` for a failed API call (`timeout`/`backend`, status, problem type) or any other exception (`unknown`). */
  reportApi(e: unknown, details: Record<string, unknown>): void {
    this.emit('error', errorEvent(e, details));
  }
}
