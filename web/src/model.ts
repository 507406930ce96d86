/** Shapes of the server's answers as the widget reads them (internal; the server's OpenAPI is the reference). */
import type { TeaserConfig } from './teaser';
import type { Disclaimer, Features, WidgetAction } from './types';

/** The words of the interaction controls (feedback, copy, voice, read aloud…). */
export interface ControlLabels {
  helpful: string;
  notHelpful: string;
  copy: string;
  copied: string;
  readAloud: string;
  stopReading: string;
  voiceInput: string;
  stopVoiceInput: string;
  feedbackThanks: string;
  feedbackFailed: string;
  handoverRequested: string;
}

/** The widget's words in the visitor's language, from `POST /widget/init`. */
export interface Labels {
  openChat: string;
  /** Accessible name of the message input. */
  message: string;
  send: string;
  closeChat: string;
  minimize: string;
  restore: string;
  maximize: string;
  exitMaximize: string;
  retry: string;
  notSent: string;
  queued: string;
  typing: string;
  errorBackend: string;
  errorTimeout: string;
  you: string;
  assistant: string;
  lang: string;
  controls: ControlLabels;
  /** The dividers shown when a bot starts a new session or ends this one. */
  newConversation: string;
  conversationEnded: string;
  /** Shown when the answer engine (e.g. the integrator's bot) failed. */
  unavailable: string;
  /** The unread count beside the launcher (`{n}`: the count) and the teaser's dismiss button. */
  notices: { unread: string; dismiss: string };
}

/** One message of a resumed session. */
export interface HistoryMessage {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  html?: string;
  queryId?: string;
  actions?: WidgetAction[];
  /** The visitor's rating of an answer, absent when unrated. */
  rating?: 'up' | 'down';
}

/** Answer of `POST /widget/init`. */
export interface InitResponse {
  experience: {
    id: string;
    name: string;
    theme: { mode: string; primaryColor?: string };
    messages?: { welcomeActions?: { actions?: WidgetAction[] } };
    disclaimer?: Disclaimer;
    features?: Features;
    /** Action ids and `send_event` names after which the next message starts a new session. */
    session?: { newSessionOnEvent?: string[] };
    /** The proactive teaser beside the launcher (teaser.ts). */
    teaser?: TeaserConfig;
  };
  shellHtml: string;
  labels: Labels;
  session?: {
    id: string;
    status: string;
    createdAt: string;
    messageCount: number;
    messages: HistoryMessage[];
  };
}

/**
 * SSE `session`: before the answer, the server created a session or replaced an ended one (or the bot carried the
 * message into a new one, `reason: "bot"`); after `complete`, the bot ended the answered session (`sessionId`: the one
 * it started, or null: the next message opens one).
 */
export interface SessionEventData {
  previousSessionId: string | null;
  sessionId: string | null;
  reason: string;
}

/** SSE `complete`. */
export interface CompleteEventData {
  answer: string;
  answerHtml: string;
  queryId: string;
  messageId?: string;
  duration?: number;
  actions?: WidgetAction[];
}
