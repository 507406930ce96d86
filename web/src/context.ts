/** What the widget's feature modules (buttons, answer controls, handover, speech) may use of their widget. */
import type { Api } from './api';
import type { Conversation } from './conversation/model';
import type { ConversationEvent } from './conversation/types';
import type { Labels } from './model';
import type { ErrorType, WidgetConfig, WidgetEventMap, WidgetEventName } from './types';
import type { View } from './ui/view';

/** One widget instance as its feature modules see it: the conversation, the view, events, errors, the network. */
export interface WidgetContext {
  readonly config: WidgetConfig;
  readonly api: Api;
  /** Read the conversation here; change it only through {@link apply}. */
  readonly model: Conversation;
  /** The view, once init answered (undefined before, and after destroy). */
  view(): View | undefined;
  /** The widget's words, once init answered. */
  labels(): Labels;
  /** Applies a conversation event and carries out its effects; returns how many there were. */
  apply(e: ConversationEvent): number;
  /** Emits a public event (`sessionId` added where the payload has none and a session exists). */
  emit<E extends WidgetEventName>(name: E, payload: Omit<WidgetEventMap[E], 'timestamp'>): void;
  /** Sends a message as if the visitor typed it. */
  send(text: string): void;
  /** Fires `error`. */
  fail(type: ErrorType, message: string, details?: Record<string, unknown>): void;
  /** Fires `error` for a failed API call (type `timeout` or `backend`, status and problem type in `details`). */
  reportApi(e: unknown, details: Record<string, unknown>): void;
  /** Whether the widget was destroyed. */
  destroyed(): boolean;
}
