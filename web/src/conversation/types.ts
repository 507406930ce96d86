/** The conversation model's vocabulary: its state's parts, the events it applies and the effects it returns. */
import type { SessionStartMetadata, WidgetAction, WidgetEventMap, WidgetEventName } from '../types';
import type { HistoryMessage, SessionEventData } from '../model';

/** One message as the conversation holds it and the view shows it. */
export interface Msg {
  id: string;
  /** `note`: a line from the widget itself (e.g. after a handover request, or a divider). */
  role: 'user' | 'bot' | 'note';
  /** A note that divides two sessions, by the label it shows. */
  divider?: 'newConversation' | 'conversationEnded';
  text: string;
  /** Trusted server-rendered HTML of a completed answer. */
  html?: string;
  /** `streaming`: answer text still arriving; `queued`: waiting for the network; `failed`: not sent, retryable. */
  state?: 'streaming' | 'queued' | 'failed';
  /** An answer is placed right after its question (later questions may already be on screen). */
  after?: string;
  /** The stored answer's id on the server (feedback needs it). */
  messageId?: string;
  /** The session the answer is stored in. */
  sessionId?: string;
  /** Buttons offered with the answer. */
  actions?: WidgetAction[];
  /** The visitor's rating of the answer. */
  rating?: 'up' | 'down';
  /** Answered by the message interceptor, in the page (shown as text). */
  local?: boolean;
}

/** A message waiting to be sent or being sent; persisted so a reload or an outage never loses it. */
export interface Pending {
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
export type SyncMessage =
  | { t: 'session'; id: string | null; at: number }
  | { t: 'reset'; id: string | null; at: number; welcome: boolean }
  | { t: 'msg'; m: Msg }
  | { t: 'disclaimer'; key: string }
  | { t: 'used'; key: string };

/** Why a session starts, as `sessionStart.metadata` says it (without the experience id, which the widget adds). */
export type StartMetadata = Omit<SessionStartMetadata, 'experienceId'>;

/** The session snapshot of `POST /widget/init`. */
export interface Snapshot {
  id: string;
  status: string;
  createdAt: string;
  messageCount: number;
  messages: HistoryMessage[];
}

/** Everything that can change the conversation. Each one comes from start-up, the visitor, the stream or a tab. */
export type ConversationEvent =
  /** `POST /widget/init` answered: resume the session it describes, or forget a stored one it no longer has. */
  | { type: 'resumed'; session?: Snapshot }
  /** The visitor sent a message: it joins the outbox (and opens a session when none is active). */
  | { type: 'sent'; text: string }
  /** Something that needs a session (a handover, voice input) happens: opens one when none is active. */
  | { type: 'sessionNeeded'; trigger: 'handover' | 'voice' }
  /** The next waiting message goes out now. */
  | { type: 'sending'; queryId: string }
  /** The browser is offline: the waiting messages show so. */
  | { type: 'waiting' }
  /** The interceptor saw a message (and may have replaced its text or added metadata). */
  | { type: 'intercepted'; queryId: string; send?: string; meta?: Record<string, unknown> }
  /**
   * The stream's `session` event: the server created the session or rolled it over to a new one (the bot may carry the
   * message into a new one); after the answer, the bot ended the session.
   */
  | { type: 'sessionChanged'; queryId: string; data: SessionEventData }
  | { type: 'chunk'; queryId: string; chunk: string }
  /** The answer is complete (from the server, or `local` from the interceptor). */
  | {
    type: 'completed';
    queryId: string;
    answer: string;
    html?: string;
    messageId?: string;
    actions?: WidgetAction[];
    local?: boolean;
    duration: number;
  }
  /** Sending failed after retries; `offline`: it waits for the network instead of being marked "Not sent". */
  | { type: 'failed'; queryId: string; offline: boolean }
  /** The visitor retries one failed message, or all of them. */
  | { type: 'retried'; queryId?: string }
  /** A `session.newSessionOnEvent` button ran: the next message starts a new session. */
  | { type: 'renewNext' }
  /** `clearChat()`: ends the session; the next message opens a new one. */
  | { type: 'cleared' }
  /** `startNewSession(id)`: ends the session and starts `id` at once (the server confirms or refuses it later). */
  | { type: 'newSession'; id: string }
  /** The server created the session of `newSession`: now other tabs may join it. */
  | { type: 'sessionCreated'; id: string }
  /** The server refused the id of `newSession` (409): it is forgotten and the next message opens a fresh session. */
  | { type: 'newSessionRefused'; id: string }
  /** A line from the widget itself (e.g. "a person was asked for"). */
  | { type: 'noted'; id: string; text: string }
  /** The visitor opened a teaser: its text becomes an assistant message of this page (not stored, no events). */
  | { type: 'teased'; id: string; text: string; actions: WidgetAction[] }
  /** The visitor rated an answer (or a failed rating is undone). */
  | { type: 'rated'; id: string; rating: 'up' | 'down' | undefined }
  /** Another tab showing this widget changed something. */
  | { type: 'tabSync'; message: SyncMessage };

/** A public event the model wants emitted, typed by name. */
export type Emit = {
  [E in WidgetEventName]: { type: 'emit'; name: E; payload: Omit<WidgetEventMap[E], 'timestamp'> };
}[WidgetEventName];

/** What the widget must do after an event, in this order: the model never touches the DOM, storage or network. */
export type Effect =
  | Emit
  /** Show a message (added or updated in place); `broadcast`: other tabs show it too. */
  | { type: 'render'; msg: Msg; broadcast?: boolean }
  | { type: 'remove'; id: string }
  /** The conversation was dropped: stop the request in flight and reading aloud, empty the log, forget used buttons. */
  | { type: 'reset'; welcome: boolean }
  /** The current session id changed: store it (null: forget it). */
  | { type: 'session'; id: string | null }
  /** `sessionStart` was emitted for `id`: remember it across reloads so it is never announced twice. */
  | { type: 'announced'; id: string }
  /** Complete the ended session on the server. */
  | { type: 'ended'; id: string }
  /** Create the session of `startNewSession` on the server. */
  | { type: 'create'; id: string }
  /** The outbox changed: store it. */
  | { type: 'outbox' }
  /** One-time buttons of an ended or forgotten session become usable again. */
  | { type: 'forgetUsed' }
  /** Tell the other tabs. */
  | { type: 'sync'; message: SyncMessage }
  /** An answer was completed in this tab (read it aloud when asked to). */
  | { type: 'answered'; id: string };
