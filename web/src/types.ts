/**
 * The public contract of the Nexus Chat widget: `window.NexusChatWidget`, the config of `init(config)`, the instance
 * methods and every event payload. Names and payloads follow the product's seed documents; everything else in
 * `web/src` is internal and may change.
 */

/** Colour scheme of the widget; `auto` follows the visitor's `prefers-color-scheme`. */
export type Theme = 'light' | 'dark' | 'auto';

/**
 * Theme tokens of `init({theme: {…}})`. Each is the CSS custom property `--nexus-<name in kebab-case>` that the host page
 * may also set on the `nexus-chat-widget` element (page CSS wins); values are CSS values. Default: the experience's,
 * else the built-in look.
 */
export interface ThemeTokens {
  /** `light`, `dark` or `auto`. Default: the experience's, else `light`. */
  mode?: Theme;
  /** Accent colour: launcher, header, send button, visitor bubbles (`--nexus-primary`). */
  primary?: string;
  /** Text on the accent colour (`--nexus-on-primary`); replaced by black or white when below WCAG AA. */
  onPrimary?: string;
  /** Panel background (`--nexus-surface`); bubbles and borders are mixed from it and `text`. */
  surface?: string;
  /** Text colour (`--nexus-text`). */
  text?: string;
  /** Font stack, e.g. a font the page already loads (`--nexus-font-family`). */
  fontFamily?: string;
  /** Base font size; the widget's other sizes follow it (`--nexus-font-size`, default `15px`). */
  fontSize?: string;
  /** Corner radius of panel and bubbles (`--nexus-radius`, default `14px`). */
  radius?: string;
  /** Floating panel width and height (`--nexus-panel-width` 380px, `--nexus-panel-height` 600px). */
  panelWidth?: string;
  panelHeight?: string;
  /** Launcher diameter (`--nexus-launcher-size`, default `56px`). */
  launcherSize?: string;
  /** Distance of launcher and panel from the viewport's edges (`--nexus-offset-x`/`-y`, default `20px`). */
  offsetX?: string;
  offsetY?: string;
}

/** Corner of the viewport the floating widget sits in. */
export type Position = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

/** `floating`: launcher button plus a panel over the page. `embedded`: the panel fills `container`. */
export type DisplayMode = 'floating' | 'embedded';

/**
 * What the panel shows: `closed` (only the launcher), `minimized` (only the header bar), `normal`, `maximized`
 * (most of the viewport). On phones `normal` and `maximized` are both full screen.
 */
export type ViewMode = 'closed' | 'minimized' | 'normal' | 'maximized';

/** How the welcome message is shown: as an assistant chat bubble, or as plain intro text above the conversation. */
export type WelcomeMessageDisplay = 'bubble' | 'inline';

/** Urgency of a handover request. */
export type HandoverPriority = 'low' | 'normal' | 'high';

/**
 * What a button does (`action` of a {@link WidgetAction}):
 * - `trigger_handover`: asks for a person; fires `handover` and records the request on the session (`priority`
 *   defaults to `normal`).
 * - `send_query`: sends `text` as if the visitor typed it.
 * - `open_url`: opens an `http(s)` URL; `target` defaults to `_blank` (opened with `noopener`). Other schemes never open.
 * - `send_event`: fires `customAction` with `eventName`, `eventData` and the button's id as `actionId`.
 */
export type ActionSpec =
  | {
    type: 'trigger_handover';
    payload: { reason: string; priority?: HandoverPriority; metadata?: Record<string, unknown> };
  }
  | { type: 'send_query'; payload: { text: string } }
  | { type: 'open_url'; payload: { url: string; target?: string } }
  | { type: 'send_event'; payload: { eventName: string; eventData?: unknown } };

/** A button under the welcome message or under an answer. */
export interface WidgetAction {
  /** Id of the button (1–64 characters); `actionId` of `customAction`. */
  id: string;
  /** Its visible label (1–100 characters), shown as text. */
  label: string;
  /** What it does. */
  action: ActionSpec;
  /** `true`: the button disables itself after its first use (remembered for the session). Default: `false`. */
  oneTime?: boolean;
}

/** A disclaimer the visitor must accept before typing. */
export interface Disclaimer {
  /** Optional heading. */
  title?: string;
  /** The text (required, shown as text). */
  text: string;
  /** Label of the accept button. Default: "Accept" in the widget's language. */
  acceptLabel?: string;
}

/** Interaction controls that can be switched on or off. */
export interface Features {
  /** Microphone button (Web Speech API), shown only where the browser supports speech recognition. Default: `true`. */
  voice?: boolean;
  /** "Read aloud" button on each answer (speechSynthesis), where supported. Default: `false`. */
  tts?: boolean;
  /** Reads every new answer aloud automatically, where supported. Default: `false`. */
  ttsAuto?: boolean;
  /** Thumbs up/down (with an optional comment) on each answer, stored on the server. Default: `true`. */
  feedback?: boolean;
  /** Copy button on each answer. Default: `true`. */
  copy?: boolean;
  /**
   * A short tone (Web Audio, no file) for a new answer while the panel is closed or minimized; never under
   * `prefers-reduced-motion: reduce`, and silent in a muted tab. Default: `false`.
   */
  sound?: boolean;
  /** Prefixes the page's title with the unread count, `(2) Title`, while there are unread answers. Default: `false`. */
  titleBadge?: boolean;
}

/**
 * Where the widget keeps its state (session id, unsent messages, used one-time buttons, remembered look, accepted
 * disclaimer): `local` (`localStorage`, shared by the site's tabs, survives the browser), `session` (`sessionStorage`,
 * this tab until it closes) or `none` (memory only: nothing survives a reload).
 */
export type StorageMode = 'local' | 'session' | 'none';

/** The GDPR-friendly setup: nothing stored and nothing relayed before consent. */
export interface ConsentOptions {
  /**
   * `true`: nothing is written to `localStorage`/`sessionStorage` (no cookies either: the widget sets none) and no
   * event reaches `POST {apiUrl}/events` until `grantConsent()`; the widget works from memory meanwhile, and relayed
   * events wait in memory and go out on grant (dropped if the page is left first). Default: `false`.
   */
  required?: boolean;
  /** With `required`: the visitor's first message (typed and sent) grants consent. Default: `false`. */
  grantOnFirstMessage?: boolean;
}

/** Options of `showTeaser(text, options)`. */
export interface TeaserOptions {
  /** Buttons under the teaser (at most 3 shown); each opens the chat and runs its action. Default: none. */
  actions?: WidgetAction[];
}

/** An outgoing visitor message as the message interceptor sees it. */
export interface OutgoingMessage {
  /** The text to send. */
  text: string;
  /** Extra data sent with the query (stored on the session when the query creates it). */
  metadata?: Record<string, unknown>;
}

/** Second argument of the message interceptor. */
export interface InterceptorContext {
  /** The session the message goes to (`null` only before a session exists). */
  sessionId: string | null;
  experienceId: string;
  /** The message's queryId (as in `messageStart`). */
  queryId: string;
}

/**
 * What the message interceptor returns: `null`/`undefined` sends the message unchanged; `{handled: false, message}`
 * sends `message` instead; `{handled: true, answer, actions?}` shows `answer` (as plain text) and `actions` as the reply
 * without calling the backend.
 */
export type InterceptorResult =
  | null
  | undefined
  | { handled: false; message: OutgoingMessage }
  | { handled: true; answer: string; actions?: WidgetAction[] };

/**
 * Sees each outgoing message before it is sent (may be `async`). If it throws or rejects, an `error` of type
 * `interceptor` fires and the message is sent unchanged.
 */
export type MessageInterceptor = (
  message: OutgoingMessage,
  context: InterceptorContext,
) => InterceptorResult | Promise<InterceptorResult>;

/**
 * Handles clicks on links with one custom protocol; `params` is parsed from the href (see `linkClick`). `event` is the
 * click, or the `keydown` (Enter/Space) when the link was activated from the keyboard.
 */
export type CustomProtocolHandler = (params: Record<string, string>, event: MouseEvent | KeyboardEvent) => void;

/** Configuration of `NexusChatWidget.init(config)`. Only `experienceId` is required. */
export interface WidgetConfig {
  /** Id of the experience configured on the server (required). */
  experienceId: string;
  /** Base URL of the REST API. Default: the origin the widget script was loaded from + `/api/v2`. */
  apiUrl?: string;
  /**
   * Session to join. Wins over the session stored for this instance, so two widgets can share one session and a
   * session created through the REST API can be handed over. Must be a UUID. Default: the stored session, if any.
   */
  sessionId?: string;
  /** Your id of the visitor; a session bound to a userId refuses another one. Default: none. */
  userId?: string;
  /**
   * Identity verification: `hex(HMAC-SHA256(secret, userId))`, computed by your backend with the experience's identity
   * secret (never put the secret in the page). Required beside `userId` when the experience sets `identity`; sent as
   * `userHash` in request bodies and as the `X-Nexus-User-Hash` header. Default: none.
   */
  userHash?: string;
  /** Colour scheme, or an object of theme tokens (with `mode`). Default: the experience's theme, else `light`. */
  theme?: Theme | ThemeTokens;
  /** Corner of the floating widget. Default: `bottom-right`. */
  position?: Position;
  /** Floating launcher + panel, or embedded into `container`. Default: `floating`. */
  mode?: DisplayMode;
  /** For `mode: 'embedded'`: the element (or a CSS selector of it) the panel fills. Default: none (required). */
  container?: HTMLElement | string;
  /** Language of the widget's labels (`en`, `de`, `fr`, `es`, `ar`, `he`; unknown → `en`). Default: `<html lang>`, else `en`. */
  locale?: string;
  /** Overrides of the experience's messages. */
  messages?: {
    /** Welcome message shown when a session starts. Default: the experience's. */
    welcomeMessage?: string;
    /** `bubble` or `inline`. Default: the experience's, else `bubble`. */
    welcomeMessageDisplay?: WelcomeMessageDisplay;
    /** Buttons under the welcome message; replaces the experience's (`{actions: []}` for none). Default: the experience's. */
    welcomeActions?: { actions: WidgetAction[] };
  };
  /**
   * A disclaimer that gates the input until accepted (remembered per experience and disclaimer text), or `false` for
   * none. Default: the experience's.
   */
  disclaimer?: Disclaimer | false;
  /**
   * Interaction controls. Defaults: `{voice: true, tts: false, ttsAuto: false, feedback: true, copy: true, sound: false,
   * titleBadge: false}`.
   */
  features?: Features;
  /**
   * `true`: this tab does not share its conversation with other tabs showing the same experience. Default: `false`
   * (tabs show the same session and messages, via BroadcastChannel, else storage events).
   */
  disableTabSync?: boolean;
  /** Tuning of the network behaviour. */
  advanced?: {
    /** Time to wait for the first byte of a response, and between two chunks of a stream. Default: 30000 ms. */
    requestTimeoutMs?: number;
    /** Retries of an idempotent call or of a query that failed before any byte arrived. Default: 2. */
    retries?: number;
    /**
     * Functions for custom protocol links in answers, by protocol with its colon: `{"tour:": (params, event) => …}`.
     * Such links never navigate. Default: none.
     */
    customProtocolHandlers?: Record<string, CustomProtocolHandler>;
    /** Sees each outgoing message first; may answer it locally or enrich it. Default: none. */
    messageInterceptor?: MessageInterceptor;
  };
  /** The events sent to the server for its webhooks and analytics tools. */
  analytics?: {
    /** Also send every event to the server's intake, `POST {apiUrl}/events` (batched, by beacon on leave). Default: `true`. */
    relay?: boolean;
  };
  /**
   * Namespace of this instance's storage (stored session id, unsent messages). Default: the experienceId, plus `#2`,
   * `#3`… for further live instances of the same experience on the page.
   */
  storageKey?: string;
  /** Where the widget keeps its state (see {@link StorageMode}). Default: `local`. */
  storage?: StorageMode;
  /** Consent before storage and relayed events (the GDPR-friendly setup). Default: not required. */
  consent?: ConsentOptions;
}

/** Fields every event payload carries. */
export interface EventBase {
  /** When the event happened, ISO 8601. */
  timestamp: string;
  /** The current session, where one exists. */
  sessionId?: string | null;
}

/** Why a session started, in `sessionStart.metadata`. */
export interface SessionStartMetadata {
  /**
   * `message` (first message without a session), `startNewSession`, `rollover` (server replaced an ended one, or the
   * bot started a new one), `handover` (a handover was requested before any message) or `voice` (voice input started
   * before any message).
   */
  trigger: 'message' | 'startNewSession' | 'rollover' | 'handover' | 'voice';
  experienceId: string;
  /**
   * For `rollover`: the session that ended, and why (`expired`, `inactivity`, `cleared`, `ended`, `resolved`, or `bot`
   * when the experience's own bot started this session).
   */
  previousSessionId?: string;
  reason?: string;
}

/** Error kinds of the `error` event. */
export type ErrorType = 'interceptor' | 'timeout' | 'backend' | 'feedback' | 'unknown';

/** Payload of each event, by event name. */
export interface WidgetEventMap {
  /** The panel became visible from `closed`. */
  open: EventBase & { sessionId: string | null };
  /** The panel was closed. */
  close: EventBase & { sessionId: string | null };
  /** The panel got smaller: to the header bar, or from maximized back to normal. `mode` is the new mode. */
  minimize: EventBase & { previousMode: ViewMode; mode: ViewMode; sessionId: string | null };
  /** The panel got bigger: maximized, or restored from the header bar. `mode` is the new mode. */
  maximize: EventBase & { previousMode: ViewMode; mode: ViewMode; sessionId: string | null };
  /** A session started (first message, `startNewSession`, a server rollover, or the experience's bot). */
  sessionStart: EventBase & { sessionId: string; metadata: SessionStartMetadata };
  /**
   * A session ended (`clearChat`, `startNewSession`, a server rollover, or the experience's bot). `duration` in ms since
   * its start.
   */
  sessionEnd: EventBase & { sessionId: string; duration: number; messageCount: number };
  /** The visitor or the integrator cleared the chat with `clearChat()`. */
  sessionClear: EventBase & { messageCount: number };
  /** A user message was submitted. */
  messageStart: EventBase & { message: string; queryId: string };
  /** A streamed piece of the answer arrived. */
  messageChunk: EventBase & { chunk: string; queryId: string };
  /** The answer is complete. `answer` is its Markdown text; `duration` ms from submit to completion. */
  messageComplete: EventBase & { answer: string; queryId: string; duration: number; messageId?: string };
  /** The visitor is typing (at most every 500 ms). */
  typing: EventBase & { text: string; length: number };
  /** The visitor stopped typing (1 s idle, blur or submit). */
  typingStop: EventBase & { finalText: string };
  /** The visitor rated an answer (`up`/`down`), or added a comment to the rating. Stored on the server. */
  feedback: EventBase & { rating: 'up' | 'down'; messageId: string; comment?: string };
  /** The visitor copied an answer: `content` is the copied (visible) text. */
  copy: EventBase & { content: string; messageId: string };
  /** A `send_event` button was clicked. */
  customAction: EventBase & { eventName: string; eventData: unknown; actionId: string };
  /** A handover to a person was requested (a `trigger_handover` button); also recorded on the session. */
  handover: EventBase & {
    sessionId: string;
    reason: string;
    priority: HandoverPriority;
    metadata?: Record<string, unknown>;
  };
  /** The visitor accepted the disclaimer. */
  disclaimerAccept: EventBase & { experienceId: string };
  /**
   * A link in an answer was clicked. `protocol` as `tour:`, `https:`…; `params` parsed from the href (`k=v&k2=v2` →
   * object, a bare value → `{value}`; for http(s) the query string). Only http(s), mailto and tel navigate.
   */
  linkClick: EventBase & {
    href: string;
    text: string;
    protocol: string;
    params: Record<string, string>;
    sessionId: string | null;
  };
  /** Voice input started listening, in `language` (BCP 47). */
  voiceStart: EventBase & { language: string; sessionId: string };
  /** Voice input stopped; `transcript` was put into the input. `duration` in ms. */
  voiceEnd: EventBase & { transcript: string; duration: number };
  /** Text-to-speech started reading an answer. */
  ttsStart: EventBase & { text: string; messageId: string };
  /** Text-to-speech finished or was stopped. `duration` in ms. */
  ttsEnd: EventBase & { duration: number; messageId: string };
  /** Something failed. The widget keeps working; unsent messages are kept and can be retried. */
  error: EventBase & { type: ErrorType; message: string; stack?: string; details?: Record<string, unknown> };
}

/** Names of the events emitted by this version. */
export type WidgetEventName = keyof WidgetEventMap;

/** A listener of one event. A listener that throws is reported to the console and never breaks the widget. */
export type Listener<E extends WidgetEventName> = (data: Readonly<WidgetEventMap[E]>) => void;

/** One widget on the page, returned by `NexusChatWidget.init`. */
export interface NexusChatWidgetInstance {
  /** Listens to an event; returns a function that removes the listener. Unknown names warn but are kept. */
  on<E extends WidgetEventName>(event: E, listener: Listener<E>): () => void;
  /** Removes a listener added with `on`. */
  off<E extends WidgetEventName>(event: E, listener: Listener<E>): void;
  /** Shows the panel (restoring its last size). */
  open(): void;
  /** Hides the panel; the session goes on. */
  close(): void;
  /** Collapses the panel to its header bar. */
  minimize(): void;
  /** Enlarges the panel to most of the viewport. */
  maximize(): void;
  /** Sends a message as if the visitor typed it. Kept and sent later when offline. */
  sendMessage(text: string): void;
  /**
   * Ends the current session, clears the messages, starts a new session now and shows the welcome message. Returns
   * the new session id synchronously: `sessionId` when given (must be a UUID; otherwise an `error` event fires, nothing
   * changes and `null` is returned), else a fresh `crypto.randomUUID()`.
   */
  startNewSession(sessionId?: string): string | null;
  /** Ends the current session and clears the messages; no welcome; the next message opens a new session. */
  clearChat(): void;
  /** The current session id, or `null` when there is none (before the first message, after `clearChat`). */
  getSessionId(): string | null;
  /** Removes everything this instance added to the page (DOM, listeners, timers, requests). The stored session stays. */
  destroy(): void;
  /**
   * The visitor consented (with `consent.required`): what the widget kept in memory is stored from now on, held events
   * are relayed, and the grant is remembered in the widget's storage for later page loads.
   */
  grantConsent(): void;
  /**
   * The visitor withdrew consent (or your consent manager reports none): every stored id, message and the remembered
   * grant are removed, and nothing is stored or relayed again until `grantConsent()`. The chat goes on from memory.
   */
  revokeConsent(): void;
  /**
   * Shows `text` (as text) in a small dismissible bubble beside the launcher, without moving focus; opening it opens the
   * chat with `text` as an assistant message. A teaser the visitor dismissed or opened is not shown again in this
   * browser session. While the panel is open, `text` goes straight into the conversation.
   */
  showTeaser(text: string, options?: TeaserOptions): void;
}

/** `window.NexusChatWidget`. */
export interface NexusChatWidgetGlobal {
  /** Creates a widget. Several may live on one page, each with its own storage namespace. */
  init(config: WidgetConfig): NexusChatWidgetInstance;
  /** Version of the bundle. */
  version: string;
}
